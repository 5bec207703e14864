"""A filled Excel tool as the template writer and the synthetic generator describe it (writer side);
readers give back an ingest.core.submission.Submission."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParticipantEntry:
    """One participant's column in a filled workbook (writer side)."""

    label: str  # unique within its workbook, e.g. "P03" or initials
    sector: str | None
    role_level: str | None  # "Strategic" | "Operational" | None
    enabler_scores: Mapping[str, int | None]  # "E01" → 1…5, or None when skipped
    indicator_scores: Mapping[str, int | None] = field(default_factory=dict)  # empty: did not dig deeper


@dataclass(frozen=True)
class WorkbookContent:
    """Everything a filled template holds; the template writer's input."""

    area_name: str
    assessment_year: int
    group_label: str | None
    is_synthetic: bool
    participants: tuple[ParticipantEntry, ...]

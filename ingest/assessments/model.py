"""A filled Excel tool as the template writer and the synthetic generator describe it (writer side);
readers give back an ingest.core.submission.Submission."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


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
    narrative: Narrative | None = None  # None: the sections are left blank, as in most returns


@dataclass(frozen=True)
class PriorityEntry:
    """One priority for action as written in the tool (writer side)."""

    text: str
    enabler_ids: tuple[str, ...] = ()
    owner_role: str | None = None
    review_date: date | None = None


@dataclass(frozen=True)
class Narrative:
    """What a partnership writes beyond its scores (issue #14), writer side; every part optional."""

    reflections: Mapping[str, str] = field(default_factory=dict)  # theme id → key areas where progress is needed
    evidence: Mapping[str, str] = field(default_factory=dict)  # enabler id → what is working well, the evidence
    # challenge id → (status id or None, what is within the partnership's gift or None)
    challenges: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # "overall" or a theme id → (current model id or None, aspired model id or None)
    models: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)
    priorities: tuple[PriorityEntry, ...] = ()  # up to 8

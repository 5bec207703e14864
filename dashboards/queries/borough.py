"""One borough's assessment in one year, everything its page and its take-away pack show.

The borough page, the Excel workshop pack and the HTML report all draw from `borough_report`, so
the three cannot disagree. Frames keep the marts' column names; withheld figures stay null with
their `is_suppressed` flag (the presenters turn them into the word "withheld").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboards.snapshot import Snapshot


@dataclass(frozen=True)
class Comparator:
    """A comparator group of marts.benchmark for this area and year."""

    comparator_type: str  # london | inner_outer | icb | statistical_neighbours
    comparator_code: str
    comparator_name: str


@dataclass(frozen=True)
class BoroughReport:
    area_code: str
    area_name: str
    year: int
    is_synthetic: bool
    published_at: datetime
    run_id: str
    comparators: tuple[Comparator, ...]  # every group marts.benchmark has for this area and year
    comparator: Comparator | None  # the one chosen beside London (None: London only)
    # overall and the three themes, one row each, in that order: level (overall | theme), item_id,
    # item_name, n_participants, mean_score, ci_low, ci_high, is_small_group, is_suppressed,
    # london_mean, london_n_areas, london_label, comparator_mean, comparator_n_areas,
    # comparator_label, rank, n_ranked (rank within London)
    summary: pd.DataFrame
    # the 12 enablers in tool order (every enabler, scored or not): the columns of
    # marts.enabler_maturity, plus london_mean, london_n_areas, london_label, comparator_mean,
    # comparator_n_areas, comparator_label (labels from marts.benchmark)
    enablers: pd.DataFrame
    # the indicators the partnership scored (dug deeper), in tool order: the columns of
    # marts.indicator_maturity plus enabler_name
    indicators: pd.DataFrame
    # marts.maturity_change rows whose current_year is this year (overall, themes, enablers), with
    # item_name; empty for a first assessment
    change: pd.DataFrame
    # marts.group_comparison rows for this area and year, with enabler_name
    gaps: pd.DataFrame
    # marts.response_quality rows for this area and year (the area level first, then submissions)
    response_quality: pd.DataFrame
    # marts.case_study_pointers rows for this area and year, joined to reference.case_studies'
    # issues, with enabler_name
    case_studies: pd.DataFrame
    # reference.challenges in order: challenge_id, challenge_order, challenge_name, description, examples
    challenges: pd.DataFrame


def borough_report(snap: Snapshot, area_code: str, year: int, comparator_type: str | None = None) -> BoroughReport:
    """Everything shown for one area and year; `comparator_type` picks the group beside London."""
    raise NotImplementedError  # written by the borough-profile work

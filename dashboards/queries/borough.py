"""One borough's assessment in one year, everything its page and its take-away pack show.

The borough page, the Excel workshop pack and the HTML report all draw from `borough_report`, so
the three cannot disagree. Frames keep the marts' column names; withheld figures stay null with
their `is_suppressed` flag (the presenters turn them into the word "withheld").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from dashboards.queries.borough_outcomes import latest_outcomes
from dashboards.queries.narrative import Narrative, narrative
from dashboards.snapshot import Snapshot, years
from framework.model import LONDON_REGION_CODE


@dataclass(frozen=True)
class Comparator:
    """A comparator group of marts.benchmark for this area and year."""

    comparator_type: str  # region | england | inner_outer | icb | statistical_neighbours
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
    comparator: Comparator | None  # the one chosen beside the region (None: the region only)
    # overall and the three themes, one row each, in that order: level (overall | theme), item_id,
    # item_name, n_scores, mean_score, mean_ci_low, mean_ci_high, is_small_group, is_suppressed,
    # region_mean, region_n_areas, region_label, comparator_mean, comparator_n_areas,
    # comparator_label, rank, n_ranked (rank within the region)
    summary: pd.DataFrame
    # the 12 enablers in tool order (every enabler, scored or not): the columns of
    # marts.enabler_maturity, plus region_mean, region_n_areas, region_label, comparator_mean,
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
    # the area's latest headline outcome figures (queries.borough_outcomes.latest_outcomes), for the pack
    outcomes: pd.DataFrame = field(default_factory=pd.DataFrame)
    # what the partnership said beside its scores (queries.narrative): reflections, evidence,
    # challenges, integration model, priorities, and last assessment's priorities with the change since
    narrative: Narrative = field(default_factory=Narrative)
    # the area's region (reference.areas), the benchmark always shown: E12…, its name
    region_code: str = LONDON_REGION_CODE
    region_name: str = "London"

    @property
    def in_london(self) -> bool:
        return self.region_code == LONDON_REGION_CODE

    @property
    def areas_word(self) -> str:
        """What the region's areas are called in a heading: London's boroughs, elsewhere authorities."""
        return "boroughs" if self.in_london else "authorities"


def comparators(snap: Snapshot, area_code: str, year: int) -> tuple[Comparator, ...]:
    """The comparator groups marts.benchmark has for the area and year, the region first, then
    England, Inner/Outer London, the ICB and the statistical neighbours."""
    frame = snap.query(
        """
        SELECT DISTINCT comparator_type, comparator_code, comparator_name,
            CASE comparator_type WHEN 'region' THEN 1 WHEN 'england' THEN 2 WHEN 'inner_outer' THEN 3
                WHEN 'icb' THEN 4 ELSE 5 END AS o
        FROM marts.benchmark
        WHERE area_code = ? AND assessment_year = ? AND level = 'overall'
        ORDER BY o
        """,
        [area_code, year],
    )
    return tuple(Comparator(r.comparator_type, r.comparator_code, r.comparator_name) for r in frame.itertuples())


_BENCHMARK_BESIDE = """
    LEFT JOIN marts.benchmark AS lo
        ON lo.area_code = ? AND lo.assessment_year = ? AND lo.level = {level} AND lo.item_id = {item}
        AND lo.comparator_type = 'region'
    LEFT JOIN marts.benchmark AS co
        ON co.area_code = ? AND co.assessment_year = ? AND co.level = {level} AND co.item_id = {item}
        AND co.comparator_type = ?
"""
_BENCHMARK_COLUMNS = """
    lo.comparator_mean AS region_mean, lo.n_areas AS region_n_areas,
    coalesce(lo.benchmark_label, 'Not compared') AS region_label,
    co.comparator_mean AS comparator_mean, co.n_areas AS comparator_n_areas,
    coalesce(co.benchmark_label, 'Not compared') AS comparator_label,
    lo.rank AS rank, lo.n_ranked AS n_ranked
"""


def _summary(snap: Snapshot, area_code: str, year: int, comparator_type: str | None) -> pd.DataFrame:
    beside = [area_code, year, area_code, year, comparator_type]
    return snap.query(
        f"""
        SELECT 'overall' AS level, 'overall' AS item_id, 'Overall' AS item_name, 0 AS item_order,
            m.n_scores, m.mean_score, m.mean_ci_low, m.mean_ci_high, m.is_small_group, m.is_suppressed,
            {_BENCHMARK_COLUMNS}
        FROM marts.area_maturity AS m
        {_BENCHMARK_BESIDE.format(level="'overall'", item="'overall'")}
        WHERE m.area_code = ? AND m.assessment_year = ?
        UNION ALL
        SELECT 'theme', t.theme_id, t.theme_name, t.theme_order,
            coalesce(m.n_scores, 0), m.mean_score, m.mean_ci_low, m.mean_ci_high,
            coalesce(m.is_small_group, true), coalesce(m.is_suppressed, true),
            {_BENCHMARK_COLUMNS}
        FROM reference.themes AS t
        LEFT JOIN marts.theme_maturity AS m
            ON m.theme_id = t.theme_id AND m.area_code = ? AND m.assessment_year = ?
        {_BENCHMARK_BESIDE.format(level="'theme'", item="t.theme_id")}
        ORDER BY item_order
        """,
        [*beside, area_code, year, area_code, year, *beside],
    ).drop(columns="item_order")


def _enablers(snap: Snapshot, area_code: str, year: int, comparator_type: str | None) -> pd.DataFrame:
    """Every enabler of the tool, scored or not: one with no row has no scores and is withheld."""
    return snap.query(
        f"""
        SELECT
            e.enabler_id, e.enabler_order, e.enabler_name, e.theme_id, t.theme_name,
            coalesce(m.n_scores, 0) AS n_scores, coalesce(m.n_skipped, 0) AS n_skipped,
            m.mean_score, m.median_score, m.sd_score, m.min_score, m.max_score,
            m.count_1, m.count_2, m.count_3, m.count_4, m.count_5,
            m.mean_ci_low, m.mean_ci_high, m.is_ci_clipped, m.agreement, m.consensus,
            -- the flags stay null where the mart's are (withheld, or derived for is_polarised)
            m.is_low, m.is_polarised, m.dig_deeper, coalesce(m.is_derived, false) AS is_derived,
            coalesce(m.n_submissions, 0) AS n_submissions,
            coalesce(m.is_small_group, true) AS is_small_group,
            coalesce(m.is_suppressed, true) AS is_suppressed,
            {_BENCHMARK_COLUMNS}
        FROM reference.enablers AS e
        JOIN reference.themes AS t USING (theme_id)
        LEFT JOIN marts.enabler_maturity AS m
            ON m.enabler_id = e.enabler_id AND m.area_code = ? AND m.assessment_year = ?
        {_BENCHMARK_BESIDE.format(level="'enabler'", item="e.enabler_id")}
        ORDER BY e.enabler_order
        """,
        [area_code, year, area_code, year, area_code, year, comparator_type],
    )


def _indicators(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame:
    return snap.query(
        """
        SELECT m.*, e.enabler_name, e.enabler_order
        FROM marts.indicator_maturity AS m
        JOIN reference.enablers AS e USING (enabler_id)
        WHERE m.area_code = ? AND m.assessment_year = ?
        ORDER BY e.enabler_order, m.indicator_order
        """,
        [area_code, year],
    )


def _change(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame:
    return snap.query(
        """
        SELECT c.*,
            coalesce(e.enabler_name, t.theme_name, 'Overall') AS item_name,
            CASE c.level WHEN 'overall' THEN 0 WHEN 'theme' THEN 1 ELSE 2 END AS level_order,
            coalesce(e.enabler_order, t.theme_order, 0) AS item_order
        FROM marts.maturity_change AS c
        LEFT JOIN reference.enablers AS e ON c.level = 'enabler' AND e.enabler_id = c.item_id
        LEFT JOIN reference.themes AS t ON c.level = 'theme' AND t.theme_id = c.item_id
        WHERE c.area_code = ? AND c.current_year = ?
        ORDER BY level_order, item_order
        """,
        [area_code, year],
    ).drop(columns=["level_order", "item_order"])


def _gaps(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame:
    return snap.query(
        """
        SELECT g.*, e.enabler_name, e.enabler_order
        FROM marts.group_comparison AS g
        JOIN reference.enablers AS e USING (enabler_id)
        WHERE g.area_code = ? AND g.assessment_year = ?
        ORDER BY g.split, g.group_label, e.enabler_order
        """,
        [area_code, year],
    )


def _response_quality(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame:
    return snap.query(
        """
        SELECT * FROM marts.response_quality
        WHERE area_code = ? AND assessment_year = ?
        ORDER BY level = 'submission', group_label NULLS FIRST, submission_id
        """,
        [area_code, year],
    )


def _case_studies(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame:
    return snap.query(
        """
        SELECT p.enabler_id, e.enabler_name, e.enabler_order, p.reason, p.box, p.title,
            c.issues, p.boroughs
        FROM marts.case_study_pointers AS p
        JOIN reference.enablers AS e USING (enabler_id)
        JOIN reference.case_studies AS c USING (box)
        WHERE p.area_code = ? AND p.assessment_year = ?
        ORDER BY e.enabler_order, p.box
        """,
        [area_code, year],
    )


def _challenges(snap: Snapshot) -> pd.DataFrame:
    return snap.query(
        "SELECT challenge_id, challenge_order, challenge_name, description, examples "
        "FROM reference.challenges ORDER BY challenge_order"
    )


def _area(snap: Snapshot, area_code: str) -> tuple[str, str, str]:
    """(area name, region code, region name) from reference.areas."""
    found = snap.query("SELECT area_name, region_code, region_name FROM reference.areas WHERE area_code = ?",
                       [area_code])
    if found.empty:
        raise LookupError(f"{area_code} is not an area of the framework")
    row = found.iloc[0]
    return str(row["area_name"]), str(row["region_code"]), str(row["region_name"])


def borough_report(snap: Snapshot, area_code: str, year: int, comparator_type: str | None = None) -> BoroughReport:
    """Everything shown for one area and year; `comparator_type` picks the group beside the area's
    region (england, inner_outer, icb or statistical_neighbours; the region itself is always shown).

    Raises LookupError when the area has no assessment that year, so a caller can say so."""
    area_name, region_code, region_name = _area(snap, area_code)
    if year not in years(snap, area_code):
        raise LookupError(f"{area_name} has no published assessment for {year}")
    groups = comparators(snap, area_code, year)
    chosen = next((g for g in groups if g.comparator_type == comparator_type and g.comparator_type != "region"), None)
    chosen_type = chosen.comparator_type if chosen else None
    info = snap.info()
    enablers = _enablers(snap, area_code, year, chosen_type)
    return BoroughReport(
        area_code=area_code,
        area_name=area_name,
        year=year,
        is_synthetic=info.is_synthetic,
        published_at=info.published_at,
        run_id=info.run_id,
        comparators=groups,
        comparator=chosen,
        summary=_summary(snap, area_code, year, chosen_type),
        enablers=enablers,
        indicators=_indicators(snap, area_code, year),
        change=_change(snap, area_code, year),
        gaps=_gaps(snap, area_code, year),
        response_quality=_response_quality(snap, area_code, year),
        case_studies=_case_studies(snap, area_code, year),
        challenges=_challenges(snap),
        outcomes=latest_outcomes(snap, area_code),
        narrative=narrative(snap, area_code, year),
        region_code=region_code,
        region_name=region_name,
    )


def scale(snap: Snapshot) -> pd.DataFrame:
    """The tool's words for each score 1–5 (reference.scale), so a legend says what a 2 means."""
    return snap.query("SELECT score, label FROM reference.scale ORDER BY score")

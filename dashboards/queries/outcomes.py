"""What the outcomes page asks of the snapshot: the outcome indicators, maturity beside each outcome
(one row per borough-year), an area's outcome over its periods beside its region and England, its
statistical neighbours' latest figures, and
the association estimates of an indicator. Frames keep the marts' column names.
"""

from __future__ import annotations

import pandas as pd

from dashboards.queries.trends import ITEMS
from dashboards.snapshot import Snapshot
from framework.model import ENGLAND_CODE

LAGS = (0, 1, 2)  # marts.maturity_outcomes: the outcome period starting 0, 1 or 2 years after the assessment year


def indicators(snap: Snapshot) -> pd.DataFrame:
    """source, indicator_id, indicator_name, unit, polarity of every headline outcome, by name."""
    return snap.query(
        """
        SELECT DISTINCT source, indicator_id, indicator_name, unit, polarity
        FROM marts.outcomes WHERE is_headline
        ORDER BY indicator_name, source, indicator_id
        """
    )


def exposures(snap: Snapshot) -> pd.DataFrame:
    """level, item_id, item_name of the maturity figures set beside outcomes, overall first, then
    the themes and the enablers in tool order (names from the reference tables)."""
    return snap.query(
        f"""
        WITH item AS ({ITEMS})
        SELECT level, item_id, item_name FROM item
        WHERE (level, item_id) IN (SELECT DISTINCT (level, item_id) FROM marts.maturity_outcomes)
        ORDER BY level_order, item_order
        """
    )


def maturity_beside_outcome(snap: Snapshot, source: str, indicator_id: str, level: str, item_id: str, lag: int) -> pd.DataFrame:
    """marts.maturity_outcomes for one outcome, exposure and lag: one row per borough-year, withheld
    maturity and missing outcomes included (the page counts them), by borough and year."""
    return snap.query(
        """
        SELECT * FROM marts.maturity_outcomes
        WHERE source = ? AND indicator_id = ? AND level = ? AND item_id = ? AND lag = ?
        ORDER BY area_name, assessment_year
        """,
        [source, indicator_id, level, item_id, lag],
    )


def outcome_trend(snap: Snapshot, area_code: str, source: str, indicator_id: str) -> pd.DataFrame:
    """The area's headline figure for each period (marts.outcomes), with its region's and England's
    (the marts' region_value / england_value) and their intervals and missing reasons from
    marts.outcome_benchmarks, in period order. region_code and region_name say which region."""
    return snap.query(
        """
        WITH benchmark AS (
            SELECT area_code, period_label, breakdown, value, lower_ci, upper_ci, missing_reason
            FROM marts.outcome_benchmarks
            WHERE source = ? AND indicator_id = ? AND is_headline
        )
        SELECT o.area_code, o.area_name, o.region_code, o.region_name, o.source, o.indicator_id,
               o.indicator_name, o.unit, o.polarity,
               o.period_label, o.period_start_year, o.period_end_year, o.period_type,
               o.value, o.lower_ci, o.upper_ci, o.count, o.denominator, o.missing_reason,
               o.region_value, r.lower_ci AS region_lower_ci, r.upper_ci AS region_upper_ci,
               r.missing_reason AS region_missing_reason,
               o.england_value, e.lower_ci AS england_lower_ci, e.upper_ci AS england_upper_ci,
               e.missing_reason AS england_missing_reason
        FROM marts.outcomes AS o
        LEFT JOIN benchmark AS r ON r.area_code = o.region_code AND r.period_label = o.period_label
            AND r.breakdown = o.breakdown
        LEFT JOIN benchmark AS e ON e.area_code = ? AND e.period_label = o.period_label AND e.breakdown = o.breakdown
        WHERE o.area_code = ? AND o.source = ? AND o.indicator_id = ? AND o.is_headline
        ORDER BY o.period_start_year, o.period_end_year, o.period_label
        """,
        [source, indicator_id, ENGLAND_CODE, area_code, source, indicator_id],
    )


def neighbour_outcomes(snap: Snapshot, area_code: str, source: str, indicator_id: str) -> pd.DataFrame:
    """The latest headline figure of the indicator for the area and each of its statistical neighbours
    (reference.statistical_neighbours, in rank order; the area itself first, rank 0), whether or not a
    neighbour has any maturity scores: area_code, area_name, neighbour_rank, region_name,
    has_maturity, period_label, value, lower_ci, upper_ci, missing_reason, region_value,
    england_value. A neighbour with no figure in the outcome files keeps a row with nulls."""
    return snap.query(
        """
        WITH member AS (
            SELECT ? AS area_code, 0 AS neighbour_rank
            UNION ALL
            SELECT neighbour_area_code, neighbour_rank FROM reference.statistical_neighbours
            WHERE area_code = ? AND neighbour_area_code IS NOT NULL
        ),
        latest AS (
            SELECT * FROM marts.outcomes
            WHERE source = ? AND indicator_id = ? AND is_headline
            QUALIFY row_number() OVER (
                PARTITION BY area_code ORDER BY period_start_year DESC, period_end_year DESC, period_label DESC
            ) = 1
        )
        SELECT m.area_code, a.area_name, m.neighbour_rank, a.region_name,
               m.area_code IN (SELECT area_code FROM marts.area_maturity) AS has_maturity,
               l.period_label, l.value, l.lower_ci, l.upper_ci, l.missing_reason, l.region_value, l.england_value
        FROM member AS m
        JOIN reference.areas AS a USING (area_code)
        LEFT JOIN latest AS l USING (area_code)
        ORDER BY m.neighbour_rank
        """,
        [area_code, area_code, source, indicator_id],
    )


def associations(snap: Snapshot, source: str, indicator_id: str) -> pd.DataFrame:
    """marts.outcome_associations for one indicator with the exposure's name: by method, overall
    then themes in order, then lag."""
    return snap.query(
        f"""
        WITH item AS ({ITEMS})
        SELECT coalesce(i.item_name, a.item_id) AS item_name, a.*
        FROM marts.outcome_associations AS a
        LEFT JOIN item AS i ON i.level = a.level AND i.item_id = a.item_id
        WHERE a.source = ? AND a.indicator_id = ?
        ORDER BY a.method, i.level_order, i.item_order, a.lag
        """,
        [source, indicator_id],
    )

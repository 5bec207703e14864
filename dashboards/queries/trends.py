"""What the trends page asks of the snapshot: one borough's means across years beside its region and England, the
change between its consecutive assessments and the slope over its years.

Overall, theme and enabler figures live in three marts that name their columns alike (`n_scores`,
`mean_score`, `mean_ci_low`, `mean_ci_high`), so `series` stacks them under those names and one chart
and one table serve every level. Withheld figures stay null beside their `is_suppressed` flag.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd

from dashboards.snapshot import Snapshot
from dashboards.wording import WITHHELD
from measures.trend import ALPHA, CANNOT_BE_CALCULATED

MIN_SLOPE_YEARS = 3  # marts.maturity_change gives a slope only over 3 or more published years
MIN_PUBLISHABLE_N = 3  # dbt var min_publishable_n: a pair with fewer scores in either year is withheld


class Level(StrEnum):
    OVERALL = "overall"
    THEME = "theme"
    ENABLER = "enabler"


# Every item of every level in the tool's order (level_order, item_order), with its name from the
# reference tables; shared with the outcomes queries.
ITEMS = """
    SELECT 'overall' AS level, 'overall' AS item_id, 'Overall' AS item_name, 0 AS level_order, 0 AS item_order
    UNION ALL
    SELECT 'theme', theme_id, theme_name, 1, theme_order FROM reference.themes
    UNION ALL
    SELECT 'enabler', enabler_id, enabler_id || ' ' || enabler_name, 2, enabler_order FROM reference.enablers
"""


def items(snap: Snapshot) -> pd.DataFrame:
    """level, item_id, item_name, item_order: overall, the themes and the enablers in tool order."""
    return snap.query(f"SELECT level, item_id, item_name, item_order FROM ({ITEMS}) ORDER BY level_order, item_order")


def series(snap: Snapshot, area_code: str, levels: tuple[Level, ...]) -> pd.DataFrame:
    """One row per item of `levels` and year the area was assessed, in tool order then year.

    Columns: level, item_id, item_name, level_order, item_order, assessment_year, n_scores, mean_score,
    mean_ci_low, mean_ci_high, is_small_group, is_suppressed, region_code, region_name, region_mean,
    region_n_areas, england_mean, england_n_areas. Driven by the area's years and the reference items,
    so an item nobody scored in a year appears with n 0 and withheld rather than vanishing. The
    region (the area's own, from reference.areas) and England are marts.benchmark's region and
    england comparators of this area (means of published area means, the area included) for overall
    and themes, and marts.regional_enabler_maturity for enablers."""
    return snap.query(
        f"""
        WITH item AS (SELECT * FROM ({ITEMS}) WHERE list_contains(string_split(?, ','), level)),
        assessed AS (SELECT DISTINCT assessment_year FROM marts.area_maturity WHERE area_code = ?),
        figure AS (
            SELECT 'overall' AS level, 'overall' AS item_id, assessment_year, n_scores,
                   mean_score, mean_ci_low, mean_ci_high, is_small_group, is_suppressed
            FROM marts.area_maturity WHERE area_code = ?
            UNION ALL
            SELECT 'theme', theme_id, assessment_year, n_scores, mean_score, mean_ci_low, mean_ci_high,
                   is_small_group, is_suppressed
            FROM marts.theme_maturity WHERE area_code = ?
            UNION ALL
            SELECT 'enabler', enabler_id, assessment_year, n_scores, mean_score, mean_ci_low, mean_ci_high,
                   is_small_group, is_suppressed
            FROM marts.enabler_maturity WHERE area_code = ?
        ),
        place AS (SELECT region_code, region_name FROM reference.areas WHERE area_code = ?),
        beside AS (
            SELECT level, item_id, assessment_year, comparator_type, comparator_mean AS mean, n_areas
            FROM marts.benchmark
            WHERE area_code = ? AND comparator_type IN ('region', 'england') AND level <> 'enabler'
            UNION ALL
            SELECT 'enabler', enabler_id, assessment_year,
                   CASE geography WHEN 'country' THEN 'england' ELSE 'region' END, mean_of_area_means, n_areas
            FROM marts.regional_enabler_maturity
            WHERE geography = 'country' OR region_code = (SELECT region_code FROM place)
        )
        SELECT i.level, i.item_id, i.item_name, i.level_order, i.item_order, a.assessment_year::INTEGER AS assessment_year,
               coalesce(f.n_scores, 0) AS n_scores, f.mean_score, f.mean_ci_low, f.mean_ci_high,
               coalesce(f.is_small_group, true) AS is_small_group,
               coalesce(f.is_suppressed, true) AS is_suppressed,
               p.region_code, p.region_name,
               r.mean AS region_mean, coalesce(r.n_areas, 0) AS region_n_areas,
               e.mean AS england_mean, coalesce(e.n_areas, 0) AS england_n_areas
        FROM item AS i CROSS JOIN assessed AS a CROSS JOIN place AS p
        LEFT JOIN figure AS f ON f.level = i.level AND f.item_id = i.item_id AND f.assessment_year = a.assessment_year
        LEFT JOIN beside AS r ON r.comparator_type = 'region' AND r.level = i.level AND r.item_id = i.item_id
            AND r.assessment_year = a.assessment_year
        LEFT JOIN beside AS e ON e.comparator_type = 'england' AND e.level = i.level AND e.item_id = i.item_id
            AND e.assessment_year = a.assessment_year
        ORDER BY i.level_order, i.item_order, a.assessment_year
        """,
        [_joined(levels), area_code, area_code, area_code, area_code, area_code, area_code],
    )


def changes(snap: Snapshot, area_code: str, levels: tuple[Level, ...]) -> pd.DataFrame:
    """marts.maturity_change for the area's items of `levels` (every pair of consecutive
    assessments), with item_name and item_order, in tool order then year."""
    return snap.query(
        f"""
        SELECT i.item_name, i.level_order, i.item_order, c.*
        FROM marts.maturity_change AS c
        JOIN ({ITEMS}) AS i ON i.level = c.level AND i.item_id = c.item_id
        WHERE c.area_code = ? AND list_contains(string_split(?, ','), c.level)
        ORDER BY i.level_order, i.item_order, c.current_year
        """,
        [area_code, _joined(levels)],
    )


def _joined(levels: tuple[Level, ...]) -> str:
    """The levels as one hashable query parameter (the snapshot memo keys on the parameters)."""
    return ",".join(str(level) for level in levels)


def latest_slopes(changes_frame: pd.DataFrame) -> pd.DataFrame:
    """Each item's slope over all its years: the row of its latest pair, whose slope runs over every
    published year up to then (the mart's definition)."""
    latest = changes_frame.sort_values("current_year").groupby(["level", "item_id"], sort=False).tail(1)
    return latest.sort_values(["level_order", "item_order"]).reset_index(drop=True)


def cannot_be_calculated_reason(changes_frame: pd.DataFrame) -> pd.Series:
    """Why the mart's direction is "cannot be calculated" (empty for the other labels), read off
    the mart's own columns as docs/measures.md explains the label: a year with fewer than 3 scores
    (the pair is withheld), or groups so small that even the largest possible difference could not
    reach p < 0.05 (`minimum_achievable_p` of 0.05 or more)."""
    frame = changes_frame
    previous, current = frame["previous_year"].astype(str), frame["current_year"].astype(str)
    few_before, few_after = frame["previous_n"] < MIN_PUBLISHABLE_N, frame["current_n"] < MIN_PUBLISHABLE_N
    withheld = np.select(
        [few_before & few_after, few_before, few_after],
        [f"{WITHHELD} in " + previous + " and " + current, f"{WITHHELD} in " + previous, f"{WITHHELD} in " + current],
        default=WITHHELD,
    )
    floor = frame["minimum_achievable_p"].map(lambda p: "—" if pd.isna(p) else f"{p:.3f}")
    unreachable = (
        "groups of " + frame["previous_n"].astype(str) + " and " + frame["current_n"].astype(str)
        + " people: even the largest possible difference could not reach p < 0.05 (smallest achievable p "
        + floor + ")"
    )
    reason = np.where(frame["is_suppressed"], withheld, np.where(frame["minimum_achievable_p"] >= ALPHA, unreachable, ""))
    return pd.Series(reason, index=frame.index, dtype="string").where(frame["direction"] == CANNOT_BE_CALCULATED, "")

"""What the overview asks of the snapshot: every area's result in a region (or all England) for
one year and item, the area × enabler grid, the region's and England's values, and the groups of
London's boroughs a reader can restrict to.

Every authority of the region that existed that year has a row (London's with its tile), so an area
that sent no return that year is still drawn, as "no return", and never silently dropped;
`has_return` tells the two apart (its figures are null and it is neither withheld nor a small
group). A withheld figure keeps its null mean with `is_suppressed`; the presenters word it. England
as a whole lists the authorities assessed that year (every authority in England would be 150 rows
of "no return").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards.snapshot import Snapshot
from framework.icb_as_at import icbs_as_at_year
from framework.model import ENGLAND_CODE, LONDON_REGION_CODE

OVERALL = "overall"
OVERALL_NAME = "Overall maturity"
LONDON_GROUP = "region"  # marts.benchmark's comparator_type for an area's own region (London's, here)
GROUP_KINDS = (LONDON_GROUP, "inner_outer", "icb", "statistical_neighbours")  # in the order offered
LONDON = LONDON_REGION_CODE
ENGLAND = ENGLAND_CODE
_VALID = "(a.first_year IS NULL OR a.first_year <= {year}) AND (a.last_year IS NULL OR a.last_year >= {year})"

# level → (mart, its item column); all three name their n and interval as marts.benchmark does.
_MARTS = {
    "overall": ("marts.area_maturity", None),
    "theme": ("marts.theme_maturity", "theme_id"),
    "enabler": ("marts.enabler_maturity", "enabler_id"),
}


@dataclass(frozen=True)
class Item:
    """What the overview maps: overall maturity, a theme or an enabler (marts.benchmark's level
    and item_id)."""

    level: str  # overall | theme | enabler
    item_id: str  # "overall", a theme id, E01 …
    name: str  # from the reference tables


@dataclass(frozen=True)
class AreaGroup:
    """Boroughs a reader can restrict the overview to; `kind` is marts.benchmark's comparator_type."""

    kind: str  # region (all London) | inner_outer | icb | statistical_neighbours
    code: str
    name: str
    members: frozenset[str]  # GSS codes of the London authorities in the group
    outside_london: int = 0  # statistical neighbours outside London, which have no data here
    borough: str = ""  # statistical neighbours: the name of the borough whose group it is


@dataclass(frozen=True)
class Region:
    """A region the overview can show: an ONS region (E12…) or England as a whole (E92000001)."""

    code: str
    name: str

    @property
    def is_london(self) -> bool:
        return self.code == LONDON

    @property
    def is_england(self) -> bool:
        return self.code == ENGLAND

    @property
    def comparator_type(self) -> str:
        """marts.benchmark's comparator the areas shown are labelled and ranked against."""
        return "england" if self.is_england else "region"


@dataclass(frozen=True)
class RegionValue:
    """A region's (or England's) value for a year and item, as marts.benchmark computes it: the mean
    of the published area means, each area once; withheld areas left out."""

    mean: float | None
    n_areas: int  # areas with a published mean
    n_members: int  # the region's authorities that year
    name: str = "London"


def regions(snap: Snapshot) -> list[Region]:
    """The regions with an assessed area in the snapshot, London first when it has one, the rest by
    name, then England as a whole."""
    frame = snap.query(
        """
        SELECT DISTINCT a.region_code, a.region_name
        FROM reference.areas AS a
        WHERE a.area_code IN (SELECT area_code FROM marts.area_maturity)
        ORDER BY a.region_code <> ?, a.region_name
        """,
        [LONDON],
    )
    found = [Region(r.region_code, r.region_name) for r in frame.itertuples()]
    return [*found, Region(ENGLAND, "England")] if found else []


def items(snap: Snapshot) -> list[Item]:
    """Overall, the themes, then the enablers, each in the tool's order."""
    themes = snap.query("SELECT theme_id, theme_name FROM reference.themes ORDER BY theme_order")
    enablers = snap.query("SELECT enabler_id, enabler_name FROM reference.enablers ORDER BY enabler_order")
    return [
        Item(OVERALL, OVERALL, OVERALL_NAME),
        *(Item("theme", t.theme_id, t.theme_name) for t in themes.itertuples()),
        *(Item("enabler", e.enabler_id, f"{e.enabler_id} {e.enabler_name}") for e in enablers.itertuples()),
    ]


def area_results(snap: Snapshot, year: int, item: Item, region: str = LONDON) -> pd.DataFrame:
    """One row per authority of `region` that year (London's with their tiles; England: those with
    a return) for the year and item, in name order.

    Columns: area_code, area_name, region_name, inner_outer, short_name, tile_row, tile_col,
    has_return, n_scores, mean_score, mean_ci_low, mean_ci_high, is_small_group, is_suppressed (the
    maturity mart's figures), and from marts.benchmark against the region (England: against
    England): benchmark_label, comparator_mean, n_areas, rank, n_ranked."""
    mart, item_column = _MARTS[item.level]
    item_filter, item_param = (f"AND m.{item_column} = ?", [item.item_id]) if item_column else ("", [])
    comparator = "england" if region == ENGLAND else "region"
    if region == LONDON:
        areas, where, where_param = "JOIN reference.tiles AS t USING (area_code)", "a.region_code = ?", [region]
    elif region == ENGLAND:
        areas, where, where_param = "LEFT JOIN reference.tiles AS t USING (area_code)", "m.area_code IS NOT NULL", []
    else:
        areas = "LEFT JOIN reference.tiles AS t USING (area_code)"
        where, where_param = f"a.region_code = ? AND {_VALID.format(year=int(year))}", [region]
    return snap.query(
        f"""
        SELECT
            a.area_code, a.area_name, a.region_name, a.inner_outer, coalesce(t.short_name, a.area_name) AS short_name,
            t.tile_row, t.tile_col,
            m.area_code IS NOT NULL AS has_return,
            m.n_scores, m.mean_score, m.mean_ci_low, m.mean_ci_high,
            coalesce(m.is_small_group, false) AS is_small_group,
            coalesce(m.is_suppressed, false) AS is_suppressed,
            b.benchmark_label, b.comparator_mean, b.n_areas, b.rank, b.n_ranked
        FROM reference.areas AS a
        {areas}
        LEFT JOIN {mart} AS m
            ON m.area_code = a.area_code AND m.assessment_year = ? {item_filter}
        LEFT JOIN marts.benchmark AS b
            ON b.area_code = a.area_code AND b.assessment_year = ? AND b.level = ? AND b.item_id = ?
            AND b.comparator_type = '{comparator}'
        WHERE {where}
        ORDER BY a.area_name
        """,
        [int(year), *item_param, int(year), item.level, item.item_id, *where_param],
    )


def region_value(snap: Snapshot, year: int, item: Item, region: str = LONDON) -> RegionValue:
    """The region's value (the same on every one of its areas' region rows of marts.benchmark), or
    England's (its england rows). n_members counts the region's authorities that year."""
    comparator = "england" if region == ENGLAND else "region"
    row = snap.query(
        f"""
        SELECT any_value(comparator_mean) AS mean, coalesce(max(n_areas), 0) AS n_areas,
               (SELECT count(*) FROM reference.areas AS a
                WHERE (a.region_code = ? OR ? = '{ENGLAND}') AND {_VALID.format(year=int(year))}) AS n_members,
               coalesce(any_value(comparator_name),
                        (SELECT any_value(region_name) FROM reference.areas WHERE region_code = ?),
                        'England') AS name
        FROM marts.benchmark
        WHERE assessment_year = ? AND level = ? AND item_id = ? AND comparator_type = '{comparator}'
            AND comparator_code = ?
        """,
        [region, region, region, int(year), item.level, item.item_id, region],
    ).iloc[0]
    mean = None if pd.isna(row["mean"]) else float(row["mean"])
    return RegionValue(mean, int(row["n_areas"]), int(row["n_members"]), str(row["name"]))


def enabler_grid(snap: Snapshot, year: int, region: str = LONDON) -> pd.DataFrame:
    """Every authority of `region` (all England's for England) × the 12 enablers for the year, areas
    in name order, enablers in the tool's order: area_code, area_name, enabler_id, enabler_order,
    enabler_name, has_return, n_scores, mean_score, is_small_group, is_suppressed."""
    return snap.query(
        """
        SELECT
            a.area_code, a.area_name, e.enabler_id, e.enabler_order, e.enabler_name,
            m.area_code IS NOT NULL AS has_return,
            m.n_scores, m.mean_score,
            coalesce(m.is_small_group, false) AS is_small_group,
            coalesce(m.is_suppressed, false) AS is_suppressed
        FROM reference.areas AS a
        CROSS JOIN reference.enablers AS e
        LEFT JOIN marts.enabler_maturity AS m
            ON m.area_code = a.area_code AND m.enabler_id = e.enabler_id AND m.assessment_year = ?
        WHERE a.region_code = ? OR ? = ?
        ORDER BY a.area_name, e.enabler_order
        """,
        [int(year), region, region, ENGLAND],
    )


def area_groups(snap: Snapshot, year: int) -> list[AreaGroup]:
    """London; Inner and Outer London; each ICB as at the year (framework.icb_as_at, the rule the
    benchmark uses); each borough's statistical neighbours in London, when a neighbours file was
    supplied (the borough itself first among its members, as in marts.benchmark)."""
    areas = snap.query("SELECT area_code, area_name, inner_outer FROM reference.areas WHERE region_code = ? "
                       "ORDER BY area_name", [LONDON])
    groups = [AreaGroup(LONDON_GROUP, LONDON, "London", frozenset(areas["area_code"]))]
    groups += [
        AreaGroup("inner_outer", region, region, frozenset(members["area_code"]))
        for region, members in areas.groupby("inner_outer", sort=True)
    ]
    icbs = icbs_as_at_year(snap.query("SELECT * FROM reference.area_icbs"), year)
    icbs = icbs[icbs["area_code"].isin(areas["area_code"])]  # London's ICBs: the groups are of boroughs
    groups += [
        AreaGroup("icb", code, name, frozenset(members["area_code"]))
        for (code, name), members in icbs.groupby(["icb_code", "icb_name"], sort=False)
    ]
    neighbours = snap.query(
        """
        SELECT s.area_code, a.area_name,
               coalesce(list(n.area_code) FILTER (WHERE n.area_code IS NOT NULL), []::VARCHAR[]) AS in_london,
               count(*) FILTER (WHERE n.area_code IS NULL) AS outside_london
        FROM reference.statistical_neighbours AS s
        JOIN reference.areas AS a ON a.area_code = s.area_code AND a.region_code = ?
        LEFT JOIN reference.areas AS n
            ON n.area_code = s.neighbour_area_code AND n.region_code = ?  -- a London neighbour
        GROUP BY ALL
        ORDER BY a.area_name
        """,
        [LONDON, LONDON],
    )
    groups += [
        AreaGroup(
            "statistical_neighbours", row.area_code, f"Statistical neighbours of {row.area_name}",
            frozenset([row.area_code, *row.in_london]),
            int(row.outside_london), row.area_name,
        )
        for row in neighbours.itertuples()
    ]
    return sorted(groups, key=lambda g: (GROUP_KINDS.index(g.kind), g.name))

"""The overview, the landing page, for regional analysts: for a region chosen (London first, any
region with assessed areas, or England as a whole), every area for one year and one item (overall, a
theme or an enabler), ranked with its 95 % interval against the region, and every area × enabler
in a heat map. London keeps its tile map and its restrictions to Inner or Outer London, an ICB or
a borough's statistical neighbours; elsewhere the ranked dot plot carries the region's line and
England's, and the region's and England's values are given with the number of areas in each.

The restriction chooses which boroughs are drawn; it never changes what they are compared with.
London's value, each label and each rank are marts.benchmark's against all London, so a borough's
colour does not change when its neighbours are filtered out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.charts.caterpillar import caterpillar, ranked
from dashboards.charts.challenges import STATUS_STYLE, prevalence_bars
from dashboards.charts.heatmap import heatmap
from dashboards.charts.tile_map import ColourBy, tile_map
from dashboards.components import Context, chart, choose, choose_year
from dashboards.queries import narrative
from dashboards.queries import overview as queries
from dashboards.queries.overview import AreaGroup, Item
from dashboards.wording import (
    NO_DATA,
    NO_RESULTS,
    NOT_COLLECTED,
    PREVALENCE_NOTE,
    SCALE_NOTE,
    SMALL_GROUP,
    SUPPRESSION_NOTE,
    WITHHELD,
    interval,
    number,
)
from framework import load_framework

COLOUR_BY = {ColourBy.MEAN: "Mean (1–5 scale)", ColourBy.LABEL: "Compared with London"}
ALL_LONDON = "All London"
AN_ICB = "icb"
NEIGHBOURS = "statistical_neighbours"
SHOWN_LABELS = {
    queries.LONDON_GROUP: ALL_LONDON, AN_ICB: "An ICB", NEIGHBOURS: "A borough and its statistical neighbours",
}
LONDON_NOTE = (
    "London's value is the mean of the published borough means for the year and item, each borough "
    "counted once whatever its number of participants; withheld boroughs are left out. A borough is "
    "“Higher” or “Lower” than London when its whole 95 % interval lies above or below London's "
    "value, “Similar” when the interval contains it; ranks are among the boroughs with a published "
    "mean (1 = highest, ties sharing a rank)."
)


def render(ctx: Context) -> None:
    regions = {r.code: r for r in queries.regions(ctx.snap)}
    if not regions:
        st.header("Overview")
        st.info(NO_RESULTS)
        return
    region_column, _ = st.columns([2, 4])
    region = regions[choose("Region", "region", list(regions), lambda c: regions[c].name, container=region_column)]
    if not region.is_london:
        _render_region(ctx, region)
        return
    st.header("London overview")
    items = {item.item_id: item for item in queries.items(ctx.snap)}
    year_column, item_column, colour_column = st.columns([1, 3, 2])
    year = choose_year(ctx, container=year_column)
    if year is None:
        st.info(NO_RESULTS)
        return
    item = items[choose("Item", "item", list(items), lambda i: _item_label(items[i]), container=item_column)]
    colour_by = ColourBy(choose("Colour tiles by", "colour", list(COLOUR_BY), COLOUR_BY.__getitem__,
                                container=colour_column))
    group = _choose_group(ctx, year)

    results = queries.area_results(ctx.snap, year, item)
    london = queries.region_value(ctx.snap, year, item, queries.LONDON)
    shown = results[results["area_code"].isin(group.members)]
    st.caption(_shown_caption(group, shown, london))

    st.subheader(f"{item.name}, {year}")
    chart(tile_map(shown, colour_by, grid=results), borough_table(shown),
          f"London overview {item.name} {year} tile map", ctx, key="tiles")

    st.subheader(f"Boroughs ranked, {item.name}, {year}")
    st.caption(
        "Each dot is a borough's mean with its 95 % interval; the dashed line is London's value. "
        "Boroughs whose figure is withheld, or that sent no return, are listed at the foot and not ranked."
    )
    chart(caterpillar(shown, london.mean), ranking_table(shown),
          f"London overview {item.name} {year} ranking", ctx, key="ranking")

    st.subheader(f"Every enabler, {year}")
    grid = queries.enabler_grid(ctx.snap, year)
    grid = grid[grid["area_code"].isin(group.members)]
    chart(heatmap(grid), heatmap_table(grid), f"London overview enablers {year} heat map", ctx, key="heatmap")

    _challenges(ctx, year, region)

    st.caption(SCALE_NOTE)
    st.caption(SUPPRESSION_NOTE)
    st.caption(LONDON_NOTE)


def region_note(region: queries.Region) -> str:
    """How the region's value, the labels and the ranks are made, in the region's words."""
    name = region.name
    return (
        f"{name}'s value is the mean of the published means of its authorities for the year and item, each "
        f"authority counted once whatever its number of participants; withheld authorities are left out. An "
        f"authority is “Higher” or “Lower” than {name} when its whole 95 % interval lies above or below "
        f"{name}'s value, “Similar” when the interval contains it; ranks are among the authorities with a "
        "published mean (1 = highest, ties sharing a rank). England's value is the same mean over every "
        "authority in England assessed that year."
    )


def _value_text(value: queries.RegionValue, what: str) -> str:
    figure = "no value" if value.mean is None else f"{value.mean:.2f}"
    return f"{value.name}'s value {figure}, from {value.n_areas} of its {value.n_members} {what}' published means"


def _render_region(ctx: Context, region: queries.Region) -> None:
    """Any region but London, or England as a whole: the region's areas ranked with their 95 %
    intervals beside the region's and England's values (no tile map: the tiles are London's), the
    heat map of those that sent a return, and the region's challenges."""
    st.header(f"{region.name} overview")
    items = {item.item_id: item for item in queries.items(ctx.snap)}
    year_column, item_column = st.columns([1, 3])
    year = choose_year(ctx, container=year_column)
    if year is None:
        st.info(NO_RESULTS)
        return
    item = items[choose("Item", "item", list(items), lambda i: _item_label(items[i]), container=item_column)]
    results = queries.area_results(ctx.snap, year, item, region.code)
    value = queries.region_value(ctx.snap, year, item, region.code)
    england = value if region.is_england else queries.region_value(ctx.snap, year, item, queries.ENGLAND)
    shown = f"the {len(results)} authorities assessed in {year}" if region.is_england else (
        f"all {len(results)} authorities of {region.name} in {year}, {int(results['has_return'].sum())} with a return")
    values = _value_text(value, "authorities")
    if not region.is_england:
        values += f"; {_value_text(england, 'authorities')}"
    st.caption(f"Showing {shown}. {values}. Every label and every rank are against {region.name}.")

    st.subheader(f"Authorities ranked, {item.name}, {year}")
    lines = "the dotted line is England's" if region.is_england else "the dashed line is the region's value, the dotted line England's"
    st.caption(
        f"Each dot is an authority's mean with its 95 % interval; {lines}. "
        "Authorities whose figure is withheld, or that sent no return, are listed at the foot and not ranked."
    )
    figure = caterpillar(results, None if region.is_england else value.mean, london_name=region.name,
                         england=england.mean)
    chart(figure, ranking_table(results, region.name), f"{region.name} overview {item.name} {year} ranking", ctx,
          key="ranking")

    st.subheader(f"Every enabler, {year}")
    grid = queries.enabler_grid(ctx.snap, year, region.code)
    grid = grid[grid["area_code"].isin(results.loc[results["has_return"], "area_code"])]
    if grid.empty:
        st.write(f"No authority in {region.name} sent a return in {year}.")
    else:
        chart(heatmap(grid), heatmap_table(grid, "Authority"), f"{region.name} overview enablers {year} heat map",
              ctx, key="heatmap")

    _challenges(ctx, year, region)

    st.caption(SCALE_NOTE)
    st.caption(SUPPRESSION_NOTE)
    st.caption(region_note(region))


def status_labels() -> dict[str, str]:
    """The framework's words for each challenge status ("In play", …), by status id."""
    return {status.id: status.label for status in load_framework().challenge_statuses}


def _challenges(ctx: Context, year: int, region: queries.Region) -> None:
    """How many areas see each challenge in play, with the mean maturity of those that do and
    those that do not: all the region's areas (England's: all assessed), whichever are shown above."""
    st.subheader(f"Challenges in play across areas, {year}")
    frame = narrative.challenge_prevalence(ctx.snap, year)
    if frame is None:
        st.write(NOT_COLLECTED)
        return
    frame = frame[frame["region_code"] == region.code]
    if frame.empty:
        st.write(f"No area in {region.name} said which challenges were in play in {year}.")
        return
    labels = status_labels()
    for region, rows in frame.groupby("region_name", sort=True):
        if not rows["n_areas_answered"].astype(int).any():
            st.write(f"No area in {region} said which challenges were in play in {year}.")
            continue
        st.caption(PREVALENCE_NOTE)
        chart(prevalence_bars(rows, labels), prevalence_table(rows, labels),
              f"{region} challenges {year}", ctx, key=f"challenges-{region}")


def prevalence_table(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The prevalence chart's numbers, one row per challenge in the tool's order."""
    def mean(row, status: str) -> str:
        n = int(getattr(row, f"n_maturity_{status}"))
        return "—" if n == 0 else f"{number(getattr(row, f'mean_maturity_{status}'))} (n {n})"

    rows = list(frame.itertuples())
    return pd.DataFrame({
        "Challenge": [r.challenge_name for r in rows],
        "Areas answering": [int(r.n_areas_answered) for r in rows],
        **{f"{labels[status]} (areas)": [int(getattr(r, column)) for r in rows] for column, status, *_ in STATUS_STYLE},
        **{f"Mean maturity, {labels[status].lower()} (n areas)": [mean(r, status) for r in rows]
           for status in ("in_play", "not_in_play")},
    })


def _item_label(item: Item) -> str:
    return {"overall": item.name, "theme": f"Theme: {item.name}"}.get(item.level, f"Enabler {item.name}")


def _choose_group(ctx: Context, year: int) -> AreaGroup:
    """All London, Inner or Outer London, an ICB as at the year, or a borough's neighbours."""
    groups = queries.area_groups(ctx.snap, year)
    by_kind: dict[str, list[AreaGroup]] = {}
    for group in groups:
        by_kind.setdefault(group.kind, []).append(group)
    regions = {g.code: g for g in by_kind["inner_outer"]}
    options = [queries.LONDON_GROUP, *regions, AN_ICB, *([NEIGHBOURS] if NEIGHBOURS in by_kind else [])]
    shown_column, which_column = st.columns(2)
    shown = choose("Boroughs shown", "shown", options, lambda o: SHOWN_LABELS.get(o, o), container=shown_column)
    if NEIGHBOURS not in by_kind and shown != AN_ICB:
        which_column.caption("No statistical neighbours file was supplied, so there is no neighbour filter.")
    if shown in regions:
        return regions[shown]
    if shown in (AN_ICB, NEIGHBOURS):
        within = {g.code: g for g in by_kind[shown]}
        label, param = (
            ("ICB (as at 1 July of the year)", "icb") if shown == AN_ICB else ("Statistical neighbours of", "area")
        )
        code = choose(label, param, list(within), lambda c: within[c].borough or within[c].name,
                      container=which_column)
        return within[code]
    return by_kind[queries.LONDON_GROUP][0]


def _shown_caption(group: AreaGroup, shown: pd.DataFrame, london: queries.RegionValue) -> str:
    if group.kind == queries.LONDON_GROUP:
        which = f"all {len(shown)} London authorities."
    elif group.kind == NEIGHBOURS:
        listed = len(group.members) - 1 + group.outside_london
        which = (
            f"{group.borough} and its {len(group.members) - 1} statistical neighbours in London "
            f"({len(shown)} boroughs). {group.outside_london} of its {listed} neighbours are outside "
            "London and have no data here."
        )
    else:
        which = f"{group.name}: {len(shown)} boroughs."
    value = "no value" if london.mean is None else f"{london.mean:.2f}"
    outlines = "" if group.kind == queries.LONDON_GROUP else " Dotted squares on the map are the boroughs not shown."
    return (
        f"Showing {which} London's value ({value}, from {london.n_areas} of {london.n_members} boroughs' "
        "published means), every label and every rank are against all London, whichever boroughs are shown."
        + outlines
    )


def _common(frame: pd.DataFrame, region: str = "London") -> dict[str, list]:
    """The columns every borough table shares, in the words the charts use; outside London an
    authority's table says Authority and gives its region, not Inner/Outer London."""
    rows = list(frame.itertuples())
    where = (
        {"Borough": [r.area_name for r in rows], "Inner/Outer London": [r.inner_outer for r in rows]}
        if region == "London" else
        {"Authority": [r.area_name for r in rows], "Region": [r.region_name for r in rows]}
    )
    return {
        **where,
        "Mean": [NO_DATA if not r.has_return else number(r.mean_score, withheld=r.is_suppressed) for r in rows],
        "n": [NO_DATA if not r.has_return else str(int(r.n_scores)) for r in rows],
        "95 % interval": [
            NO_DATA if not r.has_return else interval(r.mean_ci_low, r.mean_ci_high, withheld=r.is_suppressed)
            for r in rows
        ],
        f"Compared with {region}": [r.benchmark_label if r.has_return else NO_DATA for r in rows],
        f"Rank in {region}": [_rank(r) for r in rows],
        "Note": [SMALL_GROUP if r.is_small_group and not r.is_suppressed else "" for r in rows],
    }


def _rank(row) -> str:
    if not row.has_return:
        return NO_DATA
    if row.is_suppressed:
        return WITHHELD
    return f"{int(row.rank)} of {int(row.n_ranked)}"


def borough_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The tile map's numbers, one row per borough shown, by name."""
    return pd.DataFrame(_common(frame))


def ranking_table(frame: pd.DataFrame, region: str = "London") -> pd.DataFrame:
    """The ranking's numbers in its order: by rank, then withheld, then no return."""
    table = pd.DataFrame(_common(ranked(frame), region))
    rank = f"Rank in {region}"
    return table[[rank, *(c for c in table.columns if c != rank)]]


def heatmap_table(grid: pd.DataFrame, area_heading: str = "Borough") -> pd.DataFrame:
    """One row per borough, one column per enabler: "mean (n …)", withheld or no return."""
    cell = [
        NO_DATA if not r.has_return else WITHHELD if r.is_suppressed
        else f"{number(r.mean_score)} (n {int(r.n_scores)}{'; ' + SMALL_GROUP if r.is_small_group else ''})"
        for r in grid.itertuples()
    ]
    columns = grid.drop_duplicates("enabler_id").sort_values("enabler_order")
    headings = [f"{e} {name}" for e, name in zip(columns["enabler_id"], columns["enabler_name"])]
    wide = grid.assign(cell=cell, heading=grid["enabler_id"] + " " + grid["enabler_name"]).pivot(
        index="area_name", columns="heading", values="cell"
    )
    order = list(dict.fromkeys(grid["area_name"]))
    return wide.loc[order, headings].rename_axis(index=area_heading, columns=None).reset_index()

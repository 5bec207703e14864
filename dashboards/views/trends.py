"""Trends, for commissioners: one borough's overall, theme and enabler means across its
assessments beside its region and England, the change between consecutive assessments with the mart's direction
label (and, when it "cannot be calculated", why), and the slope over three or more years.

Each year's group is a different set of people, so a change is a difference between two groups'
ratings; the page says when the group's sector make-up changed, since a difference may then reflect
who took part.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import components
from dashboards.charts import trends as charts
from dashboards.components import Context
from dashboards.queries import trends as queries
from dashboards.queries.trends import Level
from dashboards.wording import NO_RESULTS, SCALE_NOTE, SMALL_GROUP, SUPPRESSION_NOTE, WITHHELD, interval, number, signed

SUMMARY, ENABLERS = "summary", "enablers"  # the two grouped views; any other choice is one item_id
GROUPS = {SUMMARY: (Level.OVERALL, Level.THEME), ENABLERS: (Level.ENABLER,)}
DIRECTION_NOTE = (
    "Direction, in the manner of OHID Fingertips' trend markers, from an exact permutation test of "
    "the two years' ratings: **increasing** or **decreasing** when p is below 0.05; **no significant "
    "change** when it is not (not evidence that nothing changed: small groups can only show large "
    "differences); **cannot be calculated** when a year is withheld or the groups are so small that "
    "no difference could reach p < 0.05. Each pair is a separate test: among many enablers and "
    "years, about 1 in 20 will read increasing or decreasing by chance alone."
)
SLOPE_NOTE = (
    "The slope is the straight-line change in the mean per year over every year with a published "
    "mean, each year counted once; its interval reflects only how far the yearly means scatter "
    "around the line. It is given when there are 3 or more such years."
)


def _options(items: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    labels = {SUMMARY: "Overall and the themes", ENABLERS: "All enablers"}
    labels |= dict(zip(items["item_id"], items["item_name"]))
    return list(labels), labels


def means_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The means chart's numbers as text, so a withheld mean reads as the word, never a blank."""
    return pd.DataFrame(
        {
            "Item": frame["item_name"],
            "Year": frame["assessment_year"].astype(str),
            "Mean": [number(m, withheld=s) for m, s in zip(frame["mean_score"], frame["is_suppressed"])],
            "95% interval": [interval(lo, hi, withheld=s) for lo, hi, s in zip(frame["mean_ci_low"], frame["mean_ci_high"], frame["is_suppressed"])],
            "n": frame["n_scores"].astype(int),
            "Note": [SMALL_GROUP if small and not s else "" for small, s in zip(frame["is_small_group"], frame["is_suppressed"])],
            **_beside(frame),
        }
    )


def _beside(frame: pd.DataFrame) -> dict[str, object]:
    """The region's and England's means and how many areas each is the mean of."""
    region = str(frame["region_name"].iloc[0]) if len(frame) else "Region"
    areas = "Boroughs" if region == "London" else "Authorities"
    return {
        f"{region} mean": [number(m) for m in frame["region_mean"]],
        f"{areas} in {region} mean": frame["region_n_areas"].astype(int),
        "England mean": [number(m) for m in frame["england_mean"]],
        "Authorities in England mean": frame["england_n_areas"].astype(int),
    }


def _years(frame: pd.DataFrame) -> list[str]:
    return [
        f"{p} → {c}" + ("" if gap == 1 else f" ({gap} years apart)")
        for p, c, gap in zip(frame["previous_year"], frame["current_year"], frame["years_apart"])
    ]


def change_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The change chart's numbers with the mart's direction label exactly as given, and the reason
    when it cannot be calculated."""
    s = frame["is_suppressed"]
    return pd.DataFrame(
        {
            "Item": frame["item_name"],
            "Years": _years(frame),
            "Previous mean": [number(m, withheld=w) for m, w in zip(frame["previous_mean"], s)],
            "Previous n": frame["previous_n"].astype(int),
            "Current mean": [number(m, withheld=w) for m, w in zip(frame["current_mean"], s)],
            "Current n": frame["current_n"].astype(int),
            "Change": [signed(c, withheld=w) for c, w in zip(frame["change"], s)],
            "95% interval": [interval(lo, hi, withheld=w) for lo, hi, w in zip(frame["change_ci_low"], frame["change_ci_high"], s)],
            "Direction": frame["direction"],
            "Why it cannot be calculated": queries.cannot_be_calculated_reason(frame),
            "Permutation p": [number(p, 3, withheld=w) for p, w in zip(frame["permutation_p"], s)],
            "Minimum achievable p": [number(p, 3) for p in frame["minimum_achievable_p"]],
            "Sector make-up changed": [note if changed else "no" for changed, note in zip(frame["sector_mix_changed"], frame["sector_mix_note"])],
        }
    )


def slope_table(latest: pd.DataFrame) -> pd.DataFrame:
    """Each item's slope over all its years (queries.trends.latest_slopes), or why there is none."""
    def note(row) -> str:
        if row.is_suppressed:
            return f"not given: {row.previous_year} → {row.current_year} is {WITHHELD}"
        if pd.isna(row.slope_per_year):
            return f"not given: fewer than {queries.MIN_SLOPE_YEARS} years with a published mean"
        return ""

    return pd.DataFrame(
        {
            "Item": latest["item_name"],
            "Up to": latest["current_year"].astype(str),
            "Slope per year": [signed(v, 3) for v in latest["slope_per_year"]],
            "95% interval": [interval(lo, hi, 3) for lo, hi in zip(latest["slope_ci_low"], latest["slope_ci_high"])],
            "Years with a published mean": ["—" if pd.isna(n) else str(int(n)) for n in latest["n_years"]],
            "Note": [note(row) for row in latest.itertuples()],
        }
    )


def _sector_mix_warning(changes: pd.DataFrame) -> None:
    """Prominent, above the figures: the group's make-up is the same for every item of a pair."""
    changed = changes[changes["sector_mix_changed"]].drop_duplicates(["previous_year", "current_year"])
    if changed.empty:
        return
    lines = "\n".join(f"- {note}" for note in changed.sort_values("current_year")["sector_mix_note"])
    st.warning(
        "**The group's sector make-up changed between assessments**, so a difference between years "
        f"may reflect who took part rather than a change in the partnership:\n{lines}",
        icon=":material/groups:",
    )


def render(ctx: Context) -> None:
    st.header("Trends")
    st.caption(
        "One area's ratings across its assessments beside its region's and England's, and the change from each "
        "assessment to the next. " + SCALE_NOTE
    )
    left, right = st.columns(2)
    area = components.choose_area(ctx, container=left)
    if area is None:
        st.info(NO_RESULTS)
        return
    area_code, area_name = area
    options, labels = _options(queries.items(ctx.snap))
    chosen = components.choose("Show", "trend", options, labels.__getitem__, container=right)
    levels = GROUPS.get(chosen) or (Level(queries.items(ctx.snap).set_index("item_id").at[chosen, "level"]),)

    means = queries.series(ctx.snap, area_code, levels)
    changes = queries.changes(ctx.snap, area_code, levels)
    if chosen not in GROUPS:
        means = means[means["item_id"] == chosen]
        changes = changes[changes["item_id"] == chosen]
    means, changes = means.reset_index(drop=True), changes.reset_index(drop=True)

    st.subheader(f"{area_name}: {labels[chosen]}")
    _sector_mix_warning(changes)

    st.markdown("#### Means across years")
    region = str(means["region_name"].iloc[0]) if len(means) else "the region"
    st.caption(f"The area's mean with its 95 % interval (shaded), {region}'s mean of its areas' means (dashed) and "
               "England's (dotted). " + SUPPRESSION_NOTE)
    components.chart(charts.means_over_years(means, area_name), means_table(means),
                     f"{area_name} {labels[chosen]} means by year", ctx, key="trend-means")

    st.markdown("#### Change between consecutive assessments")
    if changes.empty:
        st.info(f"{area_name} has one assessment so far: there is no change to show yet.")
    else:
        st.caption(DIRECTION_NOTE)
        components.chart(charts.change_dots(changes), change_table(changes),
                         f"{area_name} {labels[chosen]} change between assessments", ctx, key="trend-change")

    st.markdown("#### Slope over the years")
    n_years = means["assessment_year"].nunique()
    if n_years < queries.MIN_SLOPE_YEARS:
        st.info(f"{area_name} has {n_years} assessment{'s' if n_years != 1 else ''} so far: a slope needs "
                f"{queries.MIN_SLOPE_YEARS} or more years with a published mean.")
    else:
        st.caption(SLOPE_NOTE)
        components.table(slope_table(queries.latest_slopes(changes)),
                         f"{area_name} {labels[chosen]} slope per year", ctx, key="trend-slope")

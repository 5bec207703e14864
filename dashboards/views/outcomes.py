"""Outcomes, for evaluation teams: how partnerships' maturity ratings sit beside published family
outcomes — a scatter of borough-years, one area's outcome over time beside its region and England (and its
statistical neighbours' latest figures),
and the warehouse's association estimates with their caveats.

Everything here is an association between self-ratings and published figures. The page says so at
the top and beside the estimates, and its own words avoid any claim that one moves the other.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import components
from dashboards.charts import outcomes as charts
from dashboards.components import Context
from dashboards.queries import outcomes as queries
from dashboards.wording import NO_CAUSAL_CLAIM, SCALE_NOTE, WITHHELD, interval, missing, number

POLARITY = {
    "higher_is_better": "higher is better",
    "lower_is_better": "lower is better",
    "not_applicable": "neither direction is better",
}
NO_POLARITY = "not stated by the publisher"
SOURCES = {"fingertips": "OHID Fingertips", "ees": "DfE Explore Education Statistics", "generic": "local file"}
METHODS = {
    "between_area_correlation": "Correlation across boroughs",
    "within_area_panel": "Within each borough over time (panel)",
}
LAG_WORDS = {0: "same year", 1: "one year later", 2: "two years later"}
NO_OUTCOME = "no figure published"


def _text(value: object, absent: str) -> str:
    return absent if missing(value) or not str(value).strip() else str(value)


def _indicator_key(row) -> str:
    return f"{row.source}:{row.indicator_id}"


def _p(value: object) -> str:
    if missing(value):
        return "—"
    return "< 0.001" if float(value) < 0.001 else f"{float(value):.3f}"


def _outcome(value: object, reason: object) -> str:
    return f"{value:g}" if not missing(value) else f"missing ({_text(reason, NO_OUTCOME)})"


def scatter_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Every borough-year of the scatter, those not drawn included and saying why."""
    withheld, absent = rows["maturity_is_suppressed"] | rows["maturity_mean"].isna(), rows["outcome_value"].isna()
    return pd.DataFrame(
        {
            "Borough": rows["area_name"],
            "Assessment year": rows["assessment_year"].astype(str),
            "Maturity mean": [number(m, withheld=w) for m, w in zip(rows["maturity_mean"], withheld)],
            "n": rows["maturity_n_scores"].astype("Int64").astype(str).replace("<NA>", "0"),
            "Outcome period": rows["period_label"],
            "Outcome value": [_outcome(v, r) for v, r in zip(rows["outcome_value"], rows["outcome_missing_reason"])],
            "In the chart": [
                "no: maturity withheld" if w else "no: outcome missing" if a else "yes" for w, a in zip(withheld, absent)
            ],
        }
    )


def not_shown_note(rows: pd.DataFrame) -> str:
    """"k borough-years not shown: …", counting withheld maturity and missing outcomes (with the
    publishers' reasons); a borough-year may be both."""
    withheld, absent = rows["maturity_is_suppressed"] | rows["maturity_mean"].isna(), rows["outcome_value"].isna()
    hidden = int((withheld | absent).sum())
    if not hidden:
        return f"All {len(rows)} borough-years have both figures and are shown."
    reasons = rows.loc[absent, "outcome_missing_reason"].fillna(NO_OUTCOME).value_counts()
    parts = []
    if withheld.any():
        parts.append(f"{int(withheld.sum())} with maturity {WITHHELD}")
    if absent.any():
        listed = "; ".join(f"{reason}: {count}" for reason, count in reasons.items())
        parts.append(f"{int(absent.sum())} with the outcome missing ({listed})")
    return f"{hidden} of {len(rows)} borough-years not shown: " + ", ".join(parts) + "."


def _span(low: object, high: object) -> str:
    """A published interval at the publisher's own precision, "—" when not published."""
    return "—" if missing(low) or missing(high) else f"{low:g} to {high:g}"


def trend_table(frame: pd.DataFrame, borough: str) -> pd.DataFrame:
    """The trend chart's figures as published; a missing one says why, in the publisher's words."""
    region = str(frame["region_name"].iloc[0]) if not frame.empty else "Region"
    return pd.DataFrame(
        {
            "Period": frame["period_label"],
            borough: [_outcome(v, r) for v, r in zip(frame["value"], frame["missing_reason"])],
            f"{borough} 95% interval": [_span(lo, hi) for lo, hi in zip(frame["lower_ci"], frame["upper_ci"])],
            region: [_outcome(v, r) for v, r in zip(frame["region_value"], frame["region_missing_reason"])],
            f"{region} 95% interval": [_span(lo, hi) for lo, hi in zip(frame["region_lower_ci"], frame["region_upper_ci"])],
            "England": [_outcome(v, r) for v, r in zip(frame["england_value"], frame["england_missing_reason"])],
            "England 95% interval": [_span(lo, hi) for lo, hi in zip(frame["england_lower_ci"], frame["england_upper_ci"])],
        }
    )


def neighbour_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The area and its statistical neighbours: each one's latest headline figure, as published."""
    return pd.DataFrame(
        {
            "Rank": ["this area" if int(r) == 0 else str(int(r)) for r in frame["neighbour_rank"]],
            "Area": frame["area_name"],
            "Region": frame["region_name"],
            "Maturity assessed": ["yes" if m else "no" for m in frame["has_maturity"]],
            "Period": [_text(p, "—") for p in frame["period_label"]],
            "Value": [_outcome(v, r) if not missing(p) else "not in the outcome files"
                      for v, r, p in zip(frame["value"], frame["missing_reason"], frame["period_label"])],
            "95% interval": [_span(lo, hi) for lo, hi in zip(frame["lower_ci"], frame["upper_ci"])],
            "Its region": [_outcome(v, None) if not missing(v) else "—" for v in frame["region_value"]],
            "England": [_outcome(v, None) if not missing(v) else "—" for v in frame["england_value"]],
        }
    )


def _neighbours(ctx: Context, area_code: str, area_name: str, indicator) -> None:
    """The area's statistical neighbours' latest figures, assessed or not, when a neighbours file was supplied."""
    frame = queries.neighbour_outcomes(ctx.snap, area_code, indicator.source, indicator.indicator_id)
    if len(frame) <= 1:
        return
    st.markdown(f"#### {area_name} beside its statistical neighbours")
    st.caption("The latest headline figure of each of DfE's statistical neighbours of the area, whether or not "
               "the neighbour has assessed its maturity.")
    components.table(neighbour_table(frame), f"{area_name} {indicator.indicator_name} statistical neighbours", ctx,
                     key="outcome-neighbours")


def association_table(frame: pd.DataFrame) -> pd.DataFrame:
    """marts.outcome_associations as a reader sees it, the caveat of every row beside its numbers."""
    return pd.DataFrame(
        {
            "Method": frame["method"].map(METHODS).fillna(frame["method"]),
            "Level": frame["level"],
            "Maturity": frame["item_name"],
            "Lag (years)": frame["lag"].astype(str),
            "Estimate": [number(v, 3) for v in frame["estimate"]],
            "95% interval": [interval(lo, hi, 3) for lo, hi in zip(frame["ci_low"], frame["ci_high"])],
            "p": [_p(v) for v in frame["p_value"]],
            "Boroughs": frame["n_areas"].astype("Int64").astype(str),
            "Borough-years": frame["n_area_years"].astype("Int64").astype(str),
            "Estimates of this kind": frame["n_tests"].astype("Int64").astype(str),
            "What the estimate is": frame["estimate_meaning"],
            "Association": frame["association"],
            "Caveat": frame["caveat"],
        }
    )


def _chosen_estimates(frame: pd.DataFrame, level: str, item_id: str, item_name: str, lag: int) -> None:
    """The estimates for the exposure and lag in view, each with its caveat in full."""
    chosen = frame[(frame["level"] == level) & (frame["item_id"] == item_id) & (frame["lag"] == lag)]
    if chosen.empty:
        estimated = ", ".join(sorted(frame["level"].unique())) or "no level"
        st.info(f"No association is estimated for {item_name} at lag {lag}; the warehouse estimates "
                f"them for these levels only: {estimated}.")
        return
    for row in chosen.itertuples():
        with st.container(border=True):
            st.markdown(
                f"**{METHODS.get(row.method, row.method)} — {item_name}, lag {row.lag}: {row.association}.** "
                f"Estimate {number(row.estimate, 3)} (95% interval {interval(row.ci_low, row.ci_high, 3)}), "
                f"p {_p(row.p_value)}, {row.n_areas} boroughs, {row.n_area_years} borough-years. "
                f"{row.estimate_meaning}."
            )
            st.markdown(f"*Caveat:* {row.caveat}")


def render(ctx: Context) -> None:
    st.header("Outcomes")
    st.warning(NO_CAUSAL_CLAIM, icon=":material/info:")
    indicators = queries.indicators(ctx.snap)
    if indicators.empty:
        st.info("The published snapshot holds no outcome figures yet.")
        return
    by_key = {_indicator_key(row): row for row in indicators.itertuples()}
    top = st.columns([3, 2])
    key = components.choose(
        "Outcome indicator", "outcome", list(by_key),
        lambda k: f"{by_key[k].indicator_name} ({SOURCES.get(by_key[k].source, by_key[k].source)})", container=top[0],
    )
    indicator = by_key[key]
    area = components.choose_area(ctx, container=top[1])
    exposures = queries.exposures(ctx.snap)
    exposure_names = {f"{r.level}:{r.item_id}": r.item_name for r in exposures.itertuples()}
    left, right = st.columns([3, 2])
    exposure = components.choose("Maturity", "exposure", list(exposure_names), exposure_names.__getitem__, container=left)
    lag = components.choose("Lag: outcome period starting", "lag", list(queries.LAGS),
                            lambda lag: f"{lag} — {LAG_WORDS[lag]}", container=right)
    level, item_id = exposure.split(":", 1)
    item_name = exposure_names[exposure]

    st.subheader(indicator.indicator_name)
    st.markdown(
        f"Source: {SOURCES.get(indicator.source, indicator.source)} (indicator {indicator.indicator_id}) · "
        f"unit: {_text(indicator.unit, 'not stated')} · polarity: {POLARITY.get(indicator.polarity, NO_POLARITY)}"
    )

    st.markdown(f"#### {item_name} maturity beside the outcome, lag {lag}")
    rows = queries.maturity_beside_outcome(ctx.snap, indicator.source, indicator.indicator_id, level, item_id, lag)
    if rows.empty:
        st.info(f"No borough-year has an annual outcome period starting {lag} year(s) after its assessment.")
    else:
        shown = rows[rows["maturity_mean"].notna() & ~rows["maturity_is_suppressed"] & rows["outcome_value"].notna()]
        st.caption(
            f"One point per borough-year: the mean {item_name.lower() if level == 'overall' else item_name} rating in "
            f"the assessment year (x) and the outcome for the period starting {lag} year(s) later (y). "
            f"{SCALE_NOTE}"
        )
        st.markdown(f"**{not_shown_note(rows)}**")
        components.chart(
            charts.maturity_scatter(shown, area[0] if area else "", f"{item_name} maturity mean (1–5)", indicator.unit),
            scatter_table(rows), f"{indicator.indicator_name} beside {item_name} maturity lag {lag}", ctx,
            key="outcome-scatter",
        )

    if area:
        area_code, area_name = area
        trend = queries.outcome_trend(ctx.snap, area_code, indicator.source, indicator.indicator_id)
        region = str(trend["region_name"].iloc[0]) if not trend.empty else "its region"
        st.markdown(f"#### {area_name}: the outcome over time, beside {region} and England")
        if trend.empty:
            st.info(f"No headline figure for {area_name} in the published outcome files.")
        else:
            st.caption("Headline figures as published, with their 95 % intervals where the publisher gives them. "
                       "A missing figure is a gap in the line, with the publisher's reason in the table.")
            components.chart(charts.outcome_trend(trend, area_name), trend_table(trend, area_name),
                             f"{area_name} {indicator.indicator_name} over time", ctx, key="outcome-trend")
        _neighbours(ctx, area_code, area_name, indicator)

    st.markdown("#### Associations with maturity")
    st.warning(NO_CAUSAL_CLAIM, icon=":material/info:")
    found = queries.associations(ctx.snap, indicator.source, indicator.indicator_id)
    if found.empty:
        st.info("No association has been estimated for this indicator.")
        return
    _chosen_estimates(found, level, item_id, item_name, lag)
    st.caption("Every estimate for this indicator, each with what it does not show:")
    components.table(association_table(found), f"{indicator.indicator_name} associations", ctx, key="outcome-associations")

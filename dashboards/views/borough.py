"""Borough profile: one partnership's assessment in one year, for the workshop that discusses it.

Everything on the page comes from `borough_report`, the same object the Excel pack and the HTML
report are built from, so the page and the take-away files cannot disagree. Tables are built here
as text, so a withheld figure can only ever read as the word withheld.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import streamlit as st

from dashboards import components, palette
from dashboards.charts import distribution, gaps, radar
from dashboards.components import Context
from dashboards.exports.excel_pack import excel_pack_bytes
from dashboards.exports.html_report import SAID_PAGE_CSS, html_report, said_table_html, strip_html
from dashboards.exports.neutralise import csv_bytes
from dashboards.exports.pack import SAID_TITLE, said
from dashboards.queries import borough as queries
from dashboards.queries.borough import BoroughReport
from dashboards.wording import (
    NO_CAUSAL_CLAIM,
    NO_RESULTS,
    NOT_COMPARED,
    SCALE_NOTE,
    SMALL_GROUP,
    SUPPRESSION_NOTE,
    WITHHELD,
    interval,
    missing,
    number,
    signed,
)

SHORT_NAMES = {"icb": "ICB", "statistical_neighbours": "Statistical neighbours"}


def region_note(report: BoroughReport) -> str:
    """How the region's and the comparator's means are made, in the region's words."""
    region, area = report.region_name, "borough" if report.in_london else "authority"
    return (
        f"{region} and comparator means are means of the published {area} means of the year, each {area} "
        f"once, this {area} included; “Against {region}” compares this {area}'s 95 % interval with that "
        f"value (Fingertips' convention). Ranks are within {region}, 1 the highest mean."
    )


def comparator_areas_word(report: BoroughReport) -> str:
    """What the comparator's areas are called: London's own groups are of boroughs."""
    inside = report.comparator is not None and report.comparator.comparator_type in ("inner_outer", "icb")
    return "boroughs" if report.in_london and inside else "authorities"


def rank_heading(report: BoroughReport) -> str:
    return f"Rank in {report.region_name}"
SPLITS = (
    ("sector", "Sector gaps", "Each sector against everyone else in the partnership who scored the enabler."),
    ("role_level", "Strategic and operational gap", "People at strategic level against those at operational level."),
)


def _note(row) -> str:
    """The small-group / withheld flag of a row, in words."""
    if row.is_suppressed:
        return WITHHELD
    return SMALL_GROUP if row.is_small_group else ""


def _rank(row) -> str:
    if row.is_suppressed:
        return WITHHELD
    return "—" if pd.isna(row.rank) else f"{int(row.rank)} of {int(row.n_ranked)}"


def _label(value: object, *, withheld: bool) -> str:
    return WITHHELD if withheld else (NOT_COMPARED if pd.isna(value) else str(value))


def comparator_short_name(report: BoroughReport) -> str:
    """The comparator as a column heading: an ICB's full name would not fit a table's header."""
    comparator = report.comparator
    return SHORT_NAMES.get(comparator.comparator_type, comparator.comparator_name) if comparator else ""


def _beside(report: BoroughReport, frame: pd.DataFrame) -> dict[str, list]:
    """The region's and the comparator's columns of a summary or enabler table."""
    region = report.region_name
    columns = {
        f"{region} mean": [number(v) for v in frame["region_mean"]],
        f"{region} {report.areas_word}": [int(v) if pd.notna(v) else 0 for v in frame["region_n_areas"]],
        f"Against {region}": [_label(r.region_label, withheld=r.is_suppressed) for r in frame.itertuples()],
    }
    if report.comparator:
        name = comparator_short_name(report)
        columns |= {
            f"{name} mean": [number(v) for v in frame["comparator_mean"]],
            f"{name} {comparator_areas_word(report)}": [int(v) if pd.notna(v) else 0 for v in frame["comparator_n_areas"]],
            f"Against {name}": [_label(r.comparator_label, withheld=r.is_suppressed) for r in frame.itertuples()],
        }
    return columns


def _change_columns(report: BoroughReport, levels: pd.Series, item_ids: pd.Series) -> dict[str, list]:
    """The change since the previous assessment and its direction (marts.maturity_change), per
    item; no columns for a first assessment."""
    if report.change.empty:
        return {}
    found = {(r.level, r.item_id): r for r in report.change.itertuples()}
    previous = sorted({int(y) for y in report.change["previous_year"]})
    since = f"since {previous[0]}" if len(previous) == 1 else "since the previous assessment"
    rows = [found.get(key) for key in zip(levels, item_ids)]
    return {
        f"Change {since}": ["—" if r is None else signed(r.change, withheld=bool(r.is_suppressed)) for r in rows],
        "Direction": ["—" if r is None else (WITHHELD if r.is_suppressed else str(r.direction)) for r in rows],
    }


def summary_table(report: BoroughReport) -> pd.DataFrame:
    """Overall and theme means with n, interval, the region's and comparator values, rank and change."""
    frame = report.summary
    return pd.DataFrame(
        {
            "": frame["item_name"].tolist(),
            "Mean": [number(r.mean_score, withheld=r.is_suppressed) for r in frame.itertuples()],
            "n people": frame["n_scores"].astype(int).tolist(),
            "95 % interval": [interval(r.mean_ci_low, r.mean_ci_high, withheld=r.is_suppressed) for r in frame.itertuples()],
            **_beside(report, frame),
            rank_heading(report): [_rank(r) for r in frame.itertuples()],
            **_change_columns(report, frame["level"], frame["item_id"]),
            "Note": [_note(r) for r in frame.itertuples()],
        }
    )


def _enabler_label(frame: pd.DataFrame) -> pd.Series:
    return frame["enabler_id"] + " " + frame["enabler_name"]


def enabler_table(report: BoroughReport) -> pd.DataFrame:
    """The radar's numbers: each enabler's mean with n, interval, the region's and comparator's."""
    frame = report.enablers
    return pd.DataFrame(
        {
            "Enabler": _enabler_label(frame).tolist(),
            "Mean": [number(r.mean_score, withheld=r.is_suppressed) for r in frame.itertuples()],
            "n scores": frame["n_scores"].astype(int).tolist(),
            "n skipped": frame["n_skipped"].astype(int).tolist(),
            "95 % interval": [interval(r.mean_ci_low, r.mean_ci_high, withheld=r.is_suppressed)
                              for r in frame.itertuples()],
            **_beside(report, frame),
            rank_heading(report): [_rank(r) for r in frame.itertuples()],
            **_change_columns(report, pd.Series(["enabler"] * len(frame)), frame["enabler_id"]),
            "Note": [_note(r) for r in frame.itertuples()],
        }
    )


def enabler_radar(report: BoroughReport):
    frame = report.enablers
    withheld = frame["is_suppressed"].astype(bool).tolist()
    area = radar.Series(
        f"{report.area_name} {report.year}", frame["mean_score"].tolist(), palette.AREA, withheld=withheld,
        notes=[f"n {int(r.n_scores)}" + (f" · {SMALL_GROUP}" if r.is_small_group else "") for r in frame.itertuples()],
    )
    references = [radar.Series(f"{report.region_name} mean {report.year}", frame["region_mean"].tolist(),
                               palette.LONDON, "dash",
                               notes=[f"{int(n)} {report.areas_word}" for n in frame["region_n_areas"].fillna(0)])]
    if report.comparator:
        references.append(radar.Series(
            f"{report.comparator.comparator_name} mean {report.year}", frame["comparator_mean"].tolist(),
            palette.COMPARATOR, "dot",
            notes=[f"{int(n)} {comparator_areas_word(report)}" for n in frame["comparator_n_areas"].fillna(0)]))
    return radar.radar(frame["enabler_name"].tolist(), area, references)


def distribution_table(report: BoroughReport) -> pd.DataFrame:
    """The diverging bars' numbers: people per score, agreement, consensus and the flags."""
    frame = report.enablers
    reasons = [distribution.no_bar_reason(r) for r in frame.itertuples()]

    def counts(score: int) -> list[str]:
        return [WITHHELD if r.is_suppressed else number(getattr(r, f"count_{score}"), 0)
                for r in frame.itertuples()]

    return pd.DataFrame(
        {
            "Enabler": _enabler_label(frame).tolist(),
            "n scores": frame["n_scores"].astype(int).tolist(),
            **{f"Scored {s}": counts(s) for s in distribution.SCORES},
            "Agreement": [number(r.agreement, withheld=r.is_suppressed) for r in frame.itertuples()],
            "Consensus": [number(r.consensus, withheld=r.is_suppressed) for r in frame.itertuples()],
            "Flags": [reason or distribution.flags(r) for reason, r in zip(reasons, frame.itertuples())],
        }
    )


def indicator_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One enabler's indicators: text, mean, n, interval and flags."""
    return pd.DataFrame(
        {
            "Indicator": rows["indicator_id"].tolist(),
            "Text": rows["indicator_text"].tolist(),
            "Mean": [number(r.mean_score, withheld=r.is_suppressed) for r in rows.itertuples()],
            "n scores": rows["n_scores"].astype(int).tolist(),
            "n skipped": rows["n_skipped"].astype(int).tolist(),
            "95 % interval": [interval(r.mean_ci_low, r.mean_ci_high, withheld=r.is_suppressed)
                              for r in rows.itertuples()],
            "Flags": [WITHHELD if r.is_suppressed else " · ".join(
                word for word in (SMALL_GROUP if r.is_small_group else "", distribution.flags(r)) if word)
                for r in rows.itertuples()],
        }
    )


def indicator_radar(report: BoroughReport, rows: pd.DataFrame):
    """The indicators of one enabler, beside the enabler's own mean as a ring for reference."""
    enabler = next(report.enablers[report.enablers["enabler_id"] == rows["enabler_id"].iloc[0]].itertuples())
    area = radar.Series(
        f"{report.area_name} {report.year}: indicator means", rows["mean_score"].tolist(), palette.AREA,
        withheld=rows["is_suppressed"].astype(bool).tolist(), notes=[f"n {int(n)}" for n in rows["n_scores"]],
    )
    references = []
    if not enabler.is_suppressed:
        references.append(radar.Series(
            f"{enabler.enabler_name}: enabler mean (n {int(enabler.n_scores)})",
            [enabler.mean_score] * len(rows), palette.LONDON, "dash"))
    spokes = [f"{r.indicator_id} {textwrap.shorten(r.indicator_text, 40, placeholder='…')}" for r in rows.itertuples()]
    return radar.radar(spokes, area, references, height=520)


def gap_table(report: BoroughReport, split: str) -> pd.DataFrame:
    """One split's gaps, every enabler listed: its groups' rows, withheld, or no comparison."""
    rows = report.gaps[report.gaps["split"] == split]
    state = gaps.row_state(rows, report.enablers["enabler_id"])
    labels = dict(zip(report.enablers["enabler_id"], _enabler_label(report.enablers)))
    records = []
    for enabler_id in report.enablers["enabler_id"]:
        found = rows[rows["enabler_id"] == enabler_id]
        if found.empty:
            records.append([labels[enabler_id], "—", "—", *[state[enabler_id]] * 6])
        for r in found.itertuples():
            hidden = bool(r.is_suppressed)
            records.append([
                labels[enabler_id], r.group_label, r.compared_with,
                *([WITHHELD] * 6 if hidden else [
                    str(int(r.n_group)), str(int(r.n_others)), number(r.group_mean), number(r.others_mean),
                    signed(r.gap), interval(r.gap_ci_low, r.gap_ci_high)]),
            ])
    return pd.DataFrame(records, columns=["Enabler", "Group", "Compared with", "n group", "n compared with",
                                          "Group mean", "Compared-with mean", "Gap", "95 % interval"])


def response_quality_table(report: BoroughReport) -> pd.DataFrame:
    """Same-score participants and skips, for the assessment and each workbook in it."""
    frame = report.response_quality
    if frame.empty:
        return pd.DataFrame()

    def what(row) -> str:
        if row.level != "submission":
            return "Whole assessment"
        group = f", group {row.group_label}" if isinstance(row.group_label, str) and row.group_label else ""
        return f"Workbook {str(row.submission_id)[:8]}{group}"

    def figure(row, value, digits=0) -> str:
        return number(value, digits, withheld=bool(row.is_suppressed))

    return pd.DataFrame(
        {
            "": [what(r) for r in frame.itertuples()],
            "People": frame["n_participants"].astype(int).tolist(),
            "Same score on every enabler": [figure(r, r.n_same_score) for r in frame.itertuples()],
            **{f"… all {s}s": [figure(r, getattr(r, f"n_same_score_{s}")) for r in frame.itertuples()]
               for s in distribution.SCORES},
            "Enabler cells skipped": [WITHHELD if r.is_suppressed else (
                "—" if pd.isna(r.share_skipped) else f"{r.share_skipped:.0%}") for r in frame.itertuples()],
            "People skipping over half": [figure(r, r.n_skipped_over_half) for r in frame.itertuples()],
        }
    )


def outcomes_table(report: BoroughReport) -> pd.DataFrame:
    """The area's latest headline outcome figures beside its region's and England's, as published."""
    frame = report.outcomes

    def figure(value: object) -> str:
        return "—" if missing(value) else f"{value:g}"

    return pd.DataFrame(
        {
            "Indicator": frame["indicator_name"].tolist(),
            "Period": frame["period_label"].tolist(),
            report.area_name: [
                figure(v) if not missing(v) else f"missing ({r if not missing(r) else 'no figure published'})"
                for v, r in zip(frame["value"], frame["missing_reason"])
            ],
            report.region_name: [figure(v) for v in frame["region_value"]],
            "England": [figure(v) for v in frame["england_value"]],
        }
    )


def _outcomes(report: BoroughReport, ctx: Context) -> None:
    st.subheader("Latest published outcomes")
    if report.outcomes.empty:
        st.write("No outcome figures are published for this area.")
        return
    st.caption(f"The latest headline figure of each outcome indicator beside {report.region_name}'s and England's. "
               "The Outcomes page has each indicator over time, and beside the area's statistical neighbours "
               f"whether or not they have assessed their maturity. {NO_CAUSAL_CLAIM}")
    components.table(outcomes_table(report), "latest outcomes", ctx, key="download-latest-outcomes")


def _choose(ctx: Context):
    """Borough, year and comparator, remembered across pages; None when nothing is published."""
    left, middle, right = st.columns([2, 1, 2])
    area = components.choose_area(ctx, container=left)
    if area is None:
        return None
    code, name = area
    year = components.choose_year(ctx, code, container=middle)
    offered = queries.comparators(ctx.snap, code, year)
    region = next((g.comparator_name for g in offered if g.comparator_type == "region"), None)
    groups = [g for g in offered if g.comparator_type != "region"]
    names = {g.comparator_type: g.comparator_name for g in groups}
    beside = f"beside {region}" if region else "beside the region"
    chosen = components.choose(f"Compare with ({beside})", "comparator", list(names), names.__getitem__,
                               container=right, default_index=_default_comparator(list(names)))
    if not names:
        right.caption(f"No comparator group {beside} for this area and year.")
    return queries.borough_report(ctx.snap, code, year, chosen)


def _default_comparator(types: list[str]) -> int:
    """Inner/Outer London first for a London borough, as before England was offered; elsewhere England."""
    for wanted in ("inner_outer", "england"):
        if wanted in types:
            return types.index(wanted)
    return 0


def _headline(report: BoroughReport) -> str:
    overall = report.summary[report.summary["level"] == "overall"]
    if overall.empty:
        return ""
    row = next(overall.itertuples())
    if row.is_suppressed:
        return f"Overall: {WITHHELD} (n {int(row.n_scores)})."
    text = (f"Overall mean **{number(row.mean_score)}** (95 % interval {interval(row.mean_ci_low, row.mean_ci_high)}, "
            f"n {int(row.n_scores)} people): **{row.region_label}** against {report.region_name} "
            f"({number(row.region_mean)}), rank {_rank(row)} in {report.region_name}")
    if report.comparator:
        text += f"; **{row.comparator_label}** against {report.comparator.comparator_name} ({number(row.comparator_mean)})"
    return text + (f". {SMALL_GROUP.capitalize()}." if row.is_small_group else ".")


def _downloads(report: BoroughReport, ctx: Context) -> None:
    """The workshop's take-away files, built only when someone asks for them."""
    stem = f"{report.area_name} {report.year} borough profile"
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        "Download workshop pack (Excel)", data=lambda: excel_pack_bytes(report),
        file_name=components.file_name(stem, ctx, ".xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="download-workshop-pack", on_click="ignore",
    )
    right.download_button(
        "Download report (HTML)", data=lambda: html_report(report).encode("utf-8"),
        file_name=components.file_name(stem, ctx, ".html"), mime="text/html",
        key="download-html-report", on_click="ignore",
    )


def _indicators(report: BoroughReport, ctx: Context) -> None:
    st.subheader("Indicators, where the partnership dug deeper")
    dug = report.indicators
    if dug.empty:
        st.write("Nobody in this assessment scored the indicators under any enabler.")
        return
    enablers = dug.drop_duplicates("enabler_id")
    names = dict(zip(enablers["enabler_id"], enablers["enabler_id"] + " " + enablers["enabler_name"]))
    chosen = st.selectbox("Enabler", list(names), format_func=names.__getitem__, key="select-dug-deeper")
    rows = dug[dug["enabler_id"] == chosen]
    name = f"{names[chosen]} indicators"
    if len(rows) >= 3:
        components.chart(indicator_radar(report, rows), indicator_table(rows), name, ctx, key="indicators")
    else:
        st.caption("Fewer than 3 indicators scored: too few spokes for a radar.")
        components.table(indicator_table(rows), name, ctx, key="download-indicators")


def _gaps(report: BoroughReport, ctx: Context) -> None:
    st.subheader("Gaps between groups in the partnership")
    st.caption("A gap is the group's mean minus the mean of those it is compared with; an interval crossing "
               "zero is a gap these few people cannot tell apart from none. A split is withheld for an "
               "enabler whenever any part of it has fewer than 3 people, so no small group's scores can be "
               "worked out.")
    labels = report.enablers.assign(label=_enabler_label(report.enablers))[["enabler_id", "label"]]
    for split, title, note in SPLITS:
        st.markdown(f"**{title}**: {note}")
        rows = report.gaps[report.gaps["split"] == split]
        if rows.empty:
            st.write(f"No {title.lower()} for this assessment: no group of 3 or more to compare.")
            continue
        components.chart(gaps.gap_dots(rows, labels), gap_table(report, split), title, ctx, key=f"gaps-{split}")


def _case_studies(report: BoroughReport) -> None:
    st.subheader("Case studies for the enablers to dig into")
    found = report.case_studies
    if found.empty:
        st.write("No enabler of this assessment is low or polarised, so the tool points to no case study.")
        return
    for enabler_id, boxes in found.groupby("enabler_id", sort=False):
        first = boxes.iloc[0]
        with st.expander(f"{enabler_id} {first.enabler_name} — {first.reason}"):
            for box in boxes.itertuples():
                lines = [f"**Box {box.box}: {box.title}**", f"Issues: {box.issues.replace(' | ', ' · ')}"]
                if isinstance(box.boroughs, str) and box.boroughs.strip():
                    lines.append(f"Boroughs: {box.boroughs}")
                st.markdown("  \n".join(lines))


def _challenges(report: BoroughReport) -> None:
    st.subheader("Challenges to discuss")
    st.caption("The six challenges the tool names. Which of them hold back integration here, and what would help?")
    columns = st.columns(3)
    for index, row in enumerate(report.challenges.itertuples()):
        with columns[index % 3].container(border=True):
            st.markdown(f"**{row.challenge_order}. {row.challenge_name}**")
            st.write(row.description)
            st.markdown("\n".join(f"- {example}" for example in str(row.examples).split(" | ")))


def _said_block(html: str) -> None:
    """The partnership's words as escaped HTML: st.table and st.markdown would render typed
    markdown (`**`, links, `:red[…]`), so its text goes through the report's own HTML tables."""
    st.html(f'<style>{SAID_PAGE_CSS}</style><div class="said">{html}</div>')


def _said(report: BoroughReport, ctx: Context) -> None:
    """Reflections, evidence, challenges, the integration model (with its strip), this year's
    priorities and last assessment's priorities beside the change in their enablers; each table
    downloadable as written."""
    st.subheader(SAID_TITLE)
    content = said(report)
    for table in content.tables:
        _said_block(said_table_html(table))
        if table is content.models and content.strips:
            _said_block("".join(strip_html(strip) for strip in content.strips))
        if table.rows:
            frame = pd.DataFrame(table.rows, columns=[c.heading for c in table.columns])
            st.download_button(
                f"Download {table.key.lower()} (CSV)", data=csv_bytes(components.labelled(frame, ctx)),
                file_name=components.file_name(table.key, ctx), mime="text/csv", key=f"download-said-{table.key}",
                on_click="ignore",
            )


def render(ctx: Context) -> None:
    report = _choose(ctx)
    if report is None:
        st.info(NO_RESULTS)
        return
    st.header(f"{report.area_name}, {report.year}")
    _downloads(report, ctx)
    st.markdown(_headline(report))
    st.caption(f"{SCALE_NOTE} {SUPPRESSION_NOTE}")

    st.subheader("Summary")
    components.table(summary_table(report), "summary", ctx, key="download-summary")
    short = comparator_short_name(report)
    named = f"{short}: {report.comparator.comparator_name}. " if report.comparator and short != report.comparator.comparator_name else ""
    st.caption(named + region_note(report))

    st.subheader(f"Enablers against {report.region_name}" + (f" and {report.comparator.comparator_name}" if report.comparator else ""))
    components.chart(enabler_radar(report), enabler_table(report), "enabler means", ctx, key="radar")

    st.subheader("How the scores spread")
    st.caption("People per score for each enabler: 1–2 to the left of the centre line, 4–5 to the right, the 3s "
               "split across it. ◆ marks enablers the tool suggests digging into: a low mean (below 2.5) or "
               "polarised (agreement below 0: camps rather than a spread). Agreement runs from −1 (two camps "
               "at 1 and 5) to +1 (everyone the same).")
    scale = queries.scale(ctx.snap)
    bars = distribution.diverging_distribution(report.enablers, _enabler_label(report.enablers),
                                               dict(zip(scale["score"], scale["label"])))
    components.chart(bars, distribution_table(report), "score distribution", ctx, key="distribution")

    _indicators(report, ctx)
    _gaps(report, ctx)

    st.subheader("Response quality")
    st.caption("People who gave every enabler the same score pull means towards that score and agreement up; "
               "many skips leave a mean resting on fewer people than took part.")
    components.table(response_quality_table(report), "response quality", ctx, key="download-response-quality")

    _outcomes(report, ctx)
    _case_studies(report)
    _challenges(report)
    _said(report, ctx)

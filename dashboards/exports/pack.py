"""The take-away pack's content as typed tables and chart data, shared by the Excel and HTML writers.

A `BoroughReport` holds the marts' frames; this module decides once what a reader of the pack sees:
which columns, in which order, under which heading, and what a cell holds. A figure is a number; a
withheld figure is the word WITHHELD (never a blank, never 0); a figure that does not exist for
another reason (no comparator, an interval that cannot be computed) is "—". Chart data keep a
withheld spoke as None, so neither writer can draw it at any radius. The Excel workbook and the HTML
report only lay these out, so they cannot disagree with each other; `said` gives the tables of what
the partnership said to the borough page too. A partnership's words are cells of text as written
(each writer makes them safe its own way); a section the snapshot predates says it was not collected.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import pandas as pd

from dashboards import palette
from dashboards.queries.borough import BoroughReport
from dashboards.wording import (
    LEFT_BLANK,
    NARRATIVE_NOTE,
    NO_CAUSAL_CLAIM,
    NO_PREVIOUS_PRIORITIES,
    NOT_COLLECTED,
    PRIORITY_CHANGE_NOTE,
    SCALE_NOTE,
    SMALL_GROUP,
    SUPPRESSION_NOTE,
    WITHHELD,
    missing,
)

ABSENT = "—"  # no such figure (not the same as withheld)
NOT_DRAWN = f"{WITHHELD}: not drawn"


class Kind(enum.Enum):
    """How a column's numbers read: the Excel number format and the HTML formatting follow it."""

    TEXT = "text"
    COMPARISON = "comparison"  # Higher / Similar / Lower / Not compared, in Fingertips' colours
    MEAN = "0.00"  # means, intervals, gaps, agreement and consensus
    CHANGE = "+0.00;-0.00;0.00"  # a difference, with its sign
    COUNT = "0"
    SHARE = "0%"
    P_VALUE = "0.000"
    NOTES = "notes"  # left empty for the workshop to write in


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind = Kind.TEXT
    width: int = 12  # characters, for the spreadsheet


@dataclass(frozen=True)
class Table:
    """One table of the pack: an Excel sheet (or a block of one) and an HTML section."""

    key: str  # sheet name (≤ 31 characters) and HTML anchor
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]  # float/int figures, str text (WITHHELD, ABSENT), None only in NOTES columns
    notes: tuple[str, ...] = ()
    empty: str = ""  # said instead of the table when it has no rows


@dataclass(frozen=True)
class Series:
    name: str
    colour: str  # "#rrggbb"
    values: tuple[float | None, ...]  # None: withheld or missing, never drawn
    dashed: bool = False


@dataclass(frozen=True)
class Radar:
    """A radar's spokes and series; `notes[i]` says why spoke i of the first series is not drawn."""

    key: str
    title: str
    categories: tuple[str, ...]  # in full, for the table beside the chart
    labels: tuple[str, ...]  # on the chart's spokes (indicator ids: their text is a sentence)
    series: tuple[Series, ...]
    notes: tuple[str, ...]

    @property
    def drawable(self) -> bool:
        """A radar needs three spokes, and at least one of the borough's to have a value."""
        return len(self.categories) >= 3 and any(v is not None for v in self.series[0].values)

    @property
    def not_drawn(self) -> str:
        """Why there is no chart, when there is none."""
        if len(self.categories) < 3:
            return f"{self.title}: fewer than 3 indicators scored, so no radar; the table has them."
        return f"{self.title}: every spoke is {WITHHELD}, so no radar."


@dataclass(frozen=True)
class Distribution:
    """Counts of each score 1–5 per enabler; a withheld enabler's counts are None (no bar)."""

    categories: tuple[str, ...]
    counts: tuple[tuple[int | None, ...], ...]  # per category: count_1 … count_5
    notes: tuple[str, ...]  # per category: WITHHELD, "derived …" or ""
    flags: tuple[str, ...]  # per category: "low", "polarised", both or ""


@dataclass(frozen=True)
class Strip:
    """One answer on the spectrum of integration: its models in order, which is today's and which
    the one aimed for (None where the partnership did not say)."""

    label: str  # the scope ("Overall", a theme), with the group when the area had several
    models: tuple[str, ...]  # model names, coalition … unified
    today: int | None  # index into models
    aim: int | None


@dataclass(frozen=True)
class Said:
    """What the partnership said beside its scores: one sheet of the Excel pack, one HTML section."""

    reflections: Table
    evidence: Table
    challenges: Table
    models: Table
    strips: tuple[Strip, ...]  # the overall answers, one per group
    priorities: Table
    previous_priorities: Table

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.reflections, self.evidence, self.challenges, self.models, self.priorities,
                self.previous_priorities)


@dataclass(frozen=True)
class Pack:
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value) lines at the top of the summary
    summary: Table
    enablers: Table
    enabler_radar: Radar
    indicator_radars: tuple[Radar, ...]
    indicators: Table
    distribution: Distribution
    distribution_table: Table
    change: Table
    gaps: Table
    case_studies: Table
    challenges: Table
    response_quality: Table
    outcomes: Table
    said: Said
    notes: tuple[str, ...] = field(default=())


# --- cells ---------------------------------------------------------------------------------------


def _figure(value: object, withheld: bool = False) -> float | str:
    if withheld:
        return WITHHELD
    return ABSENT if missing(value) else float(value)


def _count(value: object, withheld: bool = False) -> int | str:
    if withheld:
        return WITHHELD
    return ABSENT if missing(value) else int(value)


def _flag(value: object, withheld: bool = False) -> str:
    if withheld:
        return WITHHELD
    return ABSENT if missing(value) else ("yes" if bool(value) else "no")


def _text(value: object) -> str:
    return ABSENT if missing(value) else str(value)


def _note(small: bool, withheld: bool, *extra: str) -> str:
    parts = [WITHHELD if withheld else SMALL_GROUP if small else "", *extra]
    return "; ".join(part for part in parts if part)


def _spoke(value: object, withheld: bool) -> float | None:
    return None if withheld or missing(value) else float(value)


def enabler_label(row) -> str:
    return f"{row.enabler_id} {row.enabler_name}"


# --- tables --------------------------------------------------------------------------------------


def _areas(report: BoroughReport) -> str:
    """"Boroughs" in London, "Authorities" elsewhere: what the region's areas are called in a heading."""
    return report.areas_word.capitalize()


def _rank_heading(report: BoroughReport) -> str:
    return f"Rank in {report.region_name} (1 = highest)"


def _comparison_columns(report: BoroughReport) -> tuple[Column, ...]:
    region = report.region_name
    beside = (
        Column(f"{region} mean", Kind.MEAN, 9),
        Column(f"{_areas(report)} in {region} mean", Kind.COUNT, 10),
        Column(f"Against {region}", Kind.COMPARISON, 13),
    )
    if report.comparator is None:
        return beside
    return (
        *beside,
        Column("Comparator mean", Kind.MEAN, 11),
        Column(f"{'Boroughs' if report.comparator.comparator_type == 'inner_outer' else 'Authorities'} "
               "in comparator mean", Kind.COUNT, 11),
        Column("Against comparator", Kind.COMPARISON, 13),
    )


def _comparison_cells(report: BoroughReport, row) -> tuple:
    beside = (_figure(row.region_mean), _count(row.region_n_areas), _text(row.region_label))
    if report.comparator is None:
        return beside
    return (*beside, _figure(row.comparator_mean), _count(row.comparator_n_areas), _text(row.comparator_label))


def _comparator_note(report: BoroughReport) -> str:
    if report.comparator is None:
        return f"Comparator: none chosen; {report.region_name} only."
    return f"Comparator: {report.comparator.comparator_name} ({report.areas_word} with results that year)."


def _summary(report: BoroughReport) -> Table:
    columns = (
        Column("Item", Kind.TEXT, 26),
        Column("People", Kind.COUNT, 8),
        Column("Mean", Kind.MEAN, 8),
        Column("95% interval: low", Kind.MEAN, 9),
        Column("95% interval: high", Kind.MEAN, 9),
        *_comparison_columns(report),
        Column(_rank_heading(report), Kind.COUNT, 10),
        Column(f"{_areas(report)} ranked", Kind.COUNT, 9),
        Column("Note", Kind.TEXT, 30),
    )
    rows = tuple(
        (
            r.item_name,
            _count(r.n_scores),
            _figure(r.mean_score, r.is_suppressed),
            _figure(r.mean_ci_low, r.is_suppressed),
            _figure(r.mean_ci_high, r.is_suppressed),
            *_comparison_cells(report, r),
            _count(r.rank, r.is_suppressed),
            _count(r.n_ranked),
            _note(r.is_small_group, r.is_suppressed),
        )
        for r in report.summary.itertuples()
    )
    return Table(
        "Summary",
        "Overall and theme maturity",
        columns,
        rows,
        notes=(
            "Overall and theme scores are each person's mean over the enablers they scored, then "
            f"the mean over people. Against {report.region_name} / the comparator: higher, similar or lower "
            f"by the 95% interval of the {'borough' if report.in_london else 'authority'}'s mean; Not compared "
            "where it cannot be computed.",
            _comparator_note(report),
        ),
    )


def _enablers(report: BoroughReport) -> Table:
    columns = (
        Column("Enabler", Kind.TEXT, 34),
        Column("Theme", Kind.TEXT, 22),
        Column("n scores", Kind.COUNT, 7),
        Column("n skipped", Kind.COUNT, 7),
        Column("Mean", Kind.MEAN, 8),
        Column("95% interval: low", Kind.MEAN, 9),
        Column("95% interval: high", Kind.MEAN, 9),
        *_comparison_columns(report),
        Column(_rank_heading(report), Kind.COUNT, 10),
        Column("Agreement", Kind.MEAN, 10),
        Column("Consensus", Kind.MEAN, 10),
        Column("Low", Kind.TEXT, 7),
        Column("Polarised", Kind.TEXT, 9),
        Column("Dig deeper", Kind.TEXT, 9),
        Column("Note", Kind.TEXT, 30),
    )
    rows = tuple(
        (
            enabler_label(r),
            r.theme_name,
            _count(r.n_scores),
            _count(r.n_skipped),
            _figure(r.mean_score, r.is_suppressed),
            _figure(r.mean_ci_low, r.is_suppressed),
            _figure(r.mean_ci_high, r.is_suppressed),
            *_comparison_cells(report, r),
            _count(r.rank, r.is_suppressed),
            _figure(r.agreement, r.is_suppressed),
            _figure(r.consensus, r.is_suppressed),
            _flag(r.is_low, r.is_suppressed),
            _flag(r.is_polarised, r.is_suppressed),
            _flag(r.dig_deeper, r.is_suppressed),
            _note(r.is_small_group, r.is_suppressed, "derived from indicator scores" if r.is_derived else ""),
        )
        for r in report.enablers.itertuples()
    )
    return Table(
        "Enablers",
        "The 12 enablers",
        columns,
        rows,
        notes=(
            "Agreement (van der Eijk's A): +1 everyone gave the same score, 0 evenly spread, −1 two "
            "camps at 1 and 5. Consensus (Tastle and Wierman): 1 all the same, 0 split between 1 and 5. "
            "Low: mean below 2.5. Polarised: agreement below 0. Dig deeper: low or polarised, the "
            "enablers the tool suggests looking at indicator by indicator.",
            _comparator_note(report),
        ),
    )


def _indicators(report: BoroughReport) -> Table:
    columns = (
        Column("Enabler", Kind.TEXT, 28),
        Column("Indicator", Kind.TEXT, 8),
        Column("Indicator text", Kind.TEXT, 60),
        Column("n scores", Kind.COUNT, 7),
        Column("n skipped", Kind.COUNT, 7),
        Column("Mean", Kind.MEAN, 8),
        Column("95% interval: low", Kind.MEAN, 9),
        Column("95% interval: high", Kind.MEAN, 9),
        Column("Agreement", Kind.MEAN, 10),
        Column("Consensus", Kind.MEAN, 10),
        Column("Low", Kind.TEXT, 7),
        Column("Polarised", Kind.TEXT, 9),
        Column("Note", Kind.TEXT, 30),
    )
    rows = tuple(
        (
            enabler_label(r),
            r.indicator_id,
            r.indicator_text,
            _count(r.n_scores),
            _count(r.n_skipped),
            _figure(r.mean_score, r.is_suppressed),
            _figure(r.mean_ci_low, r.is_suppressed),
            _figure(r.mean_ci_high, r.is_suppressed),
            _figure(r.agreement, r.is_suppressed),
            _figure(r.consensus, r.is_suppressed),
            _flag(r.is_low, r.is_suppressed),
            _flag(r.is_polarised, r.is_suppressed),
            _note(r.is_small_group, r.is_suppressed),
        )
        for r in report.indicators.itertuples()
    )
    return Table(
        "Indicators",
        "Indicators, where the partnership dug deeper",
        columns,
        rows,
        empty="Nobody scored the indicators (the dig-deeper sheet) this year.",
    )


def _enabler_radar(report: BoroughReport) -> Radar:
    rows = report.enablers
    withheld = rows["is_suppressed"].tolist()
    series = [
        Series(
            f"{report.area_name} {report.year}",
            palette.AREA,
            tuple(_spoke(m, w) for m, w in zip(rows["mean_score"], withheld)),
        ),
        Series(f"{report.region_name} {report.year}", palette.LONDON,
               tuple(_spoke(m, False) for m in rows["region_mean"]), True),
    ]
    if report.comparator is not None:
        series.append(
            Series(
                report.comparator.comparator_name,
                palette.COMPARATOR,
                tuple(_spoke(m, False) for m in rows["comparator_mean"]),
                True,
            )
        )
    labels = tuple(enabler_label(r) for r in rows.itertuples())
    return Radar(
        "enablers",
        f"{report.area_name} {report.year}: enabler means beside {report.region_name}"
        + (f" and {report.comparator.comparator_name}" if report.comparator else ""),
        labels,
        labels,
        tuple(series),
        tuple(NOT_DRAWN if w else "" for w in withheld),
    )


def _indicator_radars(report: BoroughReport) -> tuple[Radar, ...]:
    """One radar per enabler the partnership dug into, over the indicators it scored."""
    radars = []
    for (_, name), rows in report.indicators.groupby(["enabler_order", "enabler_name"], sort=True):
        withheld = rows["is_suppressed"].tolist()
        radars.append(
            Radar(
                f"indicators-{rows['enabler_id'].iloc[0]}",
                f"{rows['enabler_id'].iloc[0]} {name}: indicator means",
                tuple(f"{r.indicator_id} {r.indicator_text}" for r in rows.itertuples()),
                tuple(rows["indicator_id"]),
                (
                    Series(
                        f"{report.area_name} {report.year}",
                        palette.AREA,
                        tuple(_spoke(m, w) for m, w in zip(rows["mean_score"], withheld)),
                    ),
                ),
                tuple(NOT_DRAWN if w else "" for w in withheld),
            )
        )
    return tuple(radars)


def _distribution(report: BoroughReport) -> tuple[Distribution, Table]:
    rows = report.enablers
    scores = [f"count_{s}" for s in range(1, 6)]
    counts = tuple(
        tuple(None if r.is_suppressed or missing(getattr(r, c)) else int(getattr(r, c)) for c in scores)
        for r in rows.itertuples()
    )
    notes = tuple(
        WITHHELD if r.is_suppressed else "derived from indicator scores: no whole scores" if r.is_derived else ""
        for r in rows.itertuples()
    )
    columns = (
        Column("Enabler", Kind.TEXT, 34),
        Column("n scores", Kind.COUNT, 7),
        *(Column(f"Scored {s}", Kind.COUNT, 8) for s in range(1, 6)),
        Column("Agreement", Kind.MEAN, 10),
        Column("Consensus", Kind.MEAN, 10),
        Column("Low", Kind.TEXT, 7),
        Column("Polarised", Kind.TEXT, 9),
        Column("Note", Kind.TEXT, 30),
    )
    table_rows = tuple(
        (
            enabler_label(r),
            _count(r.n_scores),
            *(_count(getattr(r, c), r.is_suppressed) for c in scores),
            _figure(r.agreement, r.is_suppressed),
            _figure(r.consensus, r.is_suppressed),
            _flag(r.is_low, r.is_suppressed),
            _flag(r.is_polarised, r.is_suppressed),
            note,
        )
        for r, note in zip(rows.itertuples(), notes)
    )
    flags = tuple(
        ""
        if r.is_suppressed
        else ", ".join(f for f, on in (("low", r.is_low), ("polarised", r.is_polarised)) if not missing(on) and on)
        for r in rows.itertuples()
    )
    distribution = Distribution(tuple(enabler_label(r) for r in rows.itertuples()), counts, notes, flags)
    table = Table(
        "Distributions",
        "How many people gave each score",
        columns,
        table_rows,
        notes=("1 = starting out … 5 = fully in place. A polarised enabler has people in distant camps: "
               "worth a conversation about why they see it so differently.",),
    )
    return distribution, table


def _why_not_calculated(row) -> str:
    if row.direction != "cannot be calculated":
        return ""
    if row.is_suppressed:
        return "fewer than 3 people scored in one of the years"
    return (
        f"with {_count(row.previous_n)} and {_count(row.current_n)} people no difference could reach "
        f"p < 0.05 (smallest possible p {float(row.minimum_achievable_p):.3f})"
        if not missing(row.minimum_achievable_p)
        else "a year has no scores"
    )


def _change(report: BoroughReport) -> Table:
    columns = (
        Column("Level", Kind.TEXT, 9),
        Column("Item", Kind.TEXT, 34),
        Column("Previous year", Kind.COUNT, 9),
        Column("People then", Kind.COUNT, 8),
        Column("Mean then", Kind.MEAN, 8),
        Column("People now", Kind.COUNT, 8),
        Column("Mean now", Kind.MEAN, 8),
        Column("Change", Kind.MEAN, 8),
        Column("95% interval: low", Kind.MEAN, 9),
        Column("95% interval: high", Kind.MEAN, 9),
        Column("p (exact permutation test)", Kind.P_VALUE, 10),
        Column("Direction", Kind.TEXT, 20),
        Column("Why it cannot be calculated", Kind.TEXT, 34),
        Column("Slope per year", Kind.MEAN, 8),
        Column("Slope interval: low", Kind.MEAN, 9),
        Column("Slope interval: high", Kind.MEAN, 9),
        Column("Years in slope", Kind.COUNT, 7),
        Column("Sector mix note", Kind.TEXT, 50),
    )
    rows = tuple(
        (
            r.level,
            r.item_name,
            _count(r.previous_year),
            _count(r.previous_n),
            _figure(r.previous_mean, r.is_suppressed and missing(r.previous_mean)),
            _count(r.current_n),
            _figure(r.current_mean, r.is_suppressed and missing(r.current_mean)),
            _figure(r.change, r.is_suppressed),
            _figure(r.change_ci_low, r.is_suppressed),
            _figure(r.change_ci_high, r.is_suppressed),
            _figure(r.permutation_p, r.is_suppressed),
            r.direction,
            _why_not_calculated(r),
            _figure(r.slope_per_year, r.is_suppressed),
            _figure(r.slope_ci_low, r.is_suppressed),
            _figure(r.slope_ci_high, r.is_suppressed),
            _count(r.n_years),
            "" if missing(r.sector_mix_note) else r.sector_mix_note,
        )
        for r in report.change.itertuples()
    )
    return Table(
        "Change",
        "Change since the last assessment",
        columns,
        rows,
        notes=(
            "Direction: increasing or decreasing when the exact permutation test gives p below 0.05; "
            "no significant change otherwise. The slope is over every year with 3 or more scores, when "
            "there are 3 or more such years. When the sector mix changed, part of a change may reflect "
            "who took part rather than how the partnership has moved.",
        ),
        empty="This is the borough's first published assessment: there is no earlier one to compare with.",
    )


def _gaps(report: BoroughReport) -> Table:
    columns = (
        Column("Split", Kind.TEXT, 10),
        Column("Group", Kind.TEXT, 28),
        Column("Compared with", Kind.TEXT, 14),
        Column("Enabler", Kind.TEXT, 34),
        Column("People in group", Kind.COUNT, 8),
        Column("People compared with", Kind.COUNT, 9),
        Column("Group mean", Kind.MEAN, 8),
        Column("Their mean", Kind.MEAN, 8),
        Column("Gap", Kind.MEAN, 8),
        Column("95% interval: low", Kind.MEAN, 9),
        Column("95% interval: high", Kind.MEAN, 9),
    )
    split_names = {"sector": "Sector", "role_level": "Strategic / operational"}
    rows = tuple(
        (
            split_names.get(r.split, r.split),
            r.group_label,
            r.compared_with,
            enabler_label(r),
            _count(r.n_group, r.is_suppressed),
            _count(r.n_others, r.is_suppressed),
            _figure(r.group_mean, r.is_suppressed),
            _figure(r.others_mean, r.is_suppressed),
            _figure(r.gap, r.is_suppressed),
            _figure(r.gap_ci_low, r.is_suppressed),
            _figure(r.gap_ci_high, r.is_suppressed),
        )
        for r in report.gaps.itertuples()
    )
    return Table(
        "Group gaps",
        "Sector and strategic / operational gaps",
        columns,
        rows,
        notes=(
            "Gap = the group's mean minus the mean of those it is compared with, with its 95% Welch "
            "interval; an interval that includes 0 shows no clear difference. A split is withheld "
            "whenever any part of it has fewer than 3 people, or when crossing it with sectors would "
            "single out one or two people.",
        ),
        empty="No group comparisons were published for this assessment.",
    )


def _case_studies(report: BoroughReport) -> Table:
    columns = (
        Column("Enabler", Kind.TEXT, 30),
        Column("Why suggested", Kind.TEXT, 14),
        Column("Box", Kind.TEXT, 5),
        Column("Case study", Kind.TEXT, 50),
        Column("Issues it covers", Kind.TEXT, 60),
        Column("Boroughs", Kind.TEXT, 24),
    )
    rows = tuple(
        (enabler_label(r), r.reason, r.box, r.title, _text(r.issues), "" if missing(r.boroughs) else r.boroughs)
        for r in report.case_studies.itertuples()
    )
    return Table(
        "Case studies",
        "Case studies for the enablers to dig deeper into",
        columns,
        rows,
        notes=("Boxes A–L of the Beyond Boundaries report that cover each enabler flagged to dig deeper "
               "into (low or polarised).",),
        empty="No enabler is flagged to dig deeper into this year, so no case study is suggested.",
    )


def _challenges(report: BoroughReport) -> Table:
    columns = (
        Column("Challenge", Kind.TEXT, 22),
        Column("What it is", Kind.TEXT, 50),
        Column("Examples", Kind.TEXT, 50),
        Column("Discussion notes", Kind.NOTES, 60),
    )
    rows = tuple((r.challenge_name, r.description, _text(r.examples), None) for r in report.challenges.itertuples())
    return Table(
        "Challenges",
        "Six challenges: prompts for the discussion",
        columns,
        rows,
        notes=("Which of these hold the partnership back on its lower-rated enablers, and what could it try?",),
    )


def _response_quality(report: BoroughReport) -> Table:
    columns = (
        Column("Level", Kind.TEXT, 11),
        Column("Group", Kind.TEXT, 16),
        Column("Workbook", Kind.TEXT, 14),
        Column("People", Kind.COUNT, 7),
        Column("Same score for every enabler", Kind.COUNT, 11),
        *(Column(f"… all {s}s", Kind.COUNT, 7) for s in range(1, 6)),
        Column("Share of enabler answers skipped", Kind.SHARE, 11),
        Column("Skipped over half", Kind.COUNT, 9),
        Column("Note", Kind.TEXT, 30),
    )
    rows = tuple(
        (
            r.level,
            _text(r.group_label) if not missing(r.group_label) else "",
            "all workbooks" if missing(r.submission_id) else str(r.submission_id)[:12],
            _count(r.n_participants),
            _count(r.n_same_score, r.is_suppressed),
            *(_count(getattr(r, f"n_same_score_{s}"), r.is_suppressed) for s in range(1, 6)),
            _figure(r.share_skipped, r.is_suppressed),
            _count(r.n_skipped_over_half, r.is_suppressed),
            WITHHELD if r.is_suppressed else "",
        )
        for r in report.response_quality.itertuples()
    )
    return Table(
        "Response quality",
        "Response quality",
        columns,
        rows,
        notes=("People who gave every enabler the same score pull means towards that score and agreement "
               "up; many skipped answers make the means rest on fewer people than took part. The workbook "
               "is named by the start of its fingerprint (sha256).",),
    )


def _outcomes(report: BoroughReport) -> Table:
    columns = (
        Column("Indicator", Kind.TEXT, 50),
        Column("Source", Kind.TEXT, 12),
        Column("Period", Kind.TEXT, 10),
        Column("Value", Kind.MEAN, 9),
        Column("Unit", Kind.TEXT, 8),
        Column(report.region_name, Kind.MEAN, 9),
        Column("England", Kind.MEAN, 9),
        Column("Why missing", Kind.TEXT, 24),
    )
    rows = tuple(
        (
            r.indicator_name,
            r.source,
            r.period_label,
            _text(r.missing_reason) if missing(r.value) else float(r.value),
            "" if missing(r.unit) else r.unit,
            _figure(r.region_value),
            _figure(r.england_value),
            "" if missing(r.missing_reason) else r.missing_reason,
        )
        for r in report.outcomes.itertuples()
    )
    return Table(
        "Outcomes",
        f"Latest published outcomes for the {'borough' if report.in_london else 'authority'}",
        columns,
        rows,
        notes=(f"The latest headline figure of each outcome indicator in the snapshot, beside {report.region_name} "
               "and England.", NO_CAUSAL_CLAIM),
        empty=f"No outcome figures are published for this {'borough' if report.in_london else 'authority'}.",
    )


# --- what the partnership said --------------------------------------------------------------------

SAID_TITLE = "What the partnership said"
NOT_ANSWERED = "not answered"
NOT_SAID = "not said"
NO_ENABLER = "none named"


def strip_text(strip: Strip) -> str:
    """A strip in words, for readers of a table or a screen reader: "Overall: Coalition models
    (today) → Coordinated models (aiming for) → Unified models"."""
    def marked(index: int, name: str) -> str:
        marks = [word for word, at in (("today", strip.today), ("aiming for", strip.aim)) if at == index]
        return f"{name} ({' and '.join(marks)})" if marks else name

    unsaid = [word for word, at in (("today", strip.today), ("aiming for", strip.aim)) if at is None]
    return (f"{strip.label}: " + " → ".join(marked(i, name) for i, name in enumerate(strip.models))
            + (f" ({NOT_SAID}: {', '.join(unsaid)})" if unsaid else ""))


def _or_blank(value: object) -> str:
    """Optional text (a group label, what is within the gift, an owner): blank when there is none."""
    return "" if missing(value) else str(value)


def _grouped(frame: pd.DataFrame | None) -> bool:
    """Whether the area-year's text came from several groups, so each row must say whose it is."""
    return frame is not None and bool(frame["group_label"].notna().any())


def _empty(frame: pd.DataFrame | None, blank: str = LEFT_BLANK) -> str:
    return NOT_COLLECTED if frame is None else blank


def _group_column(frame: pd.DataFrame | None) -> tuple[Column, ...]:
    return (Column("Group", Kind.TEXT, 22),) if _grouped(frame) else ()


def _group_cell(frame: pd.DataFrame | None, row) -> tuple:
    return (_or_blank(row.group_label),) if _grouped(frame) else ()


def _texts(report: BoroughReport, kind: str) -> pd.DataFrame | None:
    frame = report.narrative.reflections
    return None if frame is None else frame[frame["kind"] == kind]


def _reflections(report: BoroughReport) -> Table:
    frame = _texts(report, "reflection")
    columns = (Column("Theme", Kind.TEXT, 28), *_group_column(frame), Column("Reflection", Kind.TEXT, 90))
    rows = () if frame is None else tuple(
        (r.item_name, *_group_cell(frame, r), r.text) for r in frame.itertuples())
    return Table("Reflections", "Reflections: what are the key areas where progress is needed?", columns, rows,
                 notes=(NARRATIVE_NOTE,), empty=_empty(frame))


def _evidence(report: BoroughReport) -> Table:
    frame = _texts(report, "evidence")
    columns = (Column("Enabler", Kind.TEXT, 28), *_group_column(frame),
               Column("What is working well, and the evidence", Kind.TEXT, 90))
    rows = () if frame is None else tuple(
        (f"{r.item_id} {r.item_name}", *_group_cell(frame, r), r.text) for r in frame.itertuples())
    return Table("Evidence", "What is working well, and the evidence that shows this", columns, rows,
                 empty=_empty(frame))


def _said_challenges(report: BoroughReport) -> Table:
    """Every challenge of the tool once answered at all: each group's answer, or "not answered"."""
    frame = report.narrative.challenges
    columns = (Column("Challenge", Kind.TEXT, 24), *_group_column(frame), Column("In play?", Kind.TEXT, 16),
               Column("What is within the partnership's gift to change", Kind.TEXT, 70))
    rows: list[tuple] = []
    if frame is not None and not frame.empty:
        for challenge in report.challenges.itertuples():
            answers = frame[frame["challenge_id"] == challenge.challenge_id]
            rows += [(challenge.challenge_name, *_group_cell(frame, r),
                      NOT_ANSWERED if missing(r.status) else r.status_label, _or_blank(r.within_gift))
                     for r in answers.itertuples()]
            if answers.empty:
                rows.append((challenge.challenge_name, *(("",) if _grouped(frame) else ()), NOT_ANSWERED, ""))
    return Table("Challenges in play", "The six challenges: which are in play, and what is within the partnership's "
                 "gift", columns, tuple(rows), empty=_empty(frame))


def _models(report: BoroughReport) -> Table:
    frame = report.narrative.models
    columns = (Column("Scope", Kind.TEXT, 26), *_group_column(frame), Column("Today", Kind.TEXT, 22),
               Column("Aiming for", Kind.TEXT, 22))
    rows = () if frame is None else tuple(
        (r.scope_name, *_group_cell(frame, r),
         NOT_SAID if missing(r.current_model_name) else r.current_model_name,
         NOT_SAID if missing(r.aspired_model_name) else r.aspired_model_name)
        for r in frame.itertuples())
    return Table("Integration model", "The spectrum of integration: where the partnership is and wants to be",
                 columns, rows, empty=_empty(frame))


def _strips(report: BoroughReport) -> tuple[Strip, ...]:
    frame, spectrum = report.narrative.models, report.narrative.spectrum
    if frame is None or spectrum is None:
        return ()
    ids = list(spectrum["model_id"])
    names = tuple(spectrum["model_name"])
    grouped = _grouped(frame)
    return tuple(
        Strip(f"{r.scope_name}{f' — {r.group_label}' if grouped and not missing(r.group_label) else ''}", names,
              ids.index(r.current_model) if r.current_model in ids else None,
              ids.index(r.aspired_model) if r.aspired_model in ids else None)
        for r in frame[frame["scope"] == "overall"].itertuples()
    )


def _priority_rows(frame: pd.DataFrame) -> list[tuple]:
    """One row per priority (its named enablers together), in the frame's order."""
    rows = []
    for _, named in frame.groupby(["group_label", "priority_no"], sort=False, dropna=False):
        first = named.iloc[0]
        enablers = "; ".join(f"{r.enabler_id} {r.enabler_name}" for r in named.itertuples() if not missing(r.enabler_id))
        rows.append((first, enablers or NO_ENABLER))
    return rows


def _priorities(report: BoroughReport) -> Table:
    frame = report.narrative.priorities
    columns = (Column("Priority", Kind.COUNT, 8), *_group_column(frame), Column("Priority for action", Kind.TEXT, 60),
               Column("Enablers it addresses", Kind.TEXT, 40), Column("Owner (role)", Kind.TEXT, 24),
               Column("Review by", Kind.TEXT, 11))
    rows = () if frame is None else tuple(
        (int(first.priority_no), *_group_cell(frame, first), first.text, enablers, _or_blank(first.owner_role),
         "" if missing(first.review_date) else f"{pd.Timestamp(first.review_date):%Y-%m-%d}")
        for first, enablers in _priority_rows(frame))
    return Table("Priorities", f"Priorities for action set in {report.year}", columns, rows, empty=_empty(frame))


def _previous_priorities(report: BoroughReport) -> Table:
    frame = report.narrative.previous_priorities
    columns = (
        Column("Priority", Kind.COUNT, 8), Column("Set in", Kind.COUNT, 7), *_group_column(frame),
        Column("Priority for action", Kind.TEXT, 50), Column("Enabler", Kind.TEXT, 30),
        Column("People then", Kind.COUNT, 8), Column("People now", Kind.COUNT, 8), Column("Change", Kind.CHANGE, 8),
        Column("95% interval: low", Kind.MEAN, 9), Column("95% interval: high", Kind.MEAN, 9),
        Column("Direction", Kind.TEXT, 20),
    )

    def change(r) -> tuple:
        if missing(r.enabler_id):
            return (ABSENT,) * 6
        withheld = not missing(r.change_is_suppressed) and bool(r.change_is_suppressed)
        return (_count(r.next_previous_n), _count(r.next_current_n), _figure(r.change, withheld),
                _figure(r.change_ci_low, withheld), _figure(r.change_ci_high, withheld),
                WITHHELD if withheld else _text(r.direction))

    rows = () if frame is None else tuple(
        (int(r.priority_no), int(r.assessment_year), *_group_cell(frame, r), r.text,
         NO_ENABLER if missing(r.enabler_id) else f"{r.enabler_id} {r.enabler_name}", *change(r))
        for r in frame.itertuples())
    since = sorted({int(y) for y in frame["assessment_year"]}) if frame is not None else []
    title = ("Priorities set at the last assessment, beside the change in their enablers since" if len(since) != 1 else
             f"Priorities set in {since[0]}, beside the change in their enablers from {since[0]} to {report.year}")
    return Table("Last priorities", title, columns, rows, notes=(PRIORITY_CHANGE_NOTE,), empty=_empty(frame, NO_PREVIOUS_PRIORITIES))


def said(report: BoroughReport) -> Said:
    """What the partnership said, as the borough page and both packs show it."""
    return Said(
        reflections=_reflections(report),
        evidence=_evidence(report),
        challenges=_said_challenges(report),
        models=_models(report),
        strips=_strips(report),
        priorities=_priorities(report),
        previous_priorities=_previous_priorities(report),
    )


def build_pack(report: BoroughReport) -> Pack:
    distribution, distribution_table = _distribution(report)
    comparator = report.comparator.comparator_name if report.comparator else f"none chosen ({report.region_name} only)"
    return Pack(
        title=f"{report.area_name} {report.year}: early years integration self-evaluation",
        facts=(
            ("Area", f"{report.area_name} ({report.area_code})"),
            ("Assessment year", str(report.year)),
            ("Compared with", f"{report.region_name}; {comparator}"),
            ("Snapshot published", f"{report.published_at:%Y-%m-%d %H:%M} UTC"),
            ("Run", report.run_id),
            ("Data", "SYNTHETIC (demonstration data)" if report.is_synthetic else "borough returns"),
        ),
        summary=_summary(report),
        enablers=_enablers(report),
        enabler_radar=_enabler_radar(report),
        indicator_radars=_indicator_radars(report),
        indicators=_indicators(report),
        distribution=distribution,
        distribution_table=distribution_table,
        change=_change(report),
        gaps=_gaps(report),
        case_studies=_case_studies(report),
        challenges=_challenges(report),
        response_quality=_response_quality(report),
        outcomes=_outcomes(report),
        said=said(report),
        notes=(SCALE_NOTE, SUPPRESSION_NOTE),
    )


"""DfE Explore Education Statistics (EES) open-data CSVs: wide files, one column per indicator.

EES files share their time and geography columns (time_period, time_identifier, geographic_level,
country/region/LA codes and names); every other column is either a filter (gender, characteristic
…; docs/outcomes.md gives the rule for which value is the headline, `Total` first) or an indicator
(gld_percentage, number_of_children …). Files do
not label which is which, so the cells decide: a column whose filled cells are numbers or EES
symbols is an indicator, unless it holds "Total" (only filters do). A column of mostly numbers with
a few other words is an indicator with bad cells, and those cells are refused. EES symbols mean a
figure is withheld or does not exist; each becomes a missing value with its meaning, never 0.
"""

from __future__ import annotations

from ingest.core.identifiers import INDICATOR_ID, area_code_refusal
from ingest.core.problems import Problem, Refused
from ingest.outcomes.csv_table import (
    Duplicates,
    Table,
    breakdown_text,
    cell,
    is_number,
    is_synthetic,
    missing_columns,
    no_rows,
    normalise,
    number,
)
from ingest.outcomes.model import IndicatorInfo, OutcomeFile, OutcomeValue
from ingest.outcomes.periods import period_or_reason

# The GSS symbols EES uses in place of a figure ("k" and ":" appear in older DfE files).
SYMBOLS = {
    "x": "not available",
    "z": "not applicable",
    "c": "confidential",
    "low": "rounds to zero",
    "u": "low reliability",
    "k": "rounds to zero",
    ":": "not available",
}
TOTAL = "total"
# A filter without "Total" whose headline value is a choice, not the first value (docs/outcomes.md):
# looked-after children are counted on 31 March, the figure DfE's own headline rate uses.
HEADLINE_CHOICES = {"populationtype": "Children looked after on 31 March each year"}
REQUIRED = ("time_period", "time_identifier", "geographic_level", "country_code")
TIME_COLUMNS = ("time_period", "time_identifier")
# geographic_level → (our geography, its code column, its name column)
LEVELS = {
    "national": ("country", "country_code", "country_name"),
    "regional": ("region", "region_code", "region_name"),
    "local authority": ("local_authority", "new_la_code", "la_name"),
}
# EES's standard geography columns: never filters or indicators, whatever they hold.
GEOGRAPHY_COLUMNS = frozenset({
    "geographic_level", "country_code", "country_name", "region_code", "region_name", "old_la_code",
    "new_la_code", "la_name", "lad_code", "lad_name", "pcon_code", "pcon_name", "ward_code", "ward_name",
    "english_devolved_area_code", "english_devolved_area_name", "local_enterprise_partnership_code",
    "local_enterprise_partnership_name", "lsip_code", "lsip_name", "opportunity_area_code",
    "opportunity_area_name", "rsc_region_lead_name", "mayoral_combined_authority_code",
    "mayoral_combined_authority_name", "police_force_area_code", "police_force_area_name",
    "planning_area_code", "planning_area_name", "school_urn", "school_laestab", "school_name",
    "school_postcode", "trust_id", "trust_name", "sponsor_id", "sponsor_name", "provider_ukprn",
    "provider_name", "institution_id", "institution_name", "local_authority_selection_status",
})
_NOT_FIGURES = frozenset(map(normalise, GEOGRAPHY_COLUMNS | set(TIME_COLUMNS)))
# A "percentage" indicator is in per cent; other units are not written in EES column names reliably.
PERCENT_SUFFIXES = ("_percentage", "_percent", "_pct")


def is_ees(columns: dict[str, int]) -> bool:
    return "time_period" in columns and "geographic_level" in columns


def missing_reason(text: str) -> str | None:
    """An EES symbol's missing reason ("c" → "c: confidential"); None when the cell is not a symbol."""
    meaning = SYMBOLS.get(text.casefold())
    return f"{text.casefold()}: {meaning}" if meaning else None


def readable(column: str) -> str:
    """"gld_percentage" → "Gld percentage"."""
    words = column.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def read_ees(table: Table, file_name: str) -> OutcomeFile:
    problems = missing_columns(table, REQUIRED) + no_rows(table)
    if problems:
        raise Refused(problems)
    col = table.columns()
    c_period, c_identifier, c_level = col["time_period"], col["time_identifier"], col["geographic_level"]
    filters, measures = _classify(table)
    # An indicator column's name is its id: one outside the shape refuses the file before any row is read.
    problems = [Problem(cell(1, i), reason) for i in measures
                if (reason := INDICATOR_ID.refusal("indicator id", table.header[i]))]
    if problems:
        raise Refused(problems)
    other_codes = [(i, col.get(name.removesuffix("_code") + "_name")) for i, name in enumerate(table.header)
                   if name.endswith("_code") and name in GEOGRAPHY_COLUMNS
                   and name not in ("country_code", "region_code", "old_la_code", "new_la_code")]
    indicators = tuple(
        IndicatorInfo("ees", table.header[i], readable(table.header[i]),
                      unit="%" if table.header[i].casefold().endswith(PERCENT_SUFFIXES) else None, location=cell(1, i))
        for i in measures)

    as_total, chosen, notes = _headline_values(table, filters)
    values: list[OutcomeValue] = []
    duplicates = Duplicates()
    for row, cells in table.rows:
        before = len(problems)
        key = (cells[c_period], cells[c_identifier])
        period = period_or_reason(*key)
        if isinstance(period, str):
            problems.append(Problem(cell(row, c_period), period))
        geography, c_code, c_name = _where(cells[c_level], cells, col, other_codes)
        code = cells[c_code] if c_code is not None else ""
        if reason := area_code_refusal(code):
            problems.append(Problem(cell(row, c_code if c_code is not None else c_level), reason))
        breaking = [i for i in filters if not _is_total(cells[i]) and cells[i] != as_total.get(i)]
        breakdown = breakdown_text((table.header[i], cells[i]) for i in breaking)
        is_headline = all(cells[i] == chosen.get(i) for i in breaking)
        row_values = []
        for i in measures:
            text = cells[i]
            reason = "empty cell" if not text else missing_reason(text)
            value = None if reason else number(text, row, i, "value", problems)
            row_values.append((i, value, reason))
        if len(problems) > before:
            continue
        for i, value, reason in row_values:
            indicator_id = table.header[i]
            location = cell(row, i)
            if not duplicates.first((indicator_id, geography, code, period.label, breakdown), (value, reason), location,
                                    f"{indicator_id} for {code} ({geography}) in {period.label}" + (f" ({breakdown})" if breakdown else ""),
                                    problems):
                continue
            values.append(OutcomeValue(
                source="ees", indicator_id=indicator_id, area_code=code,
                area_name=(cells[c_name] or None) if c_name is not None else None, geography=geography,
                period=period, breakdown=breakdown, is_headline=is_headline, value=value, lower_ci=None, upper_ci=None,
                count=None, denominator=None, missing_reason=reason, location=location))
    if problems:
        raise Refused(problems)
    authorities = {v.area_code for v in values if v.geography == "local_authority"}
    if shared := sum(v.geography == "other" and v.area_code in authorities for v in values):
        notes.append(f"{shared} values at another geographic level (such as Local authority district) under a code "
                     "the file also gives a Local authority row kept as geography 'other', never as the authority's own")
    return OutcomeFile("ees", "ees", is_synthetic(file_name, table), indicators, tuple(values), tuple(notes))


def _is_total(text: str) -> bool:
    return not text or text.casefold() == TOTAL


def _headline_values(table: Table, filters: list[int]) -> tuple[dict[int, str], dict[int, str], list[str]]:
    """Each filter's headline, by the rule in docs/outcomes.md: its `Total`; else, when it has one
    value only, that value, which counts as total (first dict: left out of the breakdown); else the
    value HEADLINE_CHOICES names, else its first value in the file's order (second dict: these keep
    their breakdown, and the notes name them)."""
    as_total: dict[int, str] = {}
    chosen: dict[int, str] = {}
    notes = []
    for i in filters:
        published = list(dict.fromkeys(cells[i] for _, cells in table.rows))  # a blank cell is a total
        name = table.header[i]
        if any(_is_total(text) for text in published):
            continue
        if len(published) == 1:
            as_total[i] = published[0]
        elif HEADLINE_CHOICES.get(normalise(name)) in published:
            chosen[i] = HEADLINE_CHOICES[normalise(name)]
            notes.append(f"headline {name}={chosen[i]} (no Total; the documented choice among {len(published)} values)")
        else:
            chosen[i] = published[0]
            notes.append(f"headline {name}={chosen[i]} (no Total; the first of its {len(published)} values)")
    return as_total, chosen, notes


def _classify(table: Table) -> tuple[list[int], list[int]]:
    """(filter columns, indicator columns), by what their cells hold (see the module docstring)."""
    filters, measures = [], []
    for i, name in enumerate(table.header):
        if normalise(name) in _NOT_FIGURES or not name:
            continue
        filled = [cells[i] for _, cells in table.rows if cells[i]]
        figures = sum(1 for text in filled if is_number(text) or text.casefold() in SYMBOLS)
        if not filled or any(text.casefold() == TOTAL for text in filled) or 2 * figures <= len(filled):
            filters.append(i)
        else:
            measures.append(i)
    return filters, measures


def _where(level: str, cells: list[str], col: dict[str, int],
           other_codes: list[tuple[int, int | None]]) -> tuple[str, int | None, int | None]:
    """(geography, code column, name column) of a row: its level's own columns, else the most specific code
    given, as "other". A Local authority district row is "other" with its lad_code even when that is a
    borough's own E09 code: its figures are not the authority's (docs/outcomes.md)."""
    known = LEVELS.get(level.casefold())
    if known:
        geography, code, name = known
        return geography, col.get(code), col.get(name)
    for code_index, name_index in reversed(other_codes):
        if cells[code_index]:
            return "other", code_index, name_index
    for code, name in (("new_la_code", "la_name"), ("region_code", "region_name"), ("country_code", "country_name")):
        if code in col and cells[col[code]]:
            return "other", col[code], col.get(name)
    return "other", None, None


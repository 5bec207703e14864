"""OHID Fingertips data downloads (the website's "Export table" CSV and the API's all_data CSV).

Both have the same 26 columns; newer exports add "Time period range", and the second "Compared to …"
column is named after the parent area type, so columns are found by name, never by position. One
file may hold several indicators, every sex, age and category breakdown, and the same borough
under more than one area type; all of it is kept, once, with the headline figure marked.
"""

from __future__ import annotations

from collections import defaultdict

from ingest.core.identifiers import FINGERTIPS_INDICATOR_ID, area_code_refusal
from ingest.core.problems import Problem, Refused
from ingest.outcomes.csv_table import (
    Duplicates,
    Table,
    breakdown_text,
    cell,
    is_synthetic,
    missing_columns,
    no_rows,
    number,
)
from ingest.outcomes.model import IndicatorInfo, OutcomeFile, OutcomeValue
from ingest.outcomes.periods import period_or_reason

# As published, in order ("Compared to Region …" is named after the parent area type of the download).
COLUMNS = (
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type",
    "Sex", "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
    "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator",
    "Value note", "Recent Trend", "Compared to England value or percentiles",
    "Compared to Region value or percentiles", "Time period Sortable", "New data", "Compared to goal",
)
REQUIRED = ("Indicator ID", "Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age", "Time period", "Value")
# Columns only a data download has: any of them beside "Indicator ID" makes a file a Fingertips data file
# ("Area Code" is not one: once spelling is set aside it is the generic CSV's area_code).
SIGNATURE = ("Area Type", "Time period", "Time period Sortable", "Lower CI 95.0 limit", "Value note")
HEADLINE_SEX, HEADLINE_AGE = "Persons", "All ages"

_LOCAL_AUTHORITY_TYPES = ("counties & uas", "districts & uas", "county & ua", "district & ua",
                          "upper tier local authorities", "lower tier local authorities")


def is_fingertips_data(columns: dict[str, int]) -> bool:
    return "Indicator ID" in columns and any(name in columns for name in SIGNATURE)


def geography_of_area_type(area_type: str) -> str:
    """Fingertips' Area Type → one of GEOGRAPHIES: "Counties & UAs (from Apr 2023)" → local_authority."""
    text = area_type.casefold()
    if text in ("england", "country"):  # older exports write "Country"
        return "country"
    if text.startswith("region"):  # "Region", "Regions (statistical)"
        return "region"
    if text.startswith(_LOCAL_AUTHORITY_TYPES):
        return "local_authority"
    return "other"


def read_fingertips(table: Table, file_name: str) -> OutcomeFile:
    problems = missing_columns(table, REQUIRED) + no_rows(table)
    if problems:
        raise Refused(problems)
    col = table.columns()
    c_id, c_name, c_code, c_area, c_type = (col[n] for n in ("indicator id", "indicator name", "area code", "area name", "area type"))
    c_sex, c_age, c_period, c_value = (col[n] for n in ("sex", "age", "time period", "value"))
    c_category_type, c_category, c_note = (col.get(n) for n in ("category type", "category", "value note"))
    c_lower, c_upper, c_count, c_denominator = (
        col.get(n) for n in ("lower ci 95.0 limit", "upper ci 95.0 limit", "count", "denominator"))

    # Which sexes and ages an indicator is published for decides its headline, so look across the file first.
    sexes: dict[str, dict[str, None]] = defaultdict(dict)  # in the file's order
    ages: dict[str, dict[str, None]] = defaultdict(dict)
    for _, cells in table.rows:
        sexes[cells[c_id]].setdefault(cells[c_sex])
        ages[cells[c_id]].setdefault(cells[c_age])
    notes: list[str] = []
    headline_sex = {i: _headline(i, "Sex", list(s), HEADLINE_SEX, notes) for i, s in sexes.items()}
    headline_age = {i: _headline(i, "Age", list(a), HEADLINE_AGE, notes) for i, a in ages.items()}

    indicators: dict[str, IndicatorInfo] = {}
    values: list[OutcomeValue] = []
    duplicates = Duplicates()
    for row, cells in table.rows:
        before = len(problems)
        indicator_id = cells[c_id]
        if reason := FINGERTIPS_INDICATOR_ID.refusal("indicator id", indicator_id):
            problems.append(Problem(cell(row, c_id), reason))
        elif indicator_id not in indicators:
            indicators[indicator_id] = IndicatorInfo("fingertips", indicator_id, cells[c_name] or indicator_id,
                                                     location=cell(row, c_name))
        code = cells[c_code]
        if reason := area_code_refusal(code):
            problems.append(Problem(cell(row, c_code), reason))
        period = period_or_reason(cells[c_period])
        if isinstance(period, str):
            problems.append(Problem(cell(row, c_period), period))
        value = number(cells[c_value], row, c_value, "value", problems)
        lower, upper, count, denominator = (
            number(cells[c], row, c, what, problems) if c is not None else None
            for c, what in ((c_lower, "lower CI"), (c_upper, "upper CI"), (c_count, "count"), (c_denominator, "denominator")))
        parts = []
        sex, age = cells[c_sex], cells[c_age]
        if sex != HEADLINE_SEX and len(sexes[indicator_id]) > 1:
            parts.append(("Sex", sex))
        if len(ages[indicator_id]) > 1:
            parts.append(("Age", age))
        category_type = cells[c_category_type] if c_category_type is not None else ""
        if category_type:
            parts += [("Category Type", category_type), ("Category", cells[c_category] if c_category is not None else "")]
        breakdown = breakdown_text(parts)
        is_headline = sex == headline_sex[indicator_id] and age == headline_age[indicator_id] and not category_type
        if len(problems) > before or isinstance(period, str):
            continue
        location = cell(row, c_value)
        geography = geography_of_area_type(cells[c_type])
        if not duplicates.first((indicator_id, code, geography, period.label, breakdown),
                                (value, lower, upper, count, denominator),
                                location, f"indicator {indicator_id} for {code} in {period.label}"
                                + (f" ({breakdown})" if breakdown else ""), problems):
            continue
        note = cells[c_note] if c_note is not None else ""
        values.append(OutcomeValue(
            source="fingertips", indicator_id=indicator_id, area_code=code, area_name=cells[c_area] or None,
            geography=geography, period=period, breakdown=breakdown,
            is_headline=is_headline, value=value, lower_ci=lower, upper_ci=upper, count=count,
            denominator=denominator, missing_reason=None if value is not None else (note or "empty cell"),
            location=location))
    if problems:
        raise Refused(problems)
    return OutcomeFile("fingertips", "fingertips", is_synthetic(file_name, table), tuple(indicators.values()),
                       tuple(values), tuple(notes))


def _headline(indicator_id: str, column: str, published: list[str], total: str, notes: list[str]) -> str:
    """The Sex or Age whose rows are an indicator's headline: the total ("Persons", "All ages"), else
    the only one, else the first in the file's order, which the outcome line then names."""
    if total in published or len(published) == 1:
        return total if total in published else published[0]
    notes.append(f"headline of indicator {indicator_id} is {column}={published[0]} "
                 f"(the first of {', '.join(published)}; none is {total})")
    return published[0]

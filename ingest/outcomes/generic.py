"""The generic long outcome CSV: our own layout, for figures neither Fingertips nor EES publishes.

One row per figure, so that a local dataset (a borough's health visiting returns, an ICB extract)
can be loaded without a reader of its own. docs/outcomes.md describes the columns; the area's
geography comes from its GSS code, since the file has no area type.
"""

from __future__ import annotations

from ingest.core.identifiers import INDICATOR_ID, area_code_refusal
from ingest.core.problems import Problem, Refused
from ingest.outcomes.csv_table import (
    Duplicates,
    Table,
    cell,
    geography_of_code,
    is_synthetic,
    missing_columns,
    no_rows,
    number,
)
from ingest.outcomes.model import (
    POLARITIES,
    IndicatorInfo,
    OutcomeFile,
    OutcomeValue,
)
from ingest.outcomes.periods import PERIOD_TYPES, period_or_reason

REQUIRED = ("area_code", "indicator_id", "period", "value")
OPTIONAL = ("area_name", "indicator_name", "source_name", "period_type", "unit", "polarity", "lower_ci", "upper_ci",
            "count", "denominator", "missing_reason", "breakdown")
COLUMNS = ("area_code", "area_name", "indicator_id", "indicator_name", "source_name", "period", "period_type",
           "value", "lower_ci", "upper_ci", "count", "denominator", "missing_reason", "breakdown", "unit", "polarity")
# What an indicator's rows must agree on, with the IndicatorInfo field each fills.
_DESCRIPTIONS = (("indicator_name", "indicator name"), ("unit", "unit"), ("polarity", "polarity"), ("source_name", "source"))


def is_generic(columns: dict[str, int]) -> bool:
    return "area_code" in columns and "indicator_id" in columns


def read_generic(table: Table, file_name: str) -> OutcomeFile:
    problems = missing_columns(table, REQUIRED) + no_rows(table)
    if problems:
        raise Refused(problems)
    col = table.columns()

    def text(cells: list[str], name: str) -> str:
        return cells[col[name]] if name in col else ""

    described: dict[str, dict[str, tuple[str, str]]] = {}  # indicator → column → (text, where first given)
    values: list[OutcomeValue] = []
    duplicates = Duplicates()
    for row, cells in table.rows:
        before = len(problems)
        code, indicator_id = text(cells, "area_code"), text(cells, "indicator_id")
        if reason := area_code_refusal(code):
            problems.append(Problem(cell(row, col["area_code"]), reason))
        if not indicator_id:
            problems.append(Problem(cell(row, col["indicator_id"]), "the indicator id is empty"))
        elif reason := INDICATOR_ID.refusal("indicator id", indicator_id):
            problems.append(Problem(cell(row, col["indicator_id"]), reason))
        period_type = text(cells, "period_type")
        if period_type and period_type not in PERIOD_TYPES:
            problems.append(Problem(cell(row, col["period_type"]),
                                    f"period type '{period_type}' is not one of {', '.join(PERIOD_TYPES)}"))
            period_type = ""
        key = (text(cells, "period"), period_type)
        period = period_or_reason(*key)
        if isinstance(period, str):
            problems.append(Problem(cell(row, col["period"]), period))
        value = number(text(cells, "value"), row, col["value"], "value", problems)
        lower, upper, count, denominator = (
            number(text(cells, name), row, col[name], name.replace("_ci", " CI"), problems) if name in col else None
            for name in ("lower_ci", "upper_ci", "count", "denominator"))
        polarity = text(cells, "polarity")
        if polarity and polarity not in POLARITIES:
            problems.append(Problem(cell(row, col["polarity"]), f"polarity '{polarity}' is not one of {', '.join(POLARITIES)}"))
        if indicator_id:
            _describe(described.setdefault(indicator_id, {}), indicator_id, row, cells, col, problems)
        if len(problems) > before or isinstance(period, str):
            continue
        breakdown = text(cells, "breakdown")
        location = cell(row, col["value"])
        if duplicates.first((indicator_id, code, period.label, breakdown), (value, lower, upper, count, denominator),
                            location, f"{indicator_id} for {code} in {period.label}" + (f" ({breakdown})" if breakdown else ""),
                            problems):
            values.append(OutcomeValue(
                source="generic", indicator_id=indicator_id, area_code=code, area_name=text(cells, "area_name") or None,
                geography=geography_of_code(code), period=period, breakdown=breakdown, is_headline=not breakdown,
                value=value, lower_ci=lower, upper_ci=upper, count=count, denominator=denominator,
                missing_reason=None if value is not None else (text(cells, "missing_reason") or "empty cell"),
                location=location))
    if problems:
        raise Refused(problems)
    return OutcomeFile("generic", "generic", is_synthetic(file_name, table), _indicators(described), tuple(values))


def _describe(known: dict[str, tuple[str, str]], indicator_id: str, row: int, cells: list[str], col: dict[str, int],
              problems: list[Problem]) -> None:
    """Remember what this row says about its indicator; a row that says otherwise than an earlier one is a problem."""
    for name, what in _DESCRIPTIONS:
        if name not in col or not cells[col[name]]:
            continue
        given, where = cells[col[name]], cell(row, col[name])
        if name not in known:
            known[name] = (given, where)
        elif known[name][0] != given:
            problems.append(Problem(where, f"{what} '{given}' of {indicator_id} differs from '{known[name][0]}' at {known[name][1]}"))


def _indicators(described: dict[str, dict[str, tuple[str, str]]]) -> tuple[IndicatorInfo, ...]:
    def given(known: dict[str, tuple[str, str]], name: str) -> str | None:
        return known[name][0] if name in known else None

    return tuple(
        IndicatorInfo(
            source="generic", indicator_id=indicator_id, indicator_name=given(known, "indicator_name") or indicator_id,
            unit=given(known, "unit"), polarity=given(known, "polarity"),
            definition=f"Source: {known['source_name'][0]}" if "source_name" in known else None,
            location=known["indicator_name"][1] if "indicator_name" in known else None)
        for indicator_id, known in described.items())

"""The Fingertips indicator definitions CSV ("Download indicator definitions", or the API's indicator_metadata).

A data download says nothing about units or which direction is better; this file does. It has about
thirty columns of definition text; only the indicator, its definition, unit, value type and polarity
are kept. Fingertips' polarity words become ours: "RAG - High is good" → higher_is_better, "RAG -
Low is good" → lower_is_better, and anything else (the "BOB" blue-orange-blue kind that judges no
direction, "Not applicable", words we do not know) → not_applicable.
"""

from __future__ import annotations

from ingest.core.identifiers import FINGERTIPS_INDICATOR_ID
from ingest.core.problems import Problem, Refused
from ingest.outcomes.csv_table import (
    Duplicates,
    Table,
    cell,
    is_synthetic,
    missing_columns,
    no_rows,
)
from ingest.outcomes.model import IndicatorInfo, OutcomeFile

# The definitions CSV as published (the reader needs only the first two and uses five more).
COLUMNS = (
    "Indicator ID", "Indicator", "Definition", "Rationale", "Data source", "Indicator production",
    "Methodology", "Standard population/values", "Confidence interval details", "Source of numerator",
    "Definition of numerator", "Source of denominator", "Definition of denominator", "Disclosure control",
    "Caveats", "Copyright", "Data re-use", "Links", "Indicator number", "Notes", "Frequency", "Rounding",
    "Data quality", "Indicator Content", "Specific rationale", "Unit", "Value type", "Year type", "Polarity",
    "Impact of COVID-19",
)
REQUIRED = ("Indicator ID", "Indicator")
# Columns of definition text: with "Indicator ID" and no data columns, these make a definitions file.
SIGNATURE = ("Definition", "Polarity", "Value type", "Unit", "Rationale")
POLARITY_WORDS = {"rag - high is good": "higher_is_better", "rag - low is good": "lower_is_better"}


def is_fingertips_metadata(columns: dict[str, int]) -> bool:
    """Definitions beside "Indicator ID" and no area: the generic CSV's indicator_id, unit and polarity
    are the same names once spelling is set aside, but it always has an area_code."""
    return "indicator id" in columns and "area code" not in columns and any(name in columns for name in SIGNATURE)


def polarity_of(text: str) -> str | None:
    """Fingertips' polarity text as one of POLARITIES; None when the cell is blank."""
    if not text:
        return None
    return POLARITY_WORDS.get(" ".join(text.split()).casefold(), "not_applicable")


def read_fingertips_metadata(table: Table, file_name: str) -> OutcomeFile:
    problems = missing_columns(table, REQUIRED) + no_rows(table)
    if problems:
        raise Refused(problems)
    col = table.columns()
    c_id, c_name = col["indicator id"], col["indicator"]
    optional = {name: col.get(name) for name in ("definition", "unit", "value type", "polarity")}

    def text(cells: list[str], name: str) -> str | None:
        index = optional[name]
        return (cells[index] or None) if index is not None else None

    indicators: list[IndicatorInfo] = []
    duplicates = Duplicates()
    for row, cells in table.rows:
        indicator_id = cells[c_id]
        if reason := FINGERTIPS_INDICATOR_ID.refusal("indicator id", indicator_id):
            problems.append(Problem(cell(row, c_id), reason))
            continue
        if not cells[c_name]:
            problems.append(Problem(cell(row, c_name), f"indicator {indicator_id} has no name"))
            continue
        info = IndicatorInfo(
            source="fingertips", indicator_id=indicator_id, indicator_name=cells[c_name], unit=text(cells, "unit"),
            value_type=text(cells, "value type"), polarity=polarity_of(text(cells, "polarity") or ""),
            definition=text(cells, "definition"), location=cell(row, c_name))
        described = (info.indicator_name, info.unit, info.value_type, info.polarity, info.definition)
        if duplicates.first((indicator_id,), described, cell(row, c_id), f"indicator {indicator_id}", problems):
            indicators.append(info)
    if problems:
        raise Refused(problems)
    return OutcomeFile("fingertips_metadata", "fingertips", is_synthetic(file_name, table), tuple(indicators), ())

"""Loading an outcome file: every value as published, so that an evaluation team can trace every
outcome figure to the file it came from. Outcome values are not about one area and year: a later
file's value for the same key revises an earlier one (dbt keeps both and picks the latest)."""

from __future__ import annotations

from dataclasses import fields

import duckdb
import pyarrow as pa

from ingest import tables as T
from ingest.kinds import Landed
from ingest.outcomes.model import OutcomeFile, OutcomeValue
from ingest.results import FileOutcome, FileStatus

# The key under which a later file's value replaces an earlier one. Geography is part of it: EES
# publishes a London borough at both "Local authority" and "Local authority district" level with the
# same E09 code, and the district row must never stand in for the authority's own.
VALUE_KEY = ("source", "indicator_id", "area_code", "geography", "period_label", "breakdown")
INDICATOR_COLUMNS = ("source", "indicator_id", "indicator_name", "unit", "value_type", "polarity", "definition",
                     "location")
_SOURCE_NAMES = {
    "fingertips": "Fingertips data", "fingertips_metadata": "Fingertips indicator definitions",
    "ees": "Explore Education Statistics", "generic": "generic outcome file",
}


def write_outcome_file(con: duckdb.DuckDBPyConnection, landed: Landed) -> FileOutcome:
    """The raw rows of one outcome file; the caller owns the transaction."""
    read, file = landed.read, landed.accepted.content
    assert isinstance(file, OutcomeFile)
    revised = _revised_values(con, file.values)
    T.append(con, T.OUTCOME_FILES, {
        "file_id": [read.sha256], "file_name": [read.name], "reader": [file.reader],
        "source": [file.source], "is_synthetic": [file.is_synthetic], "n_indicators": [len(file.indicators)],
        "n_values": [len(file.values)], "loaded_at": [landed.at],
    })
    T.append(con, T.OUTCOME_INDICATORS, T.columns_of(file.indicators, T.same_names(*INDICATOR_COLUMNS),
                                                     file_id=read.sha256))
    T.append(con, T.OUTCOME_VALUES, _value_columns(file.values, read.sha256))
    detail = describe_outcome_file(file)
    if revised:
        detail = f"revises {revised} values loaded before; {detail}"
    return FileOutcome(read.name, read.sha256, FileStatus.SUPERSEDED if revised else FileStatus.ACCEPTED,
                       detail=detail)


def describe_outcome_file(file: OutcomeFile) -> str:
    """The outcome line's summary: what a person checks first when loading a download."""
    if not file.values:
        return f"{_SOURCE_NAMES.get(file.reader, file.reader)}: {_count(len(file.indicators), 'indicator description')}"
    authorities = {v.area_code for v in file.values if v.geography == "local_authority"}
    areas = len(authorities)
    benchmarks = len({v.area_code for v in file.values if v.geography != "local_authority"} - authorities)
    periods = sorted({(v.period.start_year, v.period.label) for v in file.values})
    withheld = sum(v.value is None for v in file.values)
    text = (f"{_SOURCE_NAMES.get(file.reader, file.reader)}: {_count(len(file.indicators), 'indicator')}, "
            f"{_count(len(file.values), 'value')} "
            f"({areas} local authorities, {benchmarks} benchmark areas), periods {periods[0][1]} to {periods[-1][1]}")
    if withheld:
        text += f", {withheld} withheld by the publisher"
    return "; ".join((text, *file.notes))


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _revised_values(con: duckdb.DuckDBPyConnection, values: tuple[OutcomeValue, ...]) -> int:
    """How many of these values replace a value an earlier file loaded for the same key."""
    if not values:
        return 0
    keys = pa.table({
        "source": [v.source for v in values], "indicator_id": [v.indicator_id for v in values],
        "area_code": [v.area_code for v in values], "geography": [v.geography for v in values],
        "period_label": [v.period.label for v in values],
        "breakdown": [v.breakdown for v in values],
    })
    con.register("incoming_keys", keys)
    try:
        return con.execute(
            f"""select count(*) from incoming_keys k
                where exists (select 1 from raw.outcome_values v
                              where {' and '.join(f'v.{c} = k.{c}' for c in VALUE_KEY)})"""
        ).fetchall()[0][0]
    finally:
        con.unregister("incoming_keys")


def _value_columns(values: tuple[OutcomeValue, ...], file_id: str) -> dict[str, list]:
    plain = [f.name for f in fields(OutcomeValue) if f.name != "period"]
    columns = T.columns_of(values, T.same_names(*plain), file_id=file_id)
    columns["period_label"] = [v.period.label for v in values]
    columns["period_start_year"] = [v.period.start_year for v in values]
    columns["period_end_year"] = [v.period.end_year for v in values]
    columns["period_type"] = [v.period.period_type for v in values]
    return columns

"""Files that travel the submissions' path without being assessments: outcome data and data-sharing
returns.

They are archived, read, identified, refused with reasons and audited exactly like a borough's
workbook, so that an evaluation team can trace every outcome figure to the file it came from. Only
what they load differs: outcome values are not about one area and year, and a data-sharing return
holds answers, not scores. Each load is one transaction of its own: outcome files are few and
large, returns few and small.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime

import duckdb
import pyarrow as pa

from framework.model import Framework
from ingest.linked_reads import DataSharingLoad, Linked, OutcomeLoad
from ingest.model import FileOutcome
from ingest.outcomes.model import OutcomeFile, OutcomeValue

_TEXT, _FLOAT, _INT = pa.string(), pa.float64(), pa.int32()
SCHEMAS = {
    "raw.outcome_files": pa.schema([
        ("file_id", _TEXT), ("file_name", _TEXT), ("reader", _TEXT), ("source", _TEXT), ("is_synthetic", pa.bool_()),
        ("n_indicators", _INT), ("n_values", _INT), ("loaded_at", pa.timestamp("us"))]),
    "raw.outcome_indicators": pa.schema([
        ("file_id", _TEXT), ("source", _TEXT), ("indicator_id", _TEXT), ("indicator_name", _TEXT), ("unit", _TEXT),
        ("value_type", _TEXT), ("polarity", _TEXT), ("definition", _TEXT), ("location", _TEXT)]),
    "raw.outcome_values": pa.schema([
        ("file_id", _TEXT), ("source", _TEXT), ("indicator_id", _TEXT), ("area_code", _TEXT), ("area_name", _TEXT),
        ("geography", _TEXT), ("period_label", _TEXT), ("period_start_year", _INT), ("period_end_year", _INT),
        ("period_type", _TEXT), ("breakdown", _TEXT), ("is_headline", pa.bool_()), ("value", _FLOAT),
        ("lower_ci", _FLOAT), ("upper_ci", _FLOAT), ("count", _FLOAT), ("denominator", _FLOAT),
        ("missing_reason", _TEXT), ("location", _TEXT)]),
    "raw.data_sharing_returns": pa.schema([
        ("return_id", _TEXT), ("file_name", _TEXT), ("area_code", _TEXT), ("assessment_year", _INT),
        ("is_synthetic", pa.bool_()), ("area_source", _TEXT), ("year_source", _TEXT), ("loaded_at", pa.timestamp("us"))]),
    "raw.data_sharing_answers": pa.schema([
        ("return_id", _TEXT), ("question_id", _TEXT), ("answer", _TEXT), ("evidence", _TEXT), ("location", _TEXT)]),
}
# The key under which a later file's value replaces an earlier one.
VALUE_KEY = ("source", "indicator_id", "area_code", "period_label", "breakdown")


@dataclass(frozen=True)
class Landing:
    """Where and when a file landed: what every raw row of it records."""

    sha256: str
    file_name: str
    at: datetime


def loaded_linked(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The sha256 of every outcome file and return loaded, so the same bytes are not read again."""
    return frozenset(sha256 for (sha256,) in con.execute(
        "select file_id from raw.outcome_files union all select return_id from raw.data_sharing_returns"
    ).fetchall())


def already_loaded(con: duckdb.DuckDBPyConnection, sha256: str, fw: Framework) -> FileOutcome | None:
    """The `unchanged` outcome when these bytes were loaded before as outcome data or a return."""
    earlier = con.execute(
        """select file_name, null, null from raw.outcome_files where file_id = $1
           union all
           select file_name, area_code, assessment_year from raw.data_sharing_returns where return_id = $1""",
        [sha256],
    ).fetchall()  # fetchall: DuckDB keeps a connection busy until a result is read to its end
    if not earlier:
        return None
    name, area_code, year = earlier[0]
    area_name = fw.area(area_code).name if area_code else None
    return FileOutcome(name, sha256, "unchanged", area_code, area_name, year, detail=f"identical to {name}, already loaded")


def write_linked(con: duckdb.DuckDBPyConnection, linked: Linked, landing: Landing) -> FileOutcome:
    """The raw rows of one outcome file or return; the caller owns the transaction."""
    if isinstance(linked, OutcomeLoad):
        return _write_outcome_file(con, linked.file, landing)
    return _write_data_sharing(con, linked, landing)


def _write_outcome_file(con: duckdb.DuckDBPyConnection, file: OutcomeFile, landing: Landing) -> FileOutcome:
    revised = _revised_values(con, file.values)
    _append(con, "raw.outcome_files", {
        "file_id": [landing.sha256], "file_name": [landing.file_name], "reader": [file.reader],
        "source": [file.source], "is_synthetic": [file.is_synthetic], "n_indicators": [len(file.indicators)],
        "n_values": [len(file.values)], "loaded_at": [landing.at],
    })
    _append(con, "raw.outcome_indicators", _columns(
        file.indicators, landing.sha256, ("source", "indicator_id", "indicator_name", "unit", "value_type",
                                          "polarity", "definition", "location")))
    _append(con, "raw.outcome_values", _value_columns(file.values, landing.sha256))
    detail = describe_outcome_file(file)
    if revised:
        detail = f"revises {revised} values loaded before; {detail}"
    return FileOutcome(landing.file_name, landing.sha256, "superseded" if revised else "accepted", detail=detail)


def describe_outcome_file(file: OutcomeFile) -> str:
    """The outcome line's summary: what a person checks first when loading a download."""
    if not file.values:
        return f"{_SOURCE_NAMES.get(file.reader, file.reader)}: {_count(len(file.indicators), 'indicator description')}"
    areas = len({v.area_code for v in file.values if v.geography == "local_authority"})
    benchmarks = len({v.area_code for v in file.values if v.geography != "local_authority"})
    periods = sorted({(v.period.start_year, v.period.label) for v in file.values})
    withheld = sum(v.value is None for v in file.values)
    text = (f"{_SOURCE_NAMES.get(file.reader, file.reader)}: {_count(len(file.indicators), 'indicator')}, "
            f"{_count(len(file.values), 'value')} "
            f"({areas} local authorities, {benchmarks} benchmark areas), periods {periods[0][1]} to {periods[-1][1]}")
    if withheld:
        text += f", {withheld} withheld by the publisher"
    return text


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


_SOURCE_NAMES = {
    "fingertips": "Fingertips data", "fingertips_metadata": "Fingertips indicator definitions",
    "ees": "Explore Education Statistics", "generic": "generic outcome file",
}


def _revised_values(con: duckdb.DuckDBPyConnection, values: tuple[OutcomeValue, ...]) -> int:
    """How many of these values replace a value an earlier file loaded for the same key."""
    if not values:
        return 0
    keys = pa.table({
        "source": [v.source for v in values], "indicator_id": [v.indicator_id for v in values],
        "area_code": [v.area_code for v in values], "period_label": [v.period.label for v in values],
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


def _write_data_sharing(con: duckdb.DuckDBPyConnection, linked: DataSharingLoad, landing: Landing) -> FileOutcome:
    identity, head = linked.identity, linked.questionnaire.submission
    replaced = [name for (name,) in con.execute(
        """select file_name from raw.data_sharing_returns
           where area_code = ? and assessment_year = ? and superseded_by is null""",
        [identity.area_code, identity.assessment_year],
    ).fetchall()]
    con.execute(
        """update raw.data_sharing_returns set superseded_by = ?
           where area_code = ? and assessment_year = ? and superseded_by is null""",
        [landing.sha256, identity.area_code, identity.assessment_year],
    )
    _append(con, "raw.data_sharing_returns", {
        "return_id": [landing.sha256], "file_name": [landing.file_name], "area_code": [identity.area_code],
        "assessment_year": [identity.assessment_year], "is_synthetic": [head.is_synthetic],
        "area_source": [identity.area_source], "year_source": [identity.year_source], "loaded_at": [landing.at],
    })
    answers = linked.questionnaire.answers
    _append(con, "raw.data_sharing_answers", _columns(
        answers, landing.sha256, ("question_id", "answer", "evidence", "location"), id_column="return_id"))
    given = Counter(a.answer for a in answers if a.answer is not None)
    detail = "data-sharing questionnaire: " + ", ".join(f"{n} {answer}" for answer, n in given.items())
    blank = sum(a.answer is None for a in answers)
    if blank:
        detail += f", {blank} unanswered"
    if replaced:
        detail = f"replaces {', '.join(replaced)}; {detail}"
    return FileOutcome(landing.file_name, landing.sha256, "superseded" if replaced else "accepted",
                       identity.area_code, identity.area_name, identity.assessment_year, detail)


def _value_columns(values: tuple[OutcomeValue, ...], file_id: str) -> dict[str, list]:
    plain = [f.name for f in fields(OutcomeValue) if f.name != "period"]
    columns: dict[str, list] = {"file_id": [file_id] * len(values)}
    for name in plain:
        columns[name] = [getattr(v, name) for v in values]
    columns["period_label"] = [v.period.label for v in values]
    columns["period_start_year"] = [v.period.start_year for v in values]
    columns["period_end_year"] = [v.period.end_year for v in values]
    columns["period_type"] = [v.period.period_type for v in values]
    return columns


def _columns(records: tuple, file_id: str, names: tuple[str, ...], id_column: str = "file_id") -> dict[str, list]:
    columns: dict[str, list] = {id_column: [file_id] * len(records)}
    for name in names:
        columns[name] = [getattr(r, name) for r in records]
    return columns


def _append(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list]) -> None:
    con.register("incoming_rows", pa.Table.from_pydict(columns, schema=SCHEMAS[table]))
    try:
        con.execute(f"insert into {table} by name select * from incoming_rows")
    finally:
        con.unregister("incoming_rows")

"""Every table the ingest path writes, declared once: its columns, types and keys.

Each declaration generates its DuckDB DDL and the Arrow schema rows are appended with, so that a
column that happens to be all null in a batch still has its type. The Dagster asset specs and the
dbt sources list these tables; tests/test_tables.py checks them against this module.

Raw tables are append-only except for the `superseded_by` and `status` columns named below, so
that every version a borough sent stays queryable (lineage) while staging reads current versions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

_TYPES = {  # DuckDB type → the Arrow type rows travel in
    "varchar": pa.string(), "integer": pa.int32(), "bigint": pa.int64(), "double": pa.float64(),
    "boolean": pa.bool_(), "timestamp": pa.timestamp("us"), "date": pa.date32(), "varchar[]": pa.list_(pa.string()),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of _TYPES
    required: bool = False  # not null
    doc: str = ""
    derived: str | None = None  # SQL computing it from the other columns at insert ("score is null")

    @property
    def arrow(self) -> pa.DataType:
        return _TYPES[self.type]


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the primary key, when the table has one
    doc: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        lines = [f"    {c.name} {c.type}{' not null' if c.required else ''}" for c in self.columns]
        if self.key:
            lines.append(f"    primary key ({', '.join(self.key)})")
        return f"create table if not exists {self.qualified} (\n" + ",\n".join(lines) + "\n)"

    def arrow_schema(self, names: Sequence[str]) -> pa.Schema:
        """The Arrow schema of the columns a caller supplies, in its order."""
        by_name = {c.name: c for c in self.columns}
        return pa.schema([(name, by_name[name].arrow) for name in names])


def _c(name: str, type_: str = "varchar", required: bool = False, doc: str = "", derived: str | None = None) -> Column:
    return Column(name, type_, required, doc, derived)


_SCORE_COLUMNS = (
    _c("grain", required=True, doc="enabler | indicator"),
    _c("item_id", required=True, doc="E01 | E01.1"),
    _c("score", "integer", doc="null when skipped"),
    _c("is_skipped", "boolean", required=True, derived="score is null"),
    _c("raw_value"),
    _c("sheet", required=True), _c("cell", required=True),
)

FILES = Table("raw", "files", (
    _c("sha256", required=True), _c("file_name", required=True), _c("archive_path", required=True),
    _c("size_bytes", "bigint", required=True), _c("first_seen_at", "timestamp", required=True),
), key=("sha256",), doc="One row per loaded file's bytes, whatever kind of file it is.")

SUBMISSIONS = Table("raw", "submissions", (
    _c("submission_id", required=True, doc="the file's sha256"), _c("file_name", required=True),
    _c("reader", required=True), _c("area_code", required=True), _c("assessment_year", "integer", required=True),
    _c("group_label"), _c("is_synthetic", "boolean", required=True),
    _c("area_source", doc="where the area was found (\"'About'!C4\", \"--area\")"), _c("year_source"),
    _c("entry", required=True, doc="workbook | single | double (paper transcriptions)"),
    _c("transcriber", doc="who typed up paper forms"), _c("loaded_at", "timestamp", required=True),
    _c("superseded_by", doc="submission_id of the newer version, null while current"),
), key=("submission_id",))

PARTICIPANTS = Table("raw", "participants", (
    _c("submission_id", required=True), _c("participant_id", required=True), _c("participant_label"),
    _c("sector"), _c("role_level"),
    _c("organisation", doc="the organisation / sector as written; sector is where it was placed"),
    _c("role_text", doc="the role as written; role_level is where it was placed (null: not recognised)"),
), key=("submission_id", "participant_id"))

SCORES = Table("raw", "scores", (_c("submission_id", required=True), _c("participant_id", required=True),
                                 *_SCORE_COLUMNS))

OUTCOME_FILES = Table("raw", "outcome_files", (
    _c("file_id", required=True, doc="the file's sha256"), _c("file_name", required=True),
    _c("reader", required=True, doc="fingertips | fingertips_metadata | ees | generic"),
    _c("source", required=True, doc="fingertips | ees | generic"), _c("is_synthetic", "boolean", required=True),
    _c("n_indicators", "integer", required=True), _c("n_values", "integer", required=True),
    _c("loaded_at", "timestamp", required=True),
), key=("file_id",), doc="Outcome files (Fingertips, Explore Education Statistics, generic long CSV).")

OUTCOME_INDICATORS = Table("raw", "outcome_indicators", (
    _c("file_id", required=True), _c("source", required=True), _c("indicator_id", required=True),
    _c("indicator_name", required=True), _c("unit"), _c("value_type"),
    _c("polarity", doc="higher_is_better | lower_is_better | not_applicable"), _c("definition"), _c("location"),
))

OUTCOME_VALUES = Table("raw", "outcome_values", (
    _c("file_id", required=True), _c("source", required=True), _c("indicator_id", required=True),
    _c("area_code", required=True), _c("area_name"),
    _c("geography", required=True, doc="local_authority | region | country | other"),
    _c("period_label", required=True), _c("period_start_year", "integer", required=True),
    _c("period_end_year", "integer", required=True), _c("period_type", required=True),
    _c("breakdown", required=True, doc="the filters' values; '' when every filter is a total"),
    _c("is_headline", "boolean", required=True),
    _c("value", "double", doc="null when the publisher withheld it"), _c("lower_ci", "double"),
    _c("upper_ci", "double"), _c("count", "double"), _c("denominator", "double"), _c("missing_reason"),
    _c("location", required=True),
), doc="Values as published, one row per file × indicator × geography × period × breakdown; a later "
       "file's value for the same key is the current one (dbt keeps every version and picks the latest).")

DATA_SHARING_RETURNS = Table("raw", "data_sharing_returns", (
    _c("return_id", required=True, doc="the file's sha256"), _c("file_name", required=True),
    _c("area_code", required=True), _c("assessment_year", "integer", required=True),
    _c("is_synthetic", "boolean", required=True), _c("area_source"), _c("year_source"),
    _c("loaded_at", "timestamp", required=True), _c("superseded_by"),
), key=("return_id",), doc="One return per area and year (a newer one supersedes).")

DATA_SHARING_ANSWERS = Table("raw", "data_sharing_answers", (
    _c("return_id", required=True), _c("question_id", required=True),
    _c("answer", doc="one of the framework's choices; null when left blank"), _c("evidence"),
    _c("location", required=True),
), key=("return_id", "question_id"))

TRANSCRIPTIONS = Table("raw", "transcriptions", (
    _c("sha256", required=True), _c("file_name", required=True), _c("area_code", required=True),
    _c("assessment_year", "integer", required=True), _c("group_label"),
    _c("group_key", required=True, doc="lower(trim(group_label)), '' for none: entries pair on it"),
    _c("entry", required=True, doc="single | first | second | resolution"),
    _c("transcriber", doc="who typed the forms, or who settled a resolution file"),
    _c("is_synthetic", "boolean", required=True), _c("received_at", "timestamp", required=True),
    _c("status", required=True, doc="pending | compared | loaded | superseded | applied (resolutions)"),
    _c("loaded_as", doc="the raw.submissions.submission_id its values were loaded under"),
    _c("superseded_by", doc="the entry that replaced it before it loaded"),
), key=("sha256",))

TRANSCRIBED_FORMS = Table("raw", "transcribed_forms", (
    _c("sha256", required=True), _c("form_id", required=True), _c("participant_label"), _c("sector"),
    _c("role_level"), _c("location", doc="the form's row: \"'Enabler forms'!A7\""),
    _c("organisation", doc="as typed; sector is where it was placed"), _c("role_text", doc="as typed"),
), key=("sha256", "form_id"))

TRANSCRIBED_SCORES = Table("raw", "transcribed_scores", (_c("sha256", required=True), _c("form_id", required=True),
                                                         *_SCORE_COLUMNS))

TRANSCRIBED_NARRATIVE = Table("raw", "transcribed_narrative", (
    _c("sha256", required=True),
    _c("item_id", required=True, doc="the typed field: \"reflection:T1\", \"evidence:E01\", \"challenge:<id>:status\", "
                                     "\"challenge:<id>:within_gift\", \"model:<scope>:current\", \"priority:3:text\" …"),
    _c("value", doc="as typed (null: blank)"), _c("location", required=True),
), key=("sha256", "item_id"), doc="A paper entry's narrative sections (issue #14), kept until its double entry pairs.")

REFERENCE_FILES = Table("raw", "reference_files", (
    _c("file_id", required=True, doc="the file's sha256"), _c("file_name", required=True),
    _c("kind", required=True, doc="statistical_neighbours | icb_lookup"), _c("n_rows", "integer", required=True),
    _c("is_synthetic", "boolean", required=True), _c("loaded_at", "timestamp", required=True),
    _c("superseded_by", doc="the newer file of the same kind, null while current"),
), key=("file_id",), doc="Reference files (DfE's statistical neighbours, ONS's ICB lookup): the latest of each kind "
                          "is current.")

STATISTICAL_NEIGHBOUR_ROWS = Table("raw", "statistical_neighbours", (
    _c("file_id", required=True), _c("area_code", required=True), _c("dfe_code", required=True),
    _c("neighbour_rank", "integer", required=True), _c("neighbour_dfe_code", required=True),
    _c("neighbour_area_code", doc="GSS code, from the framework's England list; null for a DfE number not in it"),
    _c("location", required=True, doc="the neighbour's cell"),
), key=("file_id", "area_code", "neighbour_rank"))

ICB_LOOKUP_ROWS = Table("raw", "icb_lookup", (
    _c("file_id", required=True), _c("area_code", required=True), _c("icb_code", required=True,
                                                                      doc="ODS code (QMJ), else the E54 GSS code"),
    _c("icb_name"), _c("valid_from", "date", required=True, doc="1 April of the lookup's year (2022: 1 July)"),
    _c("n_rows", "integer", required=True, doc="the file's rows behind it (an LSOA-level lookup has many)"),
    _c("location", required=True, doc="the ICB cell of its first row with that ICB"),
), key=("file_id", "area_code"), doc="ONS local authority to ICB lookups: one row per authority and file.")

# What a partnership writes beyond its scores (issue #14): reflections, evidence, the six common
# challenges, the integration model and its priorities for action, each row keyed by the
# submission it came with (superseded with it). Text is kept exactly as written; `location` is the
# cell it was read from.
REFLECTIONS = Table("raw", "reflections", (
    _c("submission_id", required=True), _c("level", required=True, doc="theme | enabler"),
    _c("item_id", required=True, doc="a theme id (people_place) or an enabler id (E01)"),
    _c("kind", required=True, doc="reflection (a theme's key areas where progress is needed) | evidence "
                                  "(an enabler's what is working well and the evidence)"),
    _c("text", required=True), _c("location", required=True),
), key=("submission_id", "level", "item_id", "kind"))

CHALLENGE_ANSWERS = Table("raw", "challenge_answers", (
    _c("submission_id", required=True), _c("challenge_id", required=True, doc="framework challenges.yaml id"),
    _c("status", doc="in_play | partly | not_in_play (framework challenge statuses); null when not given"),
    _c("status_text", doc="the status as written"), _c("within_gift", doc="what is within the partnership's gift to change"),
    _c("location", required=True),
), key=("submission_id", "challenge_id"))

INTEGRATION_MODELS = Table("raw", "integration_models", (
    _c("submission_id", required=True), _c("scope", required=True, doc="overall | a theme id (people_place)"),
    _c("current_model", doc="coalition | coordinated | unified; null when not given"), _c("aspired_model"),
    _c("current_text", doc="as written"), _c("aspired_text", doc="as written"), _c("location", required=True),
), key=("submission_id", "scope"))

PRIORITIES = Table("raw", "priorities", (
    _c("submission_id", required=True), _c("priority_no", "integer", required=True, doc="1 … 8, in the order written"),
    _c("text", required=True), _c("enabler_ids", "varchar[]", doc="the enablers it addresses, in framework order"),
    _c("enablers_text", doc="the enablers as written"), _c("owner_role"),
    _c("review_date", "date"), _c("review_date_text", doc="the review date as written"), _c("location", required=True),
), key=("submission_id", "priority_no"))

SUBMISSION_NOTES = Table("raw", "submission_notes", (
    _c("submission_id", required=True), _c("location", required=True), _c("text", required=True),
    _c("reason", required=True, doc="why it could not be placed (\"names no challenge, model, theme or enabler\")"),
), doc="Text a submission holds that no section could place: kept, said on the outcome line, never a refusal.")

FILE_EVENTS = Table("audit", "file_events", (
    _c("event_at", "timestamp", required=True), _c("file_name", required=True), _c("sha256", required=True),
    _c("status", required=True, doc="one of ingest.results.FileStatus"), _c("area_code"),
    _c("assessment_year", "integer"), _c("detail"),
    _c("file_kind", doc="the kind of file that read it (ingest.registry); null when none recognised it"),
))

REJECTIONS = Table("audit", "rejections", (
    _c("file_name", required=True), _c("location", required=True), _c("reason", required=True), _c("sha256"),
    _c("rejected_at", "timestamp", required=True),
))

TRANSCRIPTION_DISAGREEMENTS = Table("audit", "transcription_disagreements", (
    _c("area_code", required=True), _c("assessment_year", "integer", required=True), _c("group_label"),
    _c("form_id", required=True),
    _c("item_id", required=True, doc="E01, E01.1, form, indicator_form, participant_label, sector, role_level"),
    _c("first_value", doc="\"3\", \"skip\", a detail (null: blank), \"present\" | \"absent\""), _c("second_value"),
    _c("first_location"), _c("second_location"), _c("first_file", required=True), _c("second_file", required=True),
    _c("first_sha256", required=True), _c("second_sha256", required=True),
    _c("recorded_at", "timestamp", required=True),
    _c("status", required=True, doc="open | resolved | replaced (an entry was re-sent first)"),
    _c("resolved_value"), _c("resolved_location"), _c("resolved_by"), _c("resolved_by_file"),
    _c("resolved_by_sha256"), _c("resolved_at", "timestamp"),
))

# The current statistical neighbours, rebuilt from raw on every build (pipelines.assets.reference).
STATISTICAL_NEIGHBOURS = Table("reference", "statistical_neighbours", (
    _c("area_code", required=True), _c("dfe_code", required=True), _c("neighbour_rank", "integer", required=True),
    _c("neighbour_dfe_code", required=True), _c("neighbour_area_code"),
))

# The current ICB lookup's memberships, rebuilt from raw on every build, in framework.area_icbs' columns.
ONS_AREA_ICBS = Table("reference", "ons_area_icbs", (
    _c("area_code", required=True), _c("icb_code", required=True), _c("icb_name"),
    _c("valid_from", "date", required=True), _c("valid_to", "date"),
))

RAW_TABLES = (
    FILES, SUBMISSIONS, PARTICIPANTS, SCORES, OUTCOME_FILES, OUTCOME_INDICATORS, OUTCOME_VALUES,
    DATA_SHARING_RETURNS, DATA_SHARING_ANSWERS, TRANSCRIPTIONS, TRANSCRIBED_FORMS, TRANSCRIBED_SCORES,
    TRANSCRIBED_NARRATIVE, REFERENCE_FILES, STATISTICAL_NEIGHBOUR_ROWS, ICB_LOOKUP_ROWS, REFLECTIONS, CHALLENGE_ANSWERS,
    INTEGRATION_MODELS, PRIORITIES, SUBMISSION_NOTES,
)
AUDIT_TABLES = (FILE_EVENTS, REJECTIONS, TRANSCRIPTION_DISAGREEMENTS)
INGEST_TABLES = RAW_TABLES + AUDIT_TABLES


def columns_of(records: Sequence[object], fields: Mapping[str, str], **constant: object) -> dict[str, list]:
    """Records as the columns append takes: column ← the record attribute `fields` names; each of
    `constant` (a file's id) repeated on every row."""
    columns: dict[str, list] = {name: [value] * len(records) for name, value in constant.items()}
    for column, attribute in fields.items():
        columns[column] = [getattr(record, attribute) for record in records]
    return columns


def same_names(*names: str) -> dict[str, str]:
    """`fields` for columns_of when every column is named as its attribute."""
    return {name: name for name in names}


def ensure_tables(con: duckdb.DuckDBPyConnection, tables: Sequence[Table] = INGEST_TABLES) -> None:
    """Create the schemas and tables that do not exist yet; existing ones are left as they are."""
    for schema in dict.fromkeys(t.schema for t in tables):
        con.execute(f"create schema if not exists {schema}")
    for table in tables:
        con.execute(table.ddl())


def append(con: duckdb.DuckDBPyConnection, table: Table, columns: Mapping[str, Sequence], where: str = "true") -> None:
    """One bulk insert through Arrow (per-row statements cost milliseconds each in DuckDB). Columns
    the table derives are computed here; columns not given are left null."""
    rows = pa.Table.from_pydict(dict(columns), schema=table.arrow_schema(list(columns)))
    derived = "".join(f", {c.derived} as {c.name}" for c in table.columns if c.derived)
    con.register("incoming_rows", rows)
    try:
        con.execute(f"insert into {table.qualified} by name select *{derived} from incoming_rows where {where}")
    finally:
        con.unregister("incoming_rows")

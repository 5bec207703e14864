"""Every table the ingest path writes is declared once (ingest.tables); the DuckDB tables, the
Arrow schemas, the Dagster asset specs and the dbt sources all agree with that declaration."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import yaml

from ingest import tables as T
from pipelines.assets.ingest import OUTS

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / "dbt_project" / "models" / "staging"
DUCKDB_TYPES = {"varchar": "VARCHAR", "integer": "INTEGER", "bigint": "BIGINT", "double": "DOUBLE",
                "boolean": "BOOLEAN", "timestamp": "TIMESTAMP", "date": "DATE", "varchar[]": "VARCHAR[]"}


def _dbt_sources() -> dict[tuple[str, str], Path | None]:
    """(schema, table) of every raw and audit source, with the staging model that selects from it."""
    found: dict[tuple[str, str], Path | None] = {}
    for path in STAGING.glob("_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            if source["schema"] in ("raw", "audit"):
                for table in source["tables"]:
                    found[(source["schema"], table["name"])] = None
    for model in STAGING.glob("stg_*.sql"):
        for schema, name in re.findall(r"source\('(\w+)',\s*'(\w+)'\)", model.read_text()):
            if (schema, name) in found:
                found[(schema, name)] = model
    return found


def test_tables_are_created_with_the_declared_columns_types_and_keys(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        T.ensure_tables(con)
        T.ensure_tables(con)  # idempotent
        for table in T.INGEST_TABLES:
            described = con.execute(
                "select column_name, data_type, is_nullable from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position", [table.schema, table.name],
            ).fetchall()
            assert described == [(c.name, DUCKDB_TYPES[c.type], "NO" if c.required or c.name in table.key else "YES")
                                 for c in table.columns], table.qualified


def test_appended_rows_keep_their_declared_types_and_derived_columns_are_computed(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        T.ensure_tables(con)
        T.append(con, T.SCORES, {"submission_id": ["s"], "participant_id": ["P01"], "grain": ["enabler"],
                                 "item_id": ["E01"], "score": [None], "raw_value": [None], "sheet": ["x"],
                                 "cell": ["D9"]})
        assert con.execute("select score, is_skipped from raw.scores").fetchall() == [(None, True)]
        T.append(con, T.FILES, {"sha256": ["a"], "file_name": ["f"], "archive_path": ["p"], "size_bytes": [1],
                                "first_seen_at": [datetime(2026, 1, 1)]})
        with pytest.raises(duckdb.ConstraintException):  # the declared key holds
            T.append(con, T.FILES, {"sha256": ["a"], "file_name": ["g"], "archive_path": ["p"], "size_bytes": [1],
                                    "first_seen_at": [datetime(2026, 1, 1)]})
        for table in T.INGEST_TABLES:
            schema = table.arrow_schema(table.column_names)
            assert schema.names == list(table.column_names)


def test_the_ingest_asset_materialises_exactly_the_declared_tables():
    assert {tuple(out.key.path) for out in OUTS.values()} == {(t.schema, t.name) for t in T.INGEST_TABLES}


def test_every_raw_and_audit_dbt_source_is_declared_and_staged_from_declared_columns():
    declared = {(t.schema, t.name): t for t in T.INGEST_TABLES}
    sources = _dbt_sources()
    assert sources, "no raw or audit sources found"
    for key, model in sources.items():
        assert key in declared, f"dbt source {key} is not declared in ingest/tables.py"
        assert model is not None, f"dbt source {key} has no staging model"
        read = set(re.findall(r"cast\((\w+) as", model.read_text())) | set(
            re.findall(r"nullif\((\w+),", model.read_text()))
        assert read, model.name
        missing = read - set(declared[key].column_names)
        assert not missing, f"{model.name} reads columns not declared for {key}: {missing}"

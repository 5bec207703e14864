"""The Great Expectations gate: a mart that fails its suite is never published."""

from __future__ import annotations

import hashlib
import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.checks import CHECK_NAME, PUBLISHED_MARTS
from pipelines.definitions import defs
from tests.test_guarantees import MARTS, mart_spec
from warehouse.home import HOME_ENV, Home

SNAPSHOT = dg.AssetKey(["published", "snapshot"])


def _gate_job():
    """The gate alone: the marts' checks and the publish step, on the marts already built."""
    selection = dg.AssetSelection.assets(SNAPSHOT) | dg.AssetSelection.checks(
        *[dg.AssetCheckKey(dg.AssetKey(["marts", name]), CHECK_NAME) for name in PUBLISHED_MARTS]
    )
    job = dg.define_asset_job("gate", selection=selection)
    return dg.Definitions.merge(defs, dg.Definitions(jobs=[job])).resolve_job_def("gate")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_snapshot_is_not_replaced_when_great_expectations_fails(built_home, tmp_path, monkeypatch):
    home = Home(tmp_path / "data").ensure()
    shutil.copy(built_home.warehouse, home.warehouse)
    monkeypatch.setenv(HOME_ENV, str(home.root))
    job = _gate_job()

    good = job.execute_in_process(raise_on_error=False)
    assert good.success and home.snapshot.exists()
    before = _digest(home.snapshot)

    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("update marts.enabler_maturity set mean_score = 5.5 where mean_score is not null and enabler_id = 'E01'")
    bad = job.execute_in_process(raise_on_error=False)

    failed = [e for e in bad.get_asset_check_evaluations() if not e.passed]
    assert [e.asset_key for e in failed] == [dg.AssetKey(["marts", "enabler_maturity"])]
    # The failing table is validated again for its summary: the line names the rule and the count.
    lines = failed[0].metadata["failures"].value
    assert lines and all("unexpected, e.g." in line for line in lines)
    assert any("mean_score" in line and "5.5" in line for line in lines)
    assert SNAPSHOT not in {e.asset_key for e in bad.get_asset_materialization_events()}
    assert _digest(home.snapshot) == before
    assert not any(p.name.endswith(".tmp") for p in home.published.iterdir())


def test_causal_wording_or_an_unexplained_missing_outcome_is_never_published(built_home, tmp_path, monkeypatch):
    home = Home(tmp_path / "data").ensure()
    shutil.copy(built_home.warehouse, home.warehouse)
    monkeypatch.setenv(HOME_ENV, str(home.root))
    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("update marts.outcome_associations set caveat = 'Higher maturity improves school readiness.' "
                    "where lag = 1")
        con.execute("update marts.outcomes set value = null, missing_reason = null where area_code = 'E09000007'")

    result = _gate_job().execute_in_process(raise_on_error=False)

    failed = {e.asset_key for e in result.get_asset_check_evaluations() if not e.passed}
    assert failed == {dg.AssetKey(["marts", "outcome_associations"]), dg.AssetKey(["marts", "outcomes"])}
    assert SNAPSHOT not in {e.asset_key for e in result.get_asset_materialization_events()}
    assert not home.snapshot.exists()


def test_rules_folded_into_the_gate_still_stop_publication(built_home, tmp_path, monkeypatch):
    """Grain, ranges and allowed values of these marts are checked by the gate alone (no dbt test
    repeats them, tests/test_guarantees.py): breaking each one still keeps the snapshot unpublished."""
    home = Home(tmp_path / "data").ensure()
    shutil.copy(built_home.warehouse, home.warehouse)
    monkeypatch.setenv(HOME_ENV, str(home.root))
    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("insert into marts.theme_maturity select * from marts.theme_maturity limit 1")
        con.execute("update marts.benchmark set quartile = 5 where quartile = 4")
        con.execute("update marts.group_comparison set split = 'age' where split = 'sector'")

    result = _gate_job().execute_in_process(raise_on_error=False)

    failed = {e.asset_key for e in result.get_asset_check_evaluations() if not e.passed}
    assert failed == {dg.AssetKey(["marts", name]) for name in ("theme_maturity", "benchmark", "group_comparison")}
    assert not home.snapshot.exists()


def test_contract_not_null_columns_refuse_a_null_in_the_warehouse(built_home, tmp_path):
    """A mart's enforced contract is a NOT NULL constraint in DuckDB, not a declaration: the columns
    the YAML constrains are exactly those DuckDB constrains, and a null is refused."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built_home.warehouse, warehouse)
    contracted = {}
    for path in sorted(MARTS.glob("*.yml")):
        spec = mart_spec(path.stem)
        if (spec.get("config") or {}).get("contract", {}).get("enforced"):
            contracted[path.stem] = {c["name"] for c in spec["columns"] if {"type": "not_null"} in (c.get("constraints") or [])}
    assert contracted
    with duckdb.connect(str(warehouse)) as con:
        rows = con.execute("select table_name, unnest(constraint_column_names) from duckdb_constraints() "
                           "where schema_name = 'marts' and constraint_type = 'NOT NULL'").fetchall()
        enforced = {name: {column for table, column in rows if table == name} for name in contracted}
        assert enforced == contracted
        with pytest.raises(duckdb.ConstraintException):
            con.execute("update marts.enabler_maturity set area_code = null")

"""The dashboards' snapshot reader: one connection and memo per published version, and a newly
published file seen on the next read (the pipeline replaces the file by renaming a new one in)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from dashboards.snapshot import SnapshotMissing, open_snapshot, snapshot_path
from warehouse.home import Home


def _publish(path: Path, value: int) -> None:
    """Write a one-table snapshot beside `path` and rename it in, as publish_snapshot does."""
    staging = path.with_name(f".{path.name}.tmp")
    staging.unlink(missing_ok=True)
    with duckdb.connect(str(staging)) as con:
        con.execute("create table t as select ? as v", [value])
    os.replace(staging, path)


def test_a_repeated_query_is_answered_from_the_memo(tmp_path: Path) -> None:
    path = tmp_path / "maturity.duckdb"
    _publish(path, 1)
    snap = open_snapshot(path)
    first = snap.query("select v from t")
    assert snap.query("select v from t") is first  # the same frame: DuckDB was not asked again
    assert open_snapshot(path) is snap


def test_a_newly_published_snapshot_replaces_the_cached_version(tmp_path: Path) -> None:
    path = tmp_path / "maturity.duckdb"
    _publish(path, 1)
    old = open_snapshot(path)
    assert old.query("select v from t")["v"].tolist() == [1]
    _publish(path, 2)
    new = open_snapshot(path)
    assert new is not old
    assert new.query("select v from t")["v"].tolist() == [2]
    # A page still holding the old version is answered from the new one, not failed.
    assert old.query("select v + 0 as v from t")["v"].tolist() == [2]
    assert old.query("select v from t")["v"].tolist() == [1]  # what it had read stays as read


def test_no_snapshot_says_what_to_run_without_a_path(tmp_path: Path) -> None:
    with pytest.raises(SnapshotMissing) as missing:
        snapshot_path(Home(tmp_path))
    assert str(missing.value) == "No published snapshot yet; run `maturity demo` or `maturity run` first"
    assert str(tmp_path) not in str(missing.value)

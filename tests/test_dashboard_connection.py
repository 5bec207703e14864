"""A page run reads the published snapshot through one cached read-only connection: the real shell
and page code (Streamlit's AppTest, in process) open it once per published version, a rerun sends
nothing new to DuckDB, and a newly published file (renamed in, as publishing does) is opened afresh
while the old version's connection is closed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards import snapshot
from warehouse.home import HOME_ENV, Home


def _script() -> None:
    from dashboards.shell import single_page

    single_page("borough")


def _publish(source: Path, home: Home) -> None:
    """Put a copy of `source` in place the way publishing does: written beside it, then renamed in."""
    staging = home.published / ".incoming.duckdb"
    shutil.copyfile(source, staging)
    os.replace(staging, home.snapshot)


def _queries(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_a_page_reuses_one_connection_per_snapshot_and_reopens_after_a_publish(
    published_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path / "home").ensure()
    _publish(published_home.snapshot, home)
    log = tmp_path / "queries.jsonl"
    monkeypatch.setenv(HOME_ENV, str(home.root))
    monkeypatch.setenv(snapshot.QUERY_LOG_ENV, str(log))
    app = AppTest.from_function(_script, default_timeout=60)

    app.run()
    assert not app.exception
    first = snapshot._open[home.snapshot]
    asked = _queries(log)
    assert asked >= 3  # the header and the page's own queries, all through `first`

    app.run()
    assert not app.exception
    assert snapshot._open[home.snapshot] is first
    assert _queries(log) == asked  # the rerun was answered by the same version: DuckDB not asked again

    _publish(published_home.snapshot, home)
    app.run()
    assert not app.exception
    second = snapshot._open[home.snapshot]
    assert second is not first and second.version != first.version
    assert _queries(log) == 2 * asked  # the new file is read afresh, each query once
    with pytest.raises(Exception, match="closed"):
        first._connection.execute("select 1")  # the replaced version's connection was closed

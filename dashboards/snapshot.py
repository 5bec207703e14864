"""Read-only access to the published snapshot, the only data the dashboards and reports may see.

The pipeline replaces the snapshot file atomically (a rename), so a file's identity — its inode,
size and modification time — names one published version. `open_snapshot` keeps one read-only
connection per version and a memo of the query results read from it: a page's rerun asks DuckDB
nothing it has asked before, and the first call after a new publication sees a new identity, opens
the new file and drops the old version with its memo. The live warehouse (one writer) is never
opened, and no lock is taken that could stop the pipeline publishing.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.home import Home

MEMO_ENTRIES = 512  # distinct queries kept per snapshot version; a page makes a handful per choice
# benchmarks/dashboard.py sets this to a file: every query sent to DuckDB appends one JSON line
# (its SQL, parameters and seconds), so the benchmark measures the queries real pages make.
QUERY_LOG_ENV = "MATURITY_QUERY_LOG"


class SnapshotMissing(FileNotFoundError):
    """Raised before any query so the app can say what to run instead of showing a DuckDB error."""


@dataclass(frozen=True)
class SnapshotInfo:
    published_at: datetime
    run_id: str
    is_synthetic: bool  # the snapshot says so, or any of its rows does


class Snapshot:
    """One published version of the snapshot: a read-only connection and a memo of results.

    Safe to share between Streamlit's session threads: each query runs on its own cursor, and the
    memo is guarded by a lock. The frames handed out are shared by every caller, so callers derive
    new frames from them and never modify them in place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.version = _version(path)
        self._connection = duckdb.connect(str(path), read_only=True)
        self._memo: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()
        self._closed = False

    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """The result of `sql` with `params`, read once per snapshot version.

        A version replaced while a page was still reading it (another session saw the new file
        first) passes the query on to the current version rather than failing the page."""
        key = (sql, tuple(params or ()))
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
            closed = self._closed
            if not closed:
                cursor = self._connection.cursor()
        if closed:  # outside the lock: open_snapshot takes its own lock, then closes under ours
            return open_snapshot(self.path).query(sql, params)
        started = time.perf_counter()
        try:
            with cursor:
                frame = cursor.execute(sql, list(params or ())).df()
        except duckdb.ConnectionException:
            if not self._closed:
                raise
            return open_snapshot(self.path).query(sql, params)  # replaced while this query ran
        _log_query(sql, params, time.perf_counter() - started)
        with self._lock:
            self._memo[key] = frame
            while len(self._memo) > MEMO_ENTRIES:
                self._memo.popitem(last=False)
        return frame

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._connection.close()

    def info(self) -> SnapshotInfo:
        """The meta row, with the synthetic flag widened to any synthetic row so no banner is missed."""
        row = self.query(
            """
            SELECT
                s.published_at,
                s.run_id,
                s.is_synthetic
                    OR coalesce((SELECT bool_or(is_synthetic) FROM marts.enabler_maturity), false)
                    AS is_synthetic
            FROM meta.snapshot AS s
            """
        ).iloc[0]
        return SnapshotInfo(
            published_at=row["published_at"].to_pydatetime(),
            run_id=str(row["run_id"]),
            is_synthetic=bool(row["is_synthetic"]),
        )


def _log_query(sql: str, params, seconds: float) -> None:
    log = os.environ.get(QUERY_LOG_ENV)
    if log:
        line = json.dumps({"sql": " ".join(sql.split()), "params": [str(p) for p in params or ()], "seconds": seconds})
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def _version(path: Path) -> tuple[int, int, int]:
    stat = os.stat(path)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


_open: dict[Path, Snapshot] = {}
_open_lock = threading.Lock()


def snapshot_path(home: Home | None = None) -> Path:
    """The snapshot of `home`, else of the home chosen by `$MATURITY_HOME` / `./data`."""
    path = (home or Home.resolve()).snapshot
    if not path.is_file():
        raise SnapshotMissing("No published snapshot yet; run `maturity demo` or `maturity run` first")
    return path


def open_snapshot(path: Path) -> Snapshot:
    """The current version of the snapshot at `path`, reusing its connection and memo while the
    file is unchanged; a newly published file replaces the old version (whose connection closes)."""
    version = _version(path)
    with _open_lock:
        current = _open.get(path)
        if current is not None and current.version == version:
            return current
        if current is not None:
            # First: DuckDB shares one database instance per path within a process, so a connection
            # opened while the old one lives would go on reading the replaced file.
            current.close()
        fresh = _open[path] = Snapshot(path)
    return fresh


def areas(snap: Snapshot) -> pd.DataFrame:
    """Only areas that have results, so every choice offered leads somewhere."""
    return snap.query(
        """
        SELECT DISTINCT area_code, area_name
        FROM marts.enabler_maturity
        ORDER BY area_name
        """
    )


def years(snap: Snapshot, area_code: str | None = None) -> list[int]:
    """Newest first, because the latest assessment is the one people usually want; all years
    with results when no area is given."""
    frame = snap.query(
        """
        SELECT DISTINCT assessment_year
        FROM marts.enabler_maturity
        WHERE ? IS NULL OR area_code = ?
        ORDER BY assessment_year DESC
        """,
        [area_code, area_code],
    )
    return [int(year) for year in frame["assessment_year"]]

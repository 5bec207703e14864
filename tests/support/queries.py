"""Expected values for the tests, read straight from a home's DuckDB files (never through the app's
own queries), each on a read-only connection of its own."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from warehouse.home import Home

Params = list | dict | None  # positional (?) or named ($name) parameters


def database_rows(path: Path, sql: str, params: Params = None) -> list[tuple]:
    """The rows `sql` returns from the DuckDB file at `path` (a snapshot or a warehouse)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def snapshot_rows(home: Home, sql: str, params: Params = None) -> list[tuple]:
    """The rows `sql` returns from `home`'s published snapshot."""
    return database_rows(home.snapshot, sql, params)


def snapshot_frame(home: Home, sql: str, params: Params = None) -> pd.DataFrame:
    """What `sql` returns from `home`'s published snapshot, as a data frame."""
    with duckdb.connect(str(home.snapshot), read_only=True) as con:
        return con.execute(sql, params or []).df()

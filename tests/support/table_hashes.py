"""A fingerprint of every table in a DuckDB file, to say that two builds published the same thing.

Each table's fingerprint is its row count and an order-independent hash of its rows (a row's hash
is DuckDB's hash of the whole row, so every value counts, to the last bit of a double). Columns
that record when or by which run a table was written (`published_at`, `run_id`, `built_at`) differ
between any two builds by design and are left out; nothing else is.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

RUN_COLUMNS = frozenset({"published_at", "run_id", "built_at", "loaded_at"})


def table_hashes(database: Path, schemas: tuple[str, ...] = ("marts", "reference", "meta")) -> dict[str, tuple[int, int]]:
    """{schema.table: (rows, hash)} for every base table in `schemas`, opened read-only."""
    with duckdb.connect(str(database), read_only=True) as con:
        names = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in (select unnest(?)) order by all",
            [list(schemas)],
        ).fetchall()
        out = {}
        for schema, table in names:
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "order by ordinal_position", [schema, table]).fetchall() if c not in RUN_COLUMNS]
            if not columns:
                continue
            row = "row(" + ", ".join(f'"{c}"' for c in columns) + ")"
            rows, digest = con.execute(
                f'select count(*), coalesce(sum(hash({row})::hugeint), 0) from "{schema}"."{table}"'
            ).fetchone()
            out[f"{schema}.{table}"] = (rows, int(digest))
        return out


def differing(left: dict[str, tuple[int, int]], right: dict[str, tuple[int, int]]) -> list[str]:
    """The tables whose fingerprints differ, or that only one side has."""
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))

"""What a crashed run leaves in the home, removed by the next writer once it holds the writer lock
(warehouse/lock.py): then no other writer can be mid-write, so every match is a dead run's.

Each temporary the pipeline writes is named here, once, with why it can be left behind. DuckDB's
write-ahead log (`warehouse.duckdb.wal`) is not a leftover: it holds committed work that DuckDB
replays on the next open, and no pattern here can match it.
"""

from __future__ import annotations

import shutil

from warehouse.home import Home

# (folder of the home, glob): the names are the writers' own, see the functions named.
LEFTOVERS: tuple[tuple[str, str], ...] = (
    # a snapshot being staged (Home.snapshot_staging), with DuckDB's .wal and spill folder beside it
    ("published", ".maturity.duckdb.*.tmp*"),
    # a copy not yet renamed into place (ingest/core/archive.py _copy_atomically)
    ("archive", ".partial-*"),
    ("quarantine", ".partial-*"),
    # DuckDB's spill folder for the warehouse (its temp_directory default), left when a writer is killed mid-query
    (".", "warehouse.duckdb.tmp"),
)


def remove_leftovers(home: Home) -> list[str]:
    """Remove every leftover; returns their paths relative to the home, sorted. Links are removed,
    never followed."""
    found = sorted({path for folder, pattern in LEFTOVERS for path in (home.root / folder).glob(pattern)})
    removed = []
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        if not path.exists() and not path.is_symlink():
            removed.append(str(path.relative_to(home.root)))
    return removed

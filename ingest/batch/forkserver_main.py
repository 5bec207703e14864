"""Imported only in multiprocessing's fork server, before any worker is forked: workers never
re-run the caller's __main__.

A forked worker re-imports the parent's main module, by path or by name, as its parent's
`__main__` is at the moment the worker starts (multiprocessing.spawn.prepare). That is seconds for a
script that imports Dagster or DuckDB, memory under the worker's cap, and wrong whenever the
caller's `__main__` is not a script that can be run again: Streamlit's AppTest swaps in a generated
script that only runs inside Streamlit, a notebook has none. Workers need nothing from `__main__`:
they run ingest.batch.reading's functions (importable by name) on a Job of plain data. So the fork
server's copy of `spawn` keeps the path and the other preparation, and skips only the main module.
Only this fork server is changed; the caller's own multiprocessing is untouched.
"""

from __future__ import annotations

from multiprocessing import spawn


def _keep_the_fork_servers_main(_main: str) -> None:
    """In place of spawn's _fixup_main_from_path and _fixup_main_from_name."""


spawn._fixup_main_from_path = spawn._fixup_main_from_name = _keep_the_fork_servers_main

"""The least any Excel ingest does — every row of every sheet, as Python values — in a module of its
own, so that benchmarks/ingest.py's pool of processes can import it by name: ingest's fork server
(ingest.batch.forkserver_main) never re-runs a script's `__main__`, and the raw read is timed in
that same fork server."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook


def raw_read(paths: list[Path]) -> None:
    for path in paths:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()
        workbook.close()

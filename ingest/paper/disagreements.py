"""The disagreements still open for a borough, year and group, and the resolution workbook made of them.

Whoever settles disagreements needs them listed in the order they will meet them on the paper
forms; the list is read back from `audit.transcription_disagreements`, where double entry
(`ingest.paper.double_entry`) records them, and handed to the workbook writer
(`ingest.paper.template.write_resolution_workbook`).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from framework.model import Framework
from ingest.paper import layout as P
from ingest.paper.compare import natural
from ingest.paper.entries import group_key
from ingest.paper.model import Disagreement
from ingest.paper.narrative import item_order
from ingest.paper.template import write_resolution_workbook


def open_disagreements(
    con: duckdb.DuckDBPyConnection, area_code: str, assessment_year: int, group_label: str | None
) -> list[Disagreement]:
    """The disagreements still waiting to be settled for one area, year and group, form by form."""
    rows = con.execute(
        """select form_id, item_id, first_value, second_value, first_location, second_location
           from audit.transcription_disagreements
           where area_code = ? and assessment_year = ? and coalesce(lower(trim(group_label)), '') = ?
             and status = 'open'""",
        [area_code, assessment_year, group_key(group_label)],
    ).fetchall()
    return sorted((Disagreement(*row) for row in rows),
                  key=lambda d: (d.form_id == P.NARRATIVE_FORM, natural(d.form_id), _item_order(d.form_id, d.item_id)))


def write_resolution_template(
    con: duckdb.DuckDBPyConnection, fw: Framework, area_code: str, assessment_year: int, group_label: str | None,
    path: Path,
) -> Path:
    """A resolution workbook pre-filled with the open disagreements, for someone to settle from the paper."""
    found = open_disagreements(con, area_code, assessment_year, group_label)
    if not found:
        group = f", group '{group_label}'" if group_label else ""
        raise ValueError(f"no open disagreements for {fw.area(area_code).name} {assessment_year}{group}")
    return write_resolution_workbook(path, fw, area_code, assessment_year, group_label, found)


def _item_order(form_id: str, item_id: str) -> tuple:
    """As the comparison meets them, which is how the paper form reads: the form, its details, the
    enabler grid, then the dig-deeper grid; after every form, the narrative sheet by sheet."""
    if form_id == P.NARRATIVE_FORM:
        return item_order(item_id)
    fixed = (P.FORM_ITEM, *P.FIELD_ITEMS)
    if item_id in fixed:
        return (fixed.index(item_id),)
    if item_id == P.INDICATOR_FORM_ITEM:
        return (len(fixed) + 1,)
    return (len(fixed) + ("." in item_id) * 2, *natural(item_id))

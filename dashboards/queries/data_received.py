"""What the Data received page reads from marts.data_received: the files behind one borough's year,
London's year file by file counted per borough, the outcome files, and the refused files that
could not be put to any borough.

Frames keep the mart's column names. Participant counts describe what a file carried, not a
statistic about people, so they are shown as they are.
"""

from __future__ import annotations

import pandas as pd

from dashboards.snapshot import Snapshot
from framework.model import LONDON_REGION_CODE

ASSESSMENT_KINDS = ("assessment workbook", "paper entry")  # the files whose participants make a year's figures
STANDINGS = ("in use", "replaced", "waiting", "held", "duplicate", "refused")  # per borough, in this order


def received_years(snap: Snapshot, area_code: str | None = None) -> list[int]:
    """Years something arrived for (the area, when given), newest first."""
    frame = snap.query(
        """
        SELECT DISTINCT assessment_year
        FROM marts.data_received
        WHERE assessment_year IS NOT NULL AND (? IS NULL OR area_code = ?)
        ORDER BY assessment_year DESC
        """,
        [area_code, area_code],
    )
    return [int(year) for year in frame["assessment_year"]]


def received(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame:
    """Every file that arrived for the area and year, in order of arrival."""
    return snap.query(
        """
        SELECT *
        FROM marts.data_received
        WHERE area_code = ? AND assessment_year = ?
        ORDER BY received_at, file_name
        """,
        [area_code, year],
    )


def not_identified(snap: Snapshot) -> pd.DataFrame:
    """Refused files with no area: the ingest refuses a file before identifying who sent it."""
    return snap.query(
        """
        SELECT *
        FROM marts.data_received
        WHERE status = 'refused' AND area_code IS NULL
        ORDER BY received_at DESC, file_name
        """
    )


def outcome_files(snap: Snapshot) -> pd.DataFrame:
    """Outcome files loaded, newest first: they cover every area, so they belong to no borough."""
    return snap.query(
        """
        SELECT *
        FROM marts.data_received
        WHERE kind = 'outcome file'
        ORDER BY received_at DESC, file_name
        """
    )


def london_year(snap: Snapshot, year: int) -> pd.DataFrame:
    """One row per London area (all 33, in name order; reference.areas holds every English
    authority) for `year`: files by standing
    (n_in_use, n_replaced, …), the participants of the assessment files in use, whether a
    data-sharing return is in use, and the last arrival."""
    counts = ",\n            ".join(
        f"count(d.file_name) FILTER (WHERE d.standing = '{standing}')::INTEGER AS n_{standing.replace(' ', '_')}"
        for standing in STANDINGS
    )
    return snap.query(
        f"""
        SELECT
            a.area_code,
            a.area_name,
            count(d.file_name)::INTEGER AS n_files,
            {counts},
            coalesce(sum(d.n_participants) FILTER (
                WHERE d.standing = 'in use' AND d.kind IN {ASSESSMENT_KINDS}), 0)::INTEGER AS n_participants_in_use,
            coalesce(bool_or(d.kind = 'data-sharing return' AND d.standing = 'in use'), false) AS has_return,
            max(d.received_at) AS last_received_at
        FROM reference.areas AS a
        LEFT JOIN marts.data_received AS d ON d.area_code = a.area_code AND d.assessment_year = ?
        WHERE a.region_code = ?
        GROUP BY a.area_code, a.area_name
        ORDER BY a.area_name
        """,
        [year, LONDON_REGION_CODE],
    )

"""Read-only access to the published snapshot, the only data the dashboards may see.

The pipeline replaces the snapshot file atomically, so each query opens its own read-only
connection and closes it at once: a newly published file is picked up on the next query, no lock
is held between reruns, and the live warehouse (which allows one writer) is never opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ingest.home import Home


class SnapshotMissing(FileNotFoundError):
    """Raised before any query so the app can say what to run instead of showing a DuckDB error."""


@dataclass(frozen=True)
class SnapshotInfo:
    published_at: datetime
    run_id: str
    source: str
    is_synthetic: bool  # the snapshot says so, or any of its rows does


def snapshot_path(home: Home | None = None) -> Path:
    """The snapshot of `home`, else of the home chosen by `$MATURITY_HOME` / `./data`."""
    path = (home or Home.resolve()).snapshot
    if not path.is_file():
        raise SnapshotMissing(
            f"No published snapshot at {path}; run `maturity demo` or `maturity run` first"
        )
    return path


def _query(path: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).df()


def areas(path: Path) -> pd.DataFrame:
    """Only boroughs that have results, so every choice offered leads somewhere."""
    return _query(
        path,
        """
        SELECT DISTINCT area_code, area_name
        FROM marts.enabler_maturity
        ORDER BY area_name
        """,
    )


def years(path: Path, area_code: str) -> list[int]:
    """Newest first, because the latest assessment is the one people usually want."""
    frame = _query(
        path,
        """
        SELECT DISTINCT assessment_year
        FROM marts.enabler_maturity
        WHERE area_code = ?
        ORDER BY assessment_year DESC
        """,
        [area_code],
    )
    return [int(year) for year in frame["assessment_year"]]


def borough_year(path: Path, area_code: str, year: int) -> pd.DataFrame:
    """All 12 enablers in tool order beside that year's London mean.

    Driven by reference.enablers so the radar always has its 12 spokes: an enabler with no row
    for the borough is reported as having no scores, which the suppression rule then hides.
    """
    return _query(
        path,
        """
        SELECT
            e.enabler_id,
            e.enabler_order,
            e.enabler_name,
            coalesce(m.n_scores, 0) AS n_scores,
            coalesce(m.n_skipped, 0) AS n_skipped,
            m.mean_score,
            coalesce(m.is_small_group, true) AS is_small_group,
            coalesce(m.is_suppressed, true) AS is_suppressed,
            coalesce(m.is_synthetic, false) AS is_synthetic,
            l.mean_of_area_means AS london_mean,
            coalesce(l.n_areas, 0) AS london_n_areas
        FROM reference.enablers AS e
        LEFT JOIN marts.enabler_maturity AS m
            ON m.enabler_id = e.enabler_id AND m.area_code = ? AND m.assessment_year = ?
        LEFT JOIN marts.london_enabler_maturity AS l
            ON l.enabler_id = e.enabler_id AND l.assessment_year = ?
        ORDER BY e.enabler_order
        """,
        [area_code, year, year],
    )


def info(path: Path) -> SnapshotInfo:
    """The meta row, with the synthetic flag widened to any synthetic row so no banner is missed."""
    row = _query(
        path,
        """
        SELECT
            s.published_at,
            s.run_id,
            s.source,
            s.is_synthetic
                OR coalesce((SELECT bool_or(is_synthetic) FROM marts.enabler_maturity), false)
                AS is_synthetic
        FROM meta.snapshot AS s
        """,
    ).iloc[0]
    return SnapshotInfo(
        published_at=row["published_at"].to_pydatetime(),
        run_id=str(row["run_id"]),
        source=str(row["source"]),
        is_synthetic=bool(row["is_synthetic"]),
    )

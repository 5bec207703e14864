"""A borough's latest headline outcome figures, for the take-away pack's Outcomes sheet."""

from __future__ import annotations

import pandas as pd

from dashboards.snapshot import Snapshot


def latest_outcomes(snap: Snapshot, area_code: str) -> pd.DataFrame:
    """One row per outcome indicator: its most recent headline period in the snapshot.

    The newest period is what a partnership looks at beside its ratings in a workshop; a withheld
    or missing value stays null with its `missing_reason`, as in marts.outcomes."""
    return snap.query(
        """
        SELECT source, indicator_id, indicator_name, unit, polarity, period_label, period_type,
            period_start_year, period_end_year, value, lower_ci, upper_ci, missing_reason,
            region_code, region_name, region_value, england_value
        FROM marts.outcomes
        WHERE area_code = ? AND is_headline
        QUALIFY row_number() OVER (
            PARTITION BY source, indicator_id
            ORDER BY period_start_year DESC, period_end_year DESC, period_label DESC
        ) = 1
        ORDER BY indicator_name, source, indicator_id
        """,
        [area_code],
    )

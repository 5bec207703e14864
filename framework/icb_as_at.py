"""Which ICB an area belongs to "as at" an assessment year: one rule, used by every comparison.

An assessment year is a calendar year, but ICB footprints change on a date (North Central and North
West London merged on 1 April 2026). Each year is therefore read on one reference day, 1 July:
mid-year, the day the ICBs were established in 2022, and the date of ONS mid-year estimates. So
2025 assessments compare with the pre-merger ICBs and 2026 ones with the merged West and North
London ICB. Years before the ICBs existed (before 2022) use the first footprint, 1 July 2022.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

REFERENCE_MONTH, REFERENCE_DAY = 7, 1


def icb_reference_date(year: int, first_valid_from: date) -> date:
    """1 July of the year, or the first day any ICB existed when that is later."""
    return max(date(int(year), REFERENCE_MONTH, REFERENCE_DAY), first_valid_from)


def icbs_as_at_year(memberships: pd.DataFrame, year: int) -> pd.DataFrame:
    """area_code, icb_code, icb_name for every area with a membership on the year's reference day.

    `memberships` has the columns of framework.area_icbs (valid_from/valid_to inclusive dates,
    valid_to null while current)."""
    valid_from = pd.to_datetime(memberships["valid_from"]).dt.date
    valid_to = pd.to_datetime(memberships["valid_to"]).dt.date
    on = icb_reference_date(year, min(valid_from))
    current = [start <= on and (pd.isna(end) or on <= end) for start, end in zip(valid_from, valid_to)]
    found = memberships.loc[current, ["area_code", "icb_code", "icb_name"]]
    if found["area_code"].duplicated().any():
        raise ValueError(f"an area is in two ICBs on {on}")
    return found.reset_index(drop=True)

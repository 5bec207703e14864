"""marts.outcome_associations: does maturity go with outcomes, across boroughs and within them?

Two questions, each with its own blind spot, so both are reported side by side. Across boroughs:
do the more mature boroughs have better outcomes? (Boroughs differ in deprivation, population and
much else.) Within boroughs: in the years a borough rated itself higher, were its outcomes
different from its own usual, beyond what changed everywhere that year? (Other local changes at the
same time remain.) Only the overall rating and the three themes are exposures: 12 enablers × every
outcome × 3 lags would mostly produce chance findings with 33 boroughs.
"""

from __future__ import annotations

import pandas as pd

from evaluation.estimates import Estimate, correlation_interval, panel_estimate
from evaluation.wording import (
    CORRELATION,
    METHODS,
    association,
    caveat,
    estimate_meaning,
    favourable_direction,
)

COLUMNS = (
    "source", "indicator_id", "indicator_name", "unit", "polarity", "level", "item_id", "lag",
    "method", "estimate", "ci_low", "ci_high", "p_value", "n_areas", "n_area_years", "n_tests",
    "estimate_meaning", "association", "favourable_direction", "caveat", "is_synthetic",
)  # fmt: skip
EXPOSURE_LEVELS = ("overall", "theme")
_GROUP = ["source", "indicator_id", "level", "item_id", "lag"]


def outcome_associations(maturity_outcomes: pd.DataFrame, min_areas: int = 10) -> pd.DataFrame:
    """One row per outcome × exposure (overall, each theme) × lag × method; see docs/outcomes.md.

    Rows whose maturity was withheld or whose outcome is missing are left out before anything is
    counted, so n_areas and n_area_years say what each estimate rests on. Below `min_areas` usable
    boroughs (for the panel: boroughs with two or more usable years) nothing is estimated.
    `is_synthetic` is true when any input row behind that estimate is synthetic."""
    exposures = maturity_outcomes[maturity_outcomes["level"].isin(EXPOSURE_LEVELS)]
    fitted = [
        (key, rows, method, _estimate(method, _usable(rows), min_areas))
        for key, rows in exposures.groupby(_GROUP, sort=True, dropna=False)
        for method in METHODS
    ]
    n_tests = {m: sum(1 for _, _, method, e in fitted if method == m and e.is_estimated) for m in METHODS}
    records = [_record(key, rows, method, e, n_tests[method], min_areas) for key, rows, method, e in fitted]
    table = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return table.astype({c: "float64" for c in ("estimate", "ci_low", "ci_high", "p_value")})


def _usable(rows: pd.DataFrame) -> pd.DataFrame:
    keep = (
        ~rows["maturity_is_suppressed"].fillna(False).astype(bool)
        & rows["maturity_mean"].notna()
        & rows["outcome_value"].notna()
    )
    return pd.DataFrame(
        {
            "area": rows.loc[keep, "area_code"],
            "year": rows.loc[keep, "assessment_year"].astype(int),
            "exposure": rows.loc[keep, "maturity_mean"].astype(float),
            "outcome": rows.loc[keep, "outcome_value"].astype(float),
        }
    )


def _estimate(method: str, usable: pd.DataFrame, min_areas: int) -> Estimate:
    if method == CORRELATION:
        per_area = usable.groupby("area")[["exposure", "outcome"]].mean()
        if len(per_area) < min_areas:
            return Estimate(None, None, None, None, len(per_area), len(usable))
        result = correlation_interval(per_area["exposure"], per_area["outcome"])
        return result._replace(n_area_years=len(usable))
    result = panel_estimate(usable)
    if result.n_areas < min_areas:
        return Estimate(None, None, None, None, result.n_areas, result.n_area_years)
    return result


def _record(key: tuple, rows: pd.DataFrame, method: str, e: Estimate, n_tests: int, min_areas: int) -> dict:
    source, indicator_id, level, item_id, lag = key
    polarity = _first(rows["polarity"])
    label = association(e)
    return {
        "source": source,
        "indicator_id": indicator_id,
        "indicator_name": _first(rows["indicator_name"]),
        "unit": _first(rows["unit"]),
        "polarity": polarity,
        "level": level,
        "item_id": item_id,
        "lag": int(lag),
        "method": method,
        "estimate": e.estimate,
        "ci_low": e.low,
        "ci_high": e.high,
        "p_value": e.p_value,
        "n_areas": e.n_areas,
        "n_area_years": e.n_area_years,
        "n_tests": n_tests,
        "estimate_meaning": estimate_meaning(method, _first(rows["unit"])),
        "association": label,
        "favourable_direction": favourable_direction(label, polarity),
        "caveat": caveat(method, e, n_tests, min_areas),
        "is_synthetic": bool(rows["is_synthetic"].fillna(False).astype(bool).any()),
    }


def _first(values: pd.Series) -> str | None:
    present = values.dropna()
    return None if present.empty else present.iloc[0]

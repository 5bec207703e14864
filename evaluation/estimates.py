"""The two statistics behind an association between maturity and an outcome, one implementation each.

With 33 boroughs and four assessment years the data are thin, so each estimate comes with an
interval built for few units: Fisher's z for a correlation across boroughs, and for the panel a
cluster-robust interval read off a t distribution with (number of boroughs − 1) degrees of freedom,
not the normal distribution large-sample software assumes. tests/test_evaluation.py checks their
coverage and false-positive rate by simulation.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
from linearmodels.panel import PanelOLS
from linearmodels.panel.utility import AbsorbingEffectError
from scipy.stats import norm
from scipy.stats import t as student_t

LEVEL = 0.95


class Estimate(NamedTuple):
    """An estimate with its 95 % interval and two-sided p; all three None when it cannot be made.
    `n_areas` and `n_area_years` count what the estimate actually used."""

    estimate: float | None
    low: float | None
    high: float | None
    p_value: float | None
    n_areas: int
    n_area_years: int

    @property
    def is_estimated(self) -> bool:
        return self.estimate is not None


def correlation_interval(x: np.ndarray | pd.Series, y: np.ndarray | pd.Series) -> Estimate:
    """Pearson's r between paired values, with the interval and p from Fisher's z transformation.

    The p value comes from the same transformation as the interval (not from the t test on r), so
    that "the interval excludes 0" and "p < 0.05" never disagree. Needs at least 4 pairs (Fisher's
    standard error is 1/√(n − 3)) and some spread in both; r = ±1 (no finite interval) only arises
    from degenerate data and is not reported."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < 4 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return Estimate(None, None, None, None, n, n)
    r = float(np.corrcoef(x, y)[0, 1])
    if abs(r) >= 1:
        return Estimate(None, None, None, None, n, n)
    z, se = math.atanh(r), 1 / math.sqrt(n - 3)
    half = norm.ppf((1 + LEVEL) / 2) * se
    p = 2 * norm.sf(abs(z) / se)
    return Estimate(r, math.tanh(z - half), math.tanh(z + half), float(p), n, n)


def panel_estimate(frame: pd.DataFrame) -> Estimate:
    """Slope of `outcome` on `exposure` with area and year fixed effects (columns `area`, `year`,
    `exposure`, `outcome`; one row per area-year), standard errors clustered by area.

    linearmodels' PanelOLS absorbs the area and year effects rather than estimating 33 dummies, so
    its clustered covariance's small-sample factor is the usual G/(G − 1) over clusters
    (`group_debias`) without counting the absorbed effects as parameters; statsmodels OLS with
    C(area) dummies would count them and widen the intervals by √((N − 1)/(N − K)), about a sixth
    at 33 boroughs × 4 years, for no reason (the effects are nested in the clusters). PanelOLS
    reports normal-theory intervals; with few clusters they are too narrow, so the interval and p
    here use t with G − 1 degrees of freedom instead.
    Areas with a single usable year carry no within-area information and are dropped first."""
    usable = frame.dropna(subset=["exposure", "outcome"])
    years_per_area = usable.groupby("area")["year"].transform("nunique")
    usable = usable[years_per_area >= 2]
    n_areas, n_rows = int(usable["area"].nunique()), len(usable)
    not_estimated = Estimate(None, None, None, None, n_areas, n_rows)
    if n_areas < 2:
        return not_estimated
    data = usable.set_index(["area", "year"])
    model = PanelOLS(data["outcome"], data[["exposure"]], entity_effects=True, time_effects=True)
    try:
        fit = model.fit(cov_type="clustered", cluster_entity=True, group_debias=True)
    except AbsorbingEffectError:  # maturity moved only with the year, or not at all, within boroughs
        return not_estimated
    slope, se = float(fit.params["exposure"]), float(fit.std_errors["exposure"])
    if not (math.isfinite(slope) and math.isfinite(se)) or se == 0:
        return not_estimated
    df = n_areas - 1
    half = student_t.ppf((1 + LEVEL) / 2, df) * se
    p = 2 * student_t.sf(abs(slope) / se, df)
    return Estimate(slope, slope - half, slope + half, float(p), n_areas, n_rows)

"""The plain-English columns of marts.outcome_associations, kept apart from the statistics so that
every sentence a reader sees can be checked in one place for causal wording.

An association between self-rated maturity and a published outcome across a few dozen boroughs
says nothing about what would happen if maturity rose, so the words say "goes with", never more.
"""

from __future__ import annotations

from evaluation.estimates import Estimate

CORRELATION = "between_area_correlation"
PANEL = "within_area_panel"
METHODS = (CORRELATION, PANEL)

POSITIVE = "positive association"
NEGATIVE = "negative association"
NO_CLEAR = "no clear association"
NOT_ESTIMATED = "not estimated"

BETTER = "higher maturity goes with better values"
WORSE = "higher maturity goes with worse values"
UNCLEAR = "unclear"


def association(estimate: Estimate) -> str:
    """By the 95 % interval: it must lie wholly on one side of zero to name a direction."""
    if not estimate.is_estimated or estimate.low is None or estimate.high is None:
        return NOT_ESTIMATED
    if estimate.low > 0:
        return POSITIVE
    if estimate.high < 0:
        return NEGATIVE
    return NO_CLEAR


def favourable_direction(label: str, polarity: str | None) -> str:
    if label not in (POSITIVE, NEGATIVE) or polarity not in ("higher_is_better", "lower_is_better"):
        return UNCLEAR
    return BETTER if (label == POSITIVE) == (polarity == "higher_is_better") else WORSE


def estimate_meaning(method: str, unit: str | None) -> str:
    if method == CORRELATION:
        return (
            "Pearson correlation (from −1 to 1) across boroughs between each borough's average "
            "maturity and its average outcome over the same years"
        )
    in_unit = f"in {unit}" if unit else "in the outcome's own unit"
    return (
        f"Difference in the outcome ({in_unit}) per 1 point higher maturity on the 1–5 scale, "
        "comparing each borough with itself across years, after allowing for changes shared by all "
        "boroughs in a year"
    )


def caveat(method: str, estimate: Estimate, n_tests: int, min_areas: int) -> str:
    """Says what was compared, why it shows no more than an association, and how many such estimates
    the table holds (so the chance of a few false alarms is in plain view)."""
    if not estimate.is_estimated:
        return _not_estimated_reason(method, estimate, min_areas)
    chance = _by_chance(n_tests)
    if method == CORRELATION:
        return (
            f"An association across {estimate.n_areas} boroughs ({estimate.n_area_years} borough-years "
            "averaged per borough), which does not show that maturity moves the outcome: ratings are partnerships' self-assessments, "
            f"boroughs differ in many other ways, and {chance}"
        )
    return (
        f"An association within {estimate.n_areas} boroughs over time ({estimate.n_area_years} "
        "borough-years), which does not show that maturity moves the outcome: comparing each borough with itself sets aside stable "
        "differences between boroughs, but not other changes that happened in a borough at the same "
        f"time; ratings are partnerships' self-assessments, and {chance}"
    )


def _by_chance(n_tests: int) -> str:
    expected = n_tests / 20
    if expected < 1:
        about = "fewer than one"
    else:
        about = f"about {expected:.0f}" if expected >= 2 else "about one"
    return (
        f"with {n_tests} estimates of this kind in this table, {about} would exclude zero by chance "
        "even if there were no association at all."
    )


def _not_estimated_reason(method: str, estimate: Estimate, min_areas: int) -> str:
    if method == CORRELATION:
        return (
            f"Not estimated: {estimate.n_areas} boroughs had both a maturity rating and an outcome "
            f"value; at least {min_areas} are needed, with some spread in both."
        )
    return (
        f"Not estimated: {estimate.n_areas} boroughs had two or more years with both a maturity rating "
        f"and an outcome value; at least {min_areas} are needed, and maturity must change within "
        "boroughs differently from year to year."
    )

"""The words a reader sees for the rules behind every figure, in one place so every page, table,
chart and take-away file says the same thing the same way."""

from __future__ import annotations

import math

SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
SYNTHETIC_FILE_PREFIX = "SYNTHETIC_"
WITHHELD = "withheld (fewer than 3 people)"
SMALL_GROUP = "small group (fewer than 5 people)"
NOT_COMPARED = "Not compared"
NO_RESULTS = "The published snapshot holds no borough results yet."
NO_DATA = "no return"  # the area sent nothing for this item or year: not the same as withheld
NO_CAUSAL_CLAIM = (
    "These are associations between how partnerships rate themselves and published outcomes. "
    "They do not show that integration changes outcomes."
)
SCALE_NOTE = (
    "Means of participants' ratings on the tool's 1–5 scale: a description of how the partnership "
    "sees itself, not a measure of outcomes."
)
# What the partnership said beside its scores (issue #14): a section the snapshot has no mart for
# is not the same as one the partnership left blank.
NOT_COLLECTED = "Not collected: this snapshot was published before the tool collected this section."
LEFT_BLANK = "The partnership left this section blank."
NO_PREVIOUS_PRIORITIES = "No priorities were recorded at the previous assessment, or there is no previous assessment."
PRIORITY_CHANGE_NOTE = (
    "Beside each priority set last time: the change in the enabler it named, from that assessment to "
    "this one, with its 95 % interval and direction. This is how the partnership's own rating moved, an "
    "association in time; it does not show that acting on the priority made the difference."
)
NARRATIVE_NOTE = "The partnership's own words, as written in its workbook; several groups' words are each labelled."
PREVALENCE_NOTE = (
    "Counts of areas, not people: each area once, at the most “in play” any of its groups said. The mean "
    "maturity is the mean of those areas' overall means that year (an area whose mean is withheld is left "
    "out; n says how many are in it): a description of which areas report the challenge, not of what it does."
)
SUPPRESSION_NOTE = (
    "Statistics are withheld where fewer than 3 people scored (shown as “withheld”, never as a "
    "blank or 0), and flagged as a small group where fewer than 5 did. Comparator means leave "
    "withheld boroughs out, so a withheld figure cannot be worked out from them."
)


def missing(value: object) -> bool:
    """None, NaN and pandas' NA alike: the one test of "no number here"."""
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return type(value).__name__ == "NAType"  # pandas' NA, whose comparisons are NA too


def number(value: object, digits: int = 2, *, withheld: bool = False, absent: str = "—") -> str:
    """A figure as text: WITHHELD when withheld, `absent` when there is no figure at all."""
    if withheld:
        return WITHHELD
    if missing(value):
        return absent
    return f"{float(value):.{digits}f}"


def signed(value: object, digits: int = 2, *, withheld: bool = False, absent: str = "—") -> str:
    """A difference as text with its sign, so +0.30 and -0.30 read differently at a glance."""
    if withheld:
        return WITHHELD
    if missing(value):
        return absent
    return f"{float(value):+.{digits}f}"


def interval(low: object, high: object, digits: int = 2, *, withheld: bool = False) -> str:
    """A 95 % interval as "2.10 to 2.90"; "—" when it cannot be computed."""
    if withheld:
        return WITHHELD
    if missing(low) or missing(high):
        return "—"
    return f"{float(low):.{digits}f} to {float(high):.{digits}f}"

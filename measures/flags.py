"""Yes/no flags for dashboards, with their thresholds as named, overridable defaults.

The thresholds are conventions, not findings; they are kept here, once, so that every model and
chart draws the line in the same place and a reader can find where it is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from measures.agreement import agreement

POLARISED_BELOW = 0.0
LOW_MEAN_BELOW = 2.5


def is_polarised(counts: Sequence[int], below: float = POLARISED_BELOW) -> bool | None:
    """True when van der Eijk's agreement A is below `below` (default 0).

    A < 0 means the scores are closer to a split between distant camps than to an even spread, e.g.
    two people scoring 1 and 4 (A = -5/12), but not 1 and 3 (A = 1/6). One rule, on the validated
    measure, rather than a second ad hoc definition of "split". None when nobody scored."""
    a = agreement(counts)
    return None if a is None else a < below


def is_low(mean: float | None, below: float = LOW_MEAN_BELOW) -> bool | None:
    """True when a mean score is below `below` (default 2.5, under the scale's midpoint of 3 by
    half a point: on average nearer "starting out" than "in place"). None when there is no mean."""
    return None if mean is None else mean < below

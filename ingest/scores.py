"""What counts as a score in a participant's cell.

One function, so that every reader accepts exactly the same entries and refuses the rest with the
same wording borough staff see in their refusal reasons.
"""

from __future__ import annotations

import math

LOWEST, HIGHEST = 1, 5
AS_READ = {float(n): n for n in range(LOWEST, HIGHEST + 1)}  # calamine hands every number over as a float


def parse_score(value: object) -> int | None:
    """A 1–5 score, or None when the cell is blank (the participant skipped the item).

    Raises ValueError with a reason written for the person who filled in the cell.
    """
    if value.__class__ is float and value in AS_READ:  # the common case, answered by one lookup
        return AS_READ[value]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value} is not a score from {LOWEST} to {HIGHEST}")
    if isinstance(value, str):
        shown = value.strip()
        try:
            number: int | float = float(shown)
        except ValueError:
            raise ValueError(f"'{shown}' is not a score from {LOWEST} to {HIGHEST}") from None
    elif isinstance(value, (int, float)):
        number, shown = value, str(value)
    else:
        raise ValueError(f"'{value}' is not a score from {LOWEST} to {HIGHEST}")
    if isinstance(number, float):
        if not math.isfinite(number):
            raise ValueError(f"'{shown}' is not a score from {LOWEST} to {HIGHEST}")
        if not number.is_integer():
            raise ValueError(f"{shown} is not a whole score from {LOWEST} to {HIGHEST}")
    score = int(number)
    if not LOWEST <= score <= HIGHEST:
        raise ValueError(f"score {score} is outside {LOWEST}–{HIGHEST}")
    return score

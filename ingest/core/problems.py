"""Why a file is refused: problems located as precisely as the file allows, raised together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused, located as precisely as the file allows."""

    location: str  # "'Enabler scores'!D7", "'About'!B3", or "file" when the whole file is at fault
    reason: str  # "score 6 is outside 1–5"

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


class Refused(Exception):
    """Raised by a reader, by identification or by a loader when a file cannot be accepted."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


PROBLEMS_KEPT = 200  # per file: enough to fix a file by, few enough to store and read


def capped(problems: list[Problem] | tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The first PROBLEMS_KEPT problems, then one that counts the rest: a file wrong in every one of
    a million rows is refused with a readable list, not a million rows of audit."""
    if len(problems) <= PROBLEMS_KEPT:
        return tuple(problems)
    more = len(problems) - PROBLEMS_KEPT
    return (*problems[:PROBLEMS_KEPT], Problem(
        "file", f"… and {more:,} more problems ({len(problems):,} in all); fix the first ones and send the file again"))

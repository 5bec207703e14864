"""What counts as a score in a participant's cell.

One function, so that every reader accepts exactly the same entries and refuses the rest with the
same wording borough staff see in their refusal reasons. It is deliberately strict: a cell becomes
a score only when it says a whole number from 1 to 5 (as a number, as text, or followed by that
score's own label or descriptor), and a skip only when it is blank or one of the usual ways of
saying "skipped"; anything else is refused rather than guessed at.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence

from framework.model import ScalePoint

LOWEST, HIGHEST = 1, 5
AS_READ = {float(n): n for n in range(LOWEST, HIGHEST + 1)}  # calamine hands every number over as a float

# Ways people write "skipped" (compared after lower-casing, straightening quotes and closing spaces).
SKIPS = frozenset({
    "n/a", "na", "n.a.", "n.a", "n / a", "not applicable", "-", "–", "—", "--", "skip", "skipped",
    "don't know", "dont know", "do not know", "dk", "no knowledge", "not known", "unknown",
})
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)", re.ASCII)
# "4 - Most descriptors…", "4: Most…", "4) Most…", "4. Most…", "4 Most…": a whole number, then its words.
WITH_WORDS = re.compile(r"(\d+)(?:\.0+)?\s*(?:[-–—:=)]+|\.(?!\d)|\s)\s*(.*\S)", re.ASCII | re.DOTALL)
QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
NOT_WORDS = re.compile(r"[^\w]+")


def parse_score(value: object, scale: Sequence[ScalePoint] = ()) -> int | None:
    """A 1–5 score, or None when the cell is blank or says the participant skipped the item.

    `scale` (the framework's) lets a score carry its label or descriptor ("4 - Most descriptors in
    place"); without it only the number is accepted. Raises ValueError with a reason written for the
    person who filled in the cell.
    """
    if value.__class__ is float and value in AS_READ:  # the common case, answered by one lookup
        return AS_READ[value]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_not_a_score(value))
    if isinstance(value, str):
        return _parse_text(value, tuple(scale))
    if isinstance(value, (int, float)):
        return _whole(value, str(value))
    raise ValueError(_not_a_score(f"'{value}'"))


def is_skip(text: str) -> bool:
    """True when typed text says "skipped" in one of the accepted ways."""
    return _closed(text) in SKIPS


def _parse_text(value: str, scale: tuple[ScalePoint, ...]) -> int | None:
    shown = value.strip()
    if NUMBER.fullmatch(shown):
        return _whole(float(shown), shown)
    if is_skip(shown):
        return None
    worded = WITH_WORDS.fullmatch(shown)
    if worded and scale:
        number, words = int(worded.group(1)), _words(worded.group(2))
        if not LOWEST <= number <= HIGHEST:
            raise ValueError(f"score {number} is outside {LOWEST}–{HIGHEST}")
        said_by = _scale_words(scale)
        if words and any(text.startswith(words) for text in said_by.get(number, ())):
            return number
        others = [n for n, texts in said_by.items() if n != number and any(t.startswith(words) for t in texts)]
        if words and others:
            raise ValueError(f"'{shown}' gives {number} with the words of score {others[0]}")
    raise ValueError(_not_a_score(f"'{shown}'"))


def _whole(number: float, shown: str) -> int:
    if not math.isfinite(number):
        raise ValueError(_not_a_score(f"'{shown}'"))
    if not float(number).is_integer():
        raise ValueError(f"{shown} is not a whole score from {LOWEST} to {HIGHEST}")
    score = int(number)
    if not LOWEST <= score <= HIGHEST:
        raise ValueError(f"score {score} is outside {LOWEST}–{HIGHEST}")
    return score


def _not_a_score(shown: object) -> str:
    return f"{shown} is not a score from {LOWEST} to {HIGHEST}"


def _closed(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(QUOTES).casefold().split())


def _words(text: str) -> str:
    """Only the words, so that punctuation, case and spacing never decide whether a label was meant."""
    return " ".join(NOT_WORDS.sub(" ", _closed(text)).split())


@functools.lru_cache(maxsize=8)
def _scale_words(scale: tuple[ScalePoint, ...]) -> dict[int, tuple[str, ...]]:
    """Each score's label and descriptor as words; built once per framework."""
    return {point.score: (_words(point.label), _words(point.descriptor)) for point in scale}

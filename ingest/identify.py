"""Which borough and year a submission is about.

People write borough names many ways ("LB Hammersmith & Fulham", "Kingston", "202"); matching
them all to the one GSS code lets submissions from different years and groups line up, while
anything unknown or ambiguous is refused rather than guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime

from framework.model import Area, Framework
from ingest.model import Problem, Refused, Submission

FIRST_YEAR = 2000
AREA_OVERRIDE = "--area"
YEAR_OVERRIDE = "--year"
PREFIXES = ("london borough of", "royal borough of", "borough of", "lb of", "lbo", "lb", "rb", "the")
SUFFIXES = ("london borough council", "borough council", "city council", "council")
DAY_MONTH_YEAR = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$")
WHOLE_YEAR = re.compile(r"^(\d{4})(\.0*)?$")


@dataclass(frozen=True)
class Identity:
    area_code: str
    area_name: str
    assessment_year: int
    area_source: str  # "'About'!C4" or "--area"
    year_source: str


def identify(
    submission: Submission, file_name: str, fw: Framework, area: str | None = None, year: int | None = None
) -> Identity:
    """Area and year from the overrides when given, else from the submission's own cells.

    file_name is accepted now so that a later reader of titles and file names needs no new signature.
    """
    area_source = AREA_OVERRIDE if area is not None else (submission.area_location or "file")
    year_source = YEAR_OVERRIDE if year is not None else (submission.year_location or "file")
    found_area = _match_area(area if area is not None else submission.area_text, area_source, fw)
    found_year = _parse_year(year if year is not None else submission.year_text, year_source)
    problems = [found for found in (found_area, found_year) if isinstance(found, Problem)]
    if problems:
        raise Refused(problems)
    assert isinstance(found_area, Area) and isinstance(found_year, int)
    return Identity(found_area.code, found_area.name, found_year, area_source, year_source)


def normalise_area_name(text: str) -> str:
    """'The London Borough of Hammersmith & Fulham Council' → 'hammersmith and fulham'."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split()
    stripped = True
    while stripped:
        stripped = False
        for phrase in map(str.split, PREFIXES):
            if words[: len(phrase)] == phrase and len(words) > len(phrase):
                words, stripped = words[len(phrase) :], True
        for phrase in map(str.split, SUFFIXES):
            if words[-len(phrase) :] == phrase and len(words) > len(phrase):
                words, stripped = words[: -len(phrase)], True
    return " ".join(words)


@functools.lru_cache(maxsize=4)
def _area_index(areas: tuple[Area, ...]) -> dict[str, list[Area]]:
    """Every normalised name, alias and code → the areas it names; built once per framework."""
    index: dict[str, list[Area]] = {}
    for area in areas:
        for key in {normalise_area_name(t) for t in (area.name, area.code, area.dfe_code, *area.aliases)}:
            index.setdefault(key, []).append(area)
    return index


def _match_area(text: str | None, location: str, fw: Framework) -> Area | Problem:
    if text is None or not text.strip():
        return Problem(location, "no local authority given")
    matches = _area_index(fw.areas).get(normalise_area_name(text), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(a.name for a in matches)
        return Problem(location, f"'{text}' could be any of {names}; give the full name or GSS code")
    return Problem(location, f"'{text}' is not a London local authority")


def _parse_year(value: int | str | None, location: str) -> int | Problem:
    latest = date.today().year + 1
    if value is None or not str(value).strip():
        return Problem(location, "no assessment year given")
    text = str(value).strip()
    found: int | None = None
    if whole := WHOLE_YEAR.match(text):
        found = int(whole.group(1))
    elif dated := DAY_MONTH_YEAR.match(text):
        found = int(dated.group(1))
    else:
        try:
            found = datetime.fromisoformat(text).year
        except ValueError:
            pass
    if found is None:
        return Problem(location, f"'{text}' is not a year")
    if not FIRST_YEAR <= found <= latest:
        return Problem(location, f"{found} is outside the accepted years {FIRST_YEAR}–{latest}")
    return found

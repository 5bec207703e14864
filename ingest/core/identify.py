"""Which borough and year a submission is about.

People write borough names many ways ("LB Hammersmith & Fulham", "Kingston", "202") and put them in
many places (a labelled cell, a title, the file name); matching them all to the one GSS code lets
submissions from different years and groups line up. Anything unknown or ambiguous is refused with
what was found and where, rather than guessed.

Clues are tried in order, and the first that names an area (or a year) decides it:
`--area`/`--year`, the labelled cell, the titles (all together), the file name. A labelled cell must
hold exactly one name or code; titles and file names are searched for names inside their text, and
naming two different areas or years is ambiguous. Later clues are not used to contradict earlier
ones: a copied file keeps its old name, so "camden_2023.xlsx" says little once a cell says Sutton.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from framework.model import Area, Framework
from ingest.core.clues import SHEET_NAME
from ingest.core.problems import Problem, Refused
from ingest.core.submission import Submission

FIRST_YEAR = 2000
AREA_OVERRIDE = "--area"
YEAR_OVERRIDE = "--year"
FILE_NAME = "file name"
PREFIXES = ("london borough of", "royal borough of", "borough of", "lb of", "lbo", "lb", "rb", "the")
SUFFIXES = ("london borough council", "borough council", "city council", "council", "corporation")
SHOWN = 4  # findings and titles listed in a message before "and N more"

WHOLE_YEAR = re.compile(r"^(\d{4})(\.0*)?$")
NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$")
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
WORDED_DATE = re.compile(rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(\d{{4}})$")
# "2023/24", "2023-24", "2023–2024": an academic or financial year, which spans two calendar years.
YEAR_SPAN = re.compile(r"(?<!\d)(20\d\d)\s*[/\-–]\s*(\d\d|20\d\d)(?!\d|[/.\-]\d)")
YEAR_IN_TEXT = re.compile(r"(?<!\d)20\d\d(?!\d)")
GSS_IN_TEXT = re.compile(r"(?<![a-z0-9])e09\d{6}(?!\d)")
# A DfE code in free text only between clear separators: never inside a number, date, decimal or time.
DFE_IN_TEXT = re.compile(r"(?:^|(?<=[\s_\-(\[,]))(?:20[1-9]|21[0-3]|30[1-9]|31\d|320)(?=$|[\s_\-)\],])")
WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")  # camel case: "KingstonUponThames"

Span = tuple[int, int]


@dataclass(frozen=True)
class Identity:
    area_code: str
    area_name: str
    assessment_year: int
    area_source: str  # "--area", "'About'!C4", "title 'Sheet1'!A1", "sheet name 'Camden'" or "file name"
    year_source: str


@dataclass(frozen=True)
class _Clue:
    """Free text that may name the area or year somewhere inside it."""

    text: str
    where: str  # where a problem with it is located: "'Sheet1'!A1", "sheet name 'X'", "file name"
    source: str  # how Identity reports it: "title 'Sheet1'!A1"


def identify(
    submission: Submission, file_name: str, fw: Framework, area: str | None = None, year: int | None = None
) -> Identity:
    """Area and year from the overrides, else the labelled cells, else the titles, else the file name."""
    stages = [[_Clue(text, where, _title_source(where)) for text, where in submission.titles],
              [_Clue(_file_name_text(file_name), FILE_NAME, FILE_NAME)]]
    if area is not None:
        found_area = _area_in_cell(area, AREA_OVERRIDE, fw)
    elif submission.area_text and submission.area_text.strip():
        found_area = _area_in_cell(submission.area_text, submission.area_location or "file", fw)
    else:
        found_area = _area_in_clues(stages, fw) or _not_found("local authority", submission.area_location,
                                                              submission.titles, file_name)
    if year is not None:
        found_year = _year_in_cell(str(year), YEAR_OVERRIDE, [])
    elif submission.year_text and submission.year_text.strip():
        found_year = _year_in_cell(submission.year_text, submission.year_location or "file", stages)
    else:
        found_year = _year_in_clues(stages, []) or _not_found("assessment year", submission.year_location,
                                                              submission.titles, file_name)
    problems = [found for found in (found_area, found_year) if isinstance(found, Problem)]
    if problems:
        raise Refused(problems)
    (named, area_source), (assessment_year, year_source) = found_area, found_year
    return Identity(named.code, named.name, assessment_year, area_source, year_source)


def match_area(text: str, fw: Framework) -> Area:
    """An area named on the command line, by the same rules as a labelled cell."""
    found = _area_in_cell(text, AREA_OVERRIDE, fw)
    if isinstance(found, Problem):
        raise Refused([found])
    return found[0]


def normalise_area_name(text: str) -> str:
    """'The London Borough of Hammersmith & Fulham Council' → 'hammersmith and fulham'."""
    words = _words(text)
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


# --- areas ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _AreaIndex:
    whole: dict[str, list[Area]]  # normalised name, alias or code → the areas it names
    phrases: dict[tuple[str, ...], list[Area]]  # the words of names and aliases, for searching text
    longest: int


@functools.lru_cache(maxsize=4)
def _area_index(areas: tuple[Area, ...]) -> _AreaIndex:
    """Built once per framework: identification runs for every file of a batch."""
    whole: dict[str, list[Area]] = {}
    phrases: dict[tuple[str, ...], list[Area]] = {}
    for area in areas:
        names = {normalise_area_name(t) for t in (area.name, *area.aliases)}
        for key in names | {area.code.lower(), area.dfe_code}:
            whole.setdefault(key, []).append(area)
        for key in names:
            phrases.setdefault(tuple(key.split()), []).append(area)
    return _AreaIndex(whole, phrases, max(map(len, phrases)))


def _area_in_cell(text: str, location: str, fw: Framework) -> tuple[Area, str] | Problem:
    """A cell (or --area) must name one area as a whole: 'Camden' but not 'Camden and Sutton'."""
    matches = _area_index(fw.areas).whole.get(normalise_area_name(text), [])
    if len(matches) == 1:
        return matches[0], location
    if matches:
        names = ", ".join(a.name for a in matches)
        return Problem(location, f"'{text}' could be any of {names}; give the full name or GSS code")
    return Problem(location, f"'{text}' is not a London local authority")


def _area_in_clues(stages: list[list[_Clue]], fw: Framework) -> tuple[Area, str] | Problem | None:
    """The one area named by the first stage of clues that names any; None when none does."""
    index = _area_index(fw.areas)
    for clues in stages:
        found: dict[Area, _Clue] = {}
        for clue in clues:
            for area in _areas_in_text(clue.text, index):
                found.setdefault(area, clue)
        if len(found) == 1:
            area, clue = next(iter(found.items()))
            return area, clue.source
        if found:
            named = [f"{area.name} ({clue.source})" for area, clue in found.items()]
            return Problem(next(iter(found.values())).where, f"{len(found)} local authorities are named: "
                           f"{_listed(named)}; name one in a 'Local authority' cell or use --area")
    return None


def _areas_in_text(text: str, index: _AreaIndex) -> list[Area]:
    """Names and aliases as whole words (also split at camel case), and codes as whole tokens."""
    found = [a for code in GSS_IN_TEXT.findall(text.lower()) for a in index.whole.get(code, [])]
    found += [a for code in DFE_IN_TEXT.findall(text) for a in index.whole.get(code, [])]
    for words in (_words(text), [w.lower() for w in WORD.findall(text.replace("&", " and "))]):
        for start in range(len(words)):
            for end in range(start + 1, min(start + index.longest, len(words)) + 1):
                found += index.phrases.get(tuple(words[start:end]), [])
    return found


# --- years ------------------------------------------------------------------------------------------


def _year_in_cell(text: str, location: str, stages: list[list[_Clue]]) -> tuple[int, str] | Problem:
    """A year cell holds a year or a date; an academic year needs another clue to say which half."""
    text = text.strip()
    if (written := YEAR_SPAN.fullmatch(text)) and (span := _span(written)):
        return _year_in_clues(stages, [(text, span, location)])
    found = _year_of(text)
    if found is None:
        return Problem(location, f"'{text}' is not a year")
    latest = _latest_year()
    if not FIRST_YEAR <= found <= latest:
        return Problem(location, f"{found} is outside the accepted years {FIRST_YEAR}–{latest}")
    return found, location


def _year_of(text: str) -> int | None:
    if match := WHOLE_YEAR.match(text) or NUMERIC_DATE.match(text) or WORDED_DATE.match(text.lower()):
        return int(match.group(1))
    try:
        return datetime.fromisoformat(text).year
    except ValueError:
        return None


def _year_in_clues(
    stages: list[list[_Clue]], spans: list[tuple[str, Span, str]]
) -> tuple[int, str] | Problem | None:
    """The one year named by the first stage that names a calendar year, agreeing with every academic
    year seen on the way; a refusal when academic years are all there is; None when nothing is.

    spans: academic years already seen, as (text, span, location)."""
    spans = list(spans)
    for clues in stages:
        found: dict[int, _Clue] = {}
        for clue in clues:
            years, clue_spans = _years_in_text(clue.text)
            spans += [(written, span, clue.where) for written, span in clue_spans]
            for year in years:
                found.setdefault(year, clue)
        if len(found) > 1:
            named = [f"{year} ({clue.source})" for year, clue in found.items()]
            return Problem(next(iter(found.values())).where, f"{len(found)} different years are named: "
                           f"{_listed(named)}; give the year in an 'Assessment year' cell or use --year")
        if found:
            year, clue = next(iter(found.items()))
            disagreeing = [f"'{written}' ({where})" for written, span, where in spans if year not in span]
            if disagreeing:
                return Problem(clue.where, f"{year} ({clue.source}) is not in {_listed(disagreeing)}; "
                               "give the year in an 'Assessment year' cell or use --year")
            return year, clue.source
    if spans:
        return _spanning(*spans[0])
    return None


def _years_in_text(text: str) -> tuple[list[int], list[tuple[str, Span]]]:
    """Calendar years (2000 to next year) and academic years ('2023/24') written in free text."""
    spans = [(m.group(0), _span(m)) for m in YEAR_SPAN.finditer(text) if _span(m)]
    for written, _ in spans:
        text = text.replace(written, " ")
    latest = _latest_year()
    return [int(y) for y in YEAR_IN_TEXT.findall(text) if FIRST_YEAR <= int(y) <= latest], spans


def _span(match: re.Match) -> Span | None:
    """(2023, 2024) for '2023/24'; None when the second number does not follow the first ('2024-03')."""
    first, second = int(match.group(1)), match.group(2)
    follows = int(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100
    return (first, first + 1) if follows else None


def _spanning(written: str, span: Span, where: str) -> Problem:
    return Problem(where, f"'{written}' is an academic or financial year, spanning {span[0]} and {span[1]}; "
                   "give the calendar year the assessment took place (or its date), or use --year")


def _latest_year() -> int:
    return date.today().year + 1


# --- shared -------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split()


def _title_source(location: str) -> str:
    """How Identity names a title: "title 'Sheet1'!A1"; a sheet name already says what it is."""
    return location if location.startswith(SHEET_NAME) else f"title {location}"


def _described(text: str, location: str) -> str:
    """A title as a refusal lists it: "'Sheet1'!A1 'Camden 2024'", or "sheet name 'Camden 2024'"."""
    return location if location.startswith(SHEET_NAME) else f"{location} '{_shortened(text)}'"


def _file_name_text(file_name: str) -> str:
    """The name without its extension, with dots as separators: 'camden.bb.2024.xlsx' → 'camden bb 2024'."""
    return PurePath(file_name).stem.replace(".", " ")


def _not_found(what: str, location: str | None, titles: tuple[tuple[str, str], ...], file_name: str) -> Problem:
    looked = [f"{location} (empty)"] if location else []
    if titles:
        looked.append("titles " + _listed([_described(text, where) for text, where in titles]))
    looked.append(f"file name '{file_name}'")
    missing = [name for name, seen in (("labelled cell", location), ("titles", titles)) if not seen]
    unseen = f" (no {' or '.join(missing)})" if missing else ""
    return Problem(location or "file", f"no {what} found: looked at {', '.join(looked)}{unseen}")


def _listed(items: list[str]) -> str:
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


def _shortened(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

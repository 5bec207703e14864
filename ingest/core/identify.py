"""Which authority and year a submission is about.

People write authority names many ways ("LB Hammersmith & Fulham", "Kingston upon Thames", "202",
"BCP") and put them in many places (a labelled cell, a title, the file name); matching them all to the
one GSS code lets submissions from different years and groups line up. Any English upper-tier
authority is taken (framework/data/england_authorities.yaml); one named for a year it did not exist
(Cumbria in 2024) is refused naming its successors. Anything unknown or ambiguous ("Kingston": upon
Thames or upon Hull?) is refused with what was found and where, rather than guessed, and a name that
is also an ordinary word ("Reading the results") is never the only clue taken from free text.

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

from framework.model import Area, EnglandAuthority, Framework
from ingest.core.clues import SHEET_NAME
from ingest.core.problems import Problem, Refused
from ingest.core.submission import Submission

FIRST_YEAR = 2000
AREA_OVERRIDE = "--area"
YEAR_OVERRIDE = "--year"
FILE_NAME = "file name"
PREFIXES = ("london borough of", "royal borough of", "metropolitan borough of", "borough of", "county of", "lb of",
            "lbo", "lb", "rb", "the")
# "city of" and "county of" come last only as DfE writes them: "Bristol, City of". A leading "City of"
# is not stripped, as it is part of the City of London's name.
SUFFIXES = ("london borough council", "metropolitan borough council", "metropolitan district council",
            "borough council", "district council", "city council", "county council", "council", "unitary authority",
            "corporation", "city of", "county of")
SHOWN = 4  # findings and titles listed in a message before "and N more"

WHOLE_YEAR = re.compile(r"^(\d{4})(\.0*)?$")
NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$")
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
WORDED_DATE = re.compile(rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(\d{{4}})$")
# "2023/24", "2023-24", "2023–2024": an academic or financial year, which spans two calendar years.
YEAR_SPAN = re.compile(r"(?<!\d)(20\d\d)\s*[/\-–]\s*(\d\d|20\d\d)(?!\d|[/.\-]\d)")
YEAR_IN_TEXT = re.compile(r"(?<!\d)20\d\d(?!\d)")
GSS_IN_TEXT = re.compile(r"(?<![a-z0-9])e(?:06|08|09|10)\d{6}(?!\d)")  # the upper-tier series
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
    submission: Submission, file_name: str, fw: Framework, area: str | None = None, year: int | None = None,
) -> Identity:
    """Area and year from the overrides, else the labelled cells, else the titles, else the file name;
    refused when the authority did not exist in that year."""
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
    if isinstance(found_area, _Found):
        found_area = _checked(found_area, None if isinstance(found_year, Problem) else found_year[0], fw)
    problems = [found for found in (found_area, found_year) if isinstance(found, Problem)]
    if problems:
        raise Refused(problems)
    (named, area_source), (assessment_year, year_source) = found_area, found_year
    return Identity(named.gss_code, named.name, assessment_year, area_source, year_source)


def match_area(text: str, fw: Framework) -> Area:
    """An area named on the command line, by the same rules as a labelled cell: any English authority."""
    found = _area_in_cell(text, AREA_OVERRIDE, fw)
    if isinstance(found, _Found):
        found = _checked(found, None, fw)
    if isinstance(found, Problem):
        raise Refused([found])
    return fw.area(found[0].gss_code)


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
class _Found:
    """The authority a clue names: its holders over time (Buckinghamshire was E10000002 until 2020 and
    E06000060 since; 825 named both), one of which the year picks."""

    holders: tuple[EnglandAuthority, ...]
    written: str  # as the refusal quotes it
    where: str  # where a refusal is located
    source: str  # how Identity reports it


@dataclass(frozen=True)
class _AreaIndex:
    whole: dict[str, list[EnglandAuthority]]  # normalised name, alias or code → the authorities it names
    phrases: dict[tuple[str, ...], list[EnglandAuthority]]  # the words of names and aliases, for searching text
    longest: int
    common: frozenset[tuple[str, ...]]  # phrases that are also ordinary words: "reading"


@functools.lru_cache(maxsize=4)
def _area_index(authorities: tuple[EnglandAuthority, ...], areas: tuple[Area, ...],
                common_words: tuple[str, ...]) -> _AreaIndex:
    """Built once per framework: identification runs for every file of a batch. London's aliases are
    areas.yaml's; the others' are england_authorities.yaml's."""
    london_aliases = {area.code: area.aliases for area in areas}
    whole: dict[str, list[EnglandAuthority]] = {}
    phrases: dict[tuple[str, ...], list[EnglandAuthority]] = {}
    for authority in authorities:
        written = (authority.name, *authority.aliases, *london_aliases.get(authority.gss_code, ()))
        names = {normalise_area_name(t) for t in written}
        for key in names | {authority.gss_code.lower(), authority.dfe_code}:
            whole.setdefault(key, []).append(authority)
        for key in names:
            phrases.setdefault(tuple(key.split()), []).append(authority)
    common = frozenset(tuple(normalise_area_name(word).split()) for word in common_words)
    return _AreaIndex(whole, phrases, max(map(len, phrases)), common)


def _index(fw: Framework) -> _AreaIndex:
    return _area_index(fw.england_authorities, fw.london_areas, fw.common_word_names)


def _area_in_cell(text: str, location: str, fw: Framework) -> _Found | Problem:
    """A cell (or --area) must name one authority as a whole: 'Camden' but not 'Camden and Sutton'."""
    matches = _index(fw).whole.get(normalise_area_name(text), [])
    if len({a.name for a in matches}) == 1:
        return _Found(tuple(matches), text.strip(), location, location)
    if matches:
        names = _listed([f"{a.name} ({a.gss_code})" for a in matches])
        return Problem(location, f"'{text}' could be any of {names}; give the full name or GSS code")
    return Problem(location, f"'{text}' is not an English local authority (an upper-tier council: county, "
                             "unitary, metropolitan or London borough)")


def _area_in_clues(stages: list[list[_Clue]], fw: Framework) -> _Found | Problem | None:
    """The one authority named by the first stage of clues that names any; None when none does.

    A name that is also an ordinary word counts for nothing while another clue names an authority:
    "Reading" or "Bath" in the title of a file called camden_2024.xlsx is a word, not an authority.
    Where such a word is the only name found, it is asked about, not taken."""
    index = _index(fw)
    named = [[(found, word, clue) for clue in clues for found, word in _areas_in_text(clue.text, index)]
             for clues in stages]
    for matches in named:
        if result := _one_named([(found, clue) for found, word, clue in matches if word is None]):
            return result
    words = [(word, found, clue) for matches in named for found, word, clue in matches if word is not None]
    if words:
        word, found, clue = words[0]
        return Problem(clue.where, f"'{word}' ({clue.source}) is the only authority named, and it is also an ordinary "
                                   f"word: if the file is {found[0].name}'s, say so in a 'Local authority' cell or "
                                   "with --area")
    return None


def _one_named(matches: list[tuple[list[EnglandAuthority], _Clue]]) -> _Found | Problem | None:
    """The authority one stage's matches name (one name, over time), a refusal naming them all, or None."""
    found: dict[str, tuple[list[EnglandAuthority], _Clue]] = {}
    for authorities, clue in matches:
        for authority in authorities:
            holders = found.setdefault(authority.name, ([], clue))[0]
            holders += [] if authority in holders else [authority]
    if len(found) == 1:
        name, (holders, clue) = next(iter(found.items()))
        return _Found(tuple(holders), name, clue.where, clue.source)
    if found:
        listed = [f"{name} ({clue.source})" for name, (_, clue) in found.items()]
        return Problem(next(iter(found.values()))[1].where, f"{len(found)} local authorities are named: "
                       f"{_listed(listed)}; name one in a 'Local authority' cell or use --area")
    return None


def _areas_in_text(text: str, index: _AreaIndex) -> list[tuple[list[EnglandAuthority], str | None]]:
    """The authorities each name, alias (as whole words, also split at camel case) or code (as a whole
    token) names, each with the word as written when it is also an ordinary word; a name inside a
    longer one ("Kingston" in "Kingston upon Thames") is not a name."""
    found = [(index.whole[code], None) for code in GSS_IN_TEXT.findall(text.lower()) if code in index.whole]
    found += [(index.whole[code], None) for code in DFE_IN_TEXT.findall(text) if code in index.whole]
    for words in (_words(text), [w.lower() for w in WORD.findall(text.replace("&", " and "))]):
        spans = [(start, end) for start in range(len(words))
                 for end in range(start + 1, min(start + index.longest, len(words)) + 1)
                 if tuple(words[start:end]) in index.phrases]
        found += [(index.phrases[phrase], " ".join(phrase).title() if phrase in index.common else None)
                  for start, end in spans if not any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)
                  for phrase in [tuple(words[start:end])]]
    return found


def _checked(found: _Found, year: int | None, fw: Framework) -> tuple[EnglandAuthority, str] | Problem:
    """The holder for the year, refused when it did not exist then."""
    authority = _holder(found.holders, year, fw)
    if year is not None and (problem := _not_in(year, authority, found, fw)):
        return problem
    return authority, found.source


def _holder(holders: tuple[EnglandAuthority, ...], year: int | None, fw: Framework) -> EnglandAuthority:
    """The latest holder that existed in the year (the successor, in the year of the change)."""
    latest_first = sorted(holders, key=lambda a: a.last_reporting_year, reverse=True)
    existing = [a for a in latest_first if year is None or _exists(year, a, fw)]
    return (existing or latest_first)[0]


def _exists(year: int, authority: EnglandAuthority, fw: Framework) -> bool:
    first, last = fw.assessment_years(authority)
    return (first is None or first <= year) and (last is None or year <= last)


def _not_in(year: int, authority: EnglandAuthority, found: _Found, fw: Framework) -> Problem | None:
    """Why an authority cannot hold an assessment in the year, naming the ones that could."""
    first, last = fw.assessment_years(authority)
    if last is not None and year > last:
        change, others = f"was replaced on 1 April {last} by", [
            a for code in authority.replaced_by for a in fw.england_authorities if a.gss_code == code]
    elif first is not None and year < first:
        change, others = f"was created on 1 April {first}, replacing", [
            a for a in fw.england_authorities if authority.gss_code in a.replaced_by]
    else:
        return None
    which = "one of them" if len(others) > 1 else "it"
    return Problem(found.where, f"{_called(found.written, authority)} {change} "
                   f"{_and([f'{a.name} ({a.gss_code})' for a in others])}; an assessment for {year} must name {which}")


def _called(written: str, authority: EnglandAuthority) -> str:
    """"'Cumbria' (E10000006)", or "'909' is Cumbria (E10000006), which" when written otherwise."""
    if normalise_area_name(written) == normalise_area_name(authority.name):
        return f"'{written}' ({authority.gss_code})"
    return f"'{written}' is {authority.name} ({authority.gss_code}), which"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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

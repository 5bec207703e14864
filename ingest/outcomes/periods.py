"""Published time periods reduced to the year they start in, and the one rule that meets them with assessments.

Fingertips writes "2022/23", "2020 - 22" or "2022/23 Q1"; Explore Education Statistics writes "202223"
beside a time identifier such as "Academic year". Both must meet `assessment_year`, a calendar year,
so every period is reduced to the calendar year it starts in and to a type that says how long it is.

The alignment rule (the dbt models apply the same rule in SQL): an outcome period aligns with
assessment year Y at lag k when `period_start_year = Y + k` (k in `LAGS`) and the period is an
annual one (`ALIGNED_PERIOD_TYPES`). Why the start year: a partnership assesses itself during
calendar year Y, so the first period whose figures can reflect the partnership as it assessed
itself is the one that starts in Y — the financial year Y/Y+1 (April Y to March Y+1), the academic
year Y/Y+1 (whose Early Years Foundation Stage Profile is measured in the summer of Y+1), or
calendar year Y. Lags 1 and 2 take the periods starting one and two years later, for outcomes that
move slowly. Pooled multi-year periods overlap each other and quarters, terms and months are parts
of a year: they are kept in the outcome tables but never aligned, so that each area-year meets at
most one figure per indicator, breakdown and lag.
"""

from __future__ import annotations

import functools
import re

from ingest.core.identifiers import PERIOD_LABEL
from ingest.outcomes.model import Period

ALIGNED_PERIOD_TYPES = ("financial", "academic", "calendar", "financial_or_academic")
LAGS = (0, 1, 2)
# Every period_type parse_period gives: the model's types, and "term" for a school term.
PERIOD_TYPES = (*ALIGNED_PERIOD_TYPES, "multi_year", "quarter", "term", "month")
MAX_POOLED_YEARS = 20  # a longer "run" is a mistyped label, not a pooled period

# Time identifiers as Explore Education Statistics writes them (and our own type names, which the
# generic CSV may use), each naming the kind of year a label counts in.
_YEAR_KINDS = {
    "academic year": "academic",
    "academic": "academic",
    "financial year": "financial",
    "financial": "financial",
    "tax year": "financial",
    "calendar year": "calendar",
    "calendar": "calendar",
    "financial_or_academic": "financial_or_academic",
    # EES labels some collections by the year they end in (children in need: "2023" is April 2022 to
    # March 2023): a twelve-month year ending in the named year, of no stated kind.
    "reporting year": "reporting",
}
# Our type names for periods the label alone decides; given as a hint, the label must agree.
_LABEL_KINDS = ("multi_year", "quarter", "term", "month")
_TERMS = {  # term → (year offset of its start from the academic year's first year, offset of its end)
    "autumn term": (0, 0),
    "spring term": (1, 1),
    "summer term": (1, 1),
    "autumn and spring term": (0, 1),
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_QUARTER_START_MONTH = {"financial": 4, "academic": 9, "calendar": 1}

_YEAR = re.compile(r"^(\d{4})$")
_SIX = re.compile(r"^(\d{4})(\d{2})$")
_SPAN = re.compile(r"^(\d{4})(\s*/\s*|\s+-\s+|-)(\d{4}|\d{2})$")
_SPAN_OF_SPANS = re.compile(r"^(\d{4})\s*/\s*(\d{2}|\d{4})\s*-\s*(\d{4}|\d{2})\s*/\s*(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(\d{4})(?:\s*/\s*(\d{2}|\d{4}))?\s*Q([1-4])$", re.IGNORECASE)
_MONTH_NAMED = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{4})$")
_MONTH_NUMBERED = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(.+?)\s+-\s+(.+)$")


def parse_period(label: str, time_identifier: str | None = None) -> Period:
    """The period a published label names; `time_identifier` (EES's, or our type name) says which kind of year.

    Raises ValueError with a message fit to show beside the cell.
    """
    text = " ".join(str(label).replace("\u2013", "-").replace("\u2014", "-").split())
    if not text:
        raise ValueError("the time period is empty")
    if refusal := PERIOD_LABEL.refusal("period", str(label)):
        raise ValueError(refusal)
    hint = " ".join((time_identifier or "").split()).lower() or None
    period = _parse(label, text, hint)
    if hint in _LABEL_KINDS and period.period_type != hint:
        raise ValueError(f"period '{label}' is not a {hint.replace('_', '-')} period")
    return period


def aligned_start_year(assessment_year: int, lag: int) -> int:
    """The start year of the outcome period that meets `assessment_year` at `lag` (see the module docstring)."""
    if lag not in LAGS:
        raise ValueError(f"lag {lag} is not one of {LAGS}")
    return assessment_year + lag


def aligns(period: Period, assessment_year: int, lag: int) -> bool:
    """Whether `period` meets `assessment_year` at `lag` under the alignment rule."""
    return period.period_type in ALIGNED_PERIOD_TYPES and period.start_year == aligned_start_year(assessment_year, lag)


def _parse(label: str, text: str, hint: str | None) -> Period:
    kind = _YEAR_KINDS.get(hint) if hint else None
    if hint and hint in _TERMS:
        return _term(label, text, hint)
    if hint and (quarter := re.fullmatch(r"(academic|financial|calendar|tax) year q([1-4])", hint)):
        return _quarter(label, _first_year(text, label), int(quarter.group(2)), _YEAR_KINDS[f"{quarter.group(1)} year"])
    if hint and hint[:3] in _MONTHS and _YEAR.match(text):
        return Period(label, int(text), int(text), "month")
    if hint and kind is None and hint not in _LABEL_KINDS:
        raise ValueError(f"time identifier '{_identifier_text(hint)}' is not one we read")

    if match := _YEAR.match(text):
        year = int(match.group(1))
        if kind == "reporting":
            return Period(label, year - 1, year, "financial_or_academic")
        if kind in ("financial", "academic", "financial_or_academic"):
            raise ValueError(f"period '{label}' is a single year, but {kind.replace('_', ' or ')} years span two")
        return Period(label, year, year, "calendar")
    if match := _SIX.match(text):
        return _two_year(label, int(match.group(1)), match.group(2), kind)
    if match := _MONTH_NUMBERED.match(text):
        year, second = int(match.group(1)), match.group(2)
        if not _follows(year, second) and 1 <= int(second) <= 12:
            return Period(label, year, year, "month")
    if match := _SPAN.match(text):
        first, separator, second = int(match.group(1)), match.group(2).strip(), match.group(3)
        last = _full_year(first, second, label)
        if separator == "/" or (separator == "-" and match.group(2) == "-" and last == first + 1):
            return _two_year(label, first, second, kind)
        return _pooled(label, first, last)
    if match := _SPAN_OF_SPANS.match(text):
        first = int(match.group(1))
        if _full_year(first, match.group(2), label) != first + 1:
            raise ValueError(f"'{label}' is not a run of years: its first two years are not consecutive")
        last_start = _full_year(first, match.group(3), label)
        if _full_year(last_start, match.group(4), label) != last_start + 1:
            raise ValueError(f"'{label}' is not a run of years: its last two years are not consecutive")
        return _pooled(label, first, last_start + 1)
    if match := _QUARTER.match(text):
        year = int(match.group(1))
        if match.group(2):
            if _full_year(year, match.group(2), label) != year + 1:
                raise ValueError(f"'{label}' is not a year: its two years are not consecutive")
            # Fingertips' quarters of a split year are financial quarters.
            year_kind = kind if kind in ("financial", "academic") else "financial"
        else:
            year_kind = "calendar"
        return _quarter(label, year, int(match.group(3)), year_kind)
    if (match := _MONTH_NAMED.match(text)) and match.group(1)[:3].lower() in _MONTHS:
        year = int(match.group(2))
        return Period(label, year, year, "month")
    if match := _RANGE.match(text):
        start, end = _parse(label, match.group(1), hint), _parse(label, match.group(2), hint)
        if end.start_year < start.start_year:
            raise ValueError(f"period '{label}' ends before it starts")
        if start.period_type == end.period_type == "quarter":
            return Period(label, start.start_year, end.end_year, "quarter")
        return Period(label, start.start_year, end.end_year, "multi_year")
    raise ValueError(f"period '{label}' is not a time period we read")


def _identifier_text(hint: str) -> str:
    return hint[:1].upper() + hint[1:]


def _two_year(label: str, first: int, second: str, kind: str | None) -> Period:
    if not _follows(first, second):
        raise ValueError(f"'{label}' is not a year: its two years are not consecutive")
    if kind == "calendar":
        raise ValueError(f"period '{label}' spans two years, not one calendar year")
    return Period(label, first, first + 1, kind if kind in ("financial", "academic") else "financial_or_academic")


def _pooled(label: str, first: int, last: int) -> Period:
    if not first < last <= first + MAX_POOLED_YEARS:
        raise ValueError(f"period '{label}' is not a run of up to {MAX_POOLED_YEARS} years")
    return Period(label, first, last, "multi_year")


def _follows(first: int, second: str) -> bool:
    return int(second) == (first + 1 if len(second) == 4 else (first + 1) % 100)


def _full_year(first: int, written: str, label: str) -> int:
    """The four-digit year `written` ("22" or "2022") names, the first at or after `first`'s century."""
    if len(written) == 4:
        return int(written)
    year = first - first % 100 + int(written)
    return year if year >= first else year + 100


def _first_year(text: str, label: str) -> int:
    if match := (_YEAR.match(text) or _SIX.match(text) or _SPAN.match(text)):
        return int(match.group(1))
    raise ValueError(f"period '{label}' is not a year")


def _quarter(label: str, year: int, quarter: int, year_kind: str) -> Period:
    month = _QUARTER_START_MONTH[year_kind] + 3 * (quarter - 1)
    start = year + (month - 1) // 12
    end = year + (month + 1) // 12  # the quarter's last month
    return Period(label, start, end, "quarter")


def _term(label: str, text: str, term: str) -> Period:
    first = _first_year(text, label)
    start, end = _TERMS[term]
    return Period(label, first + start, first + end, "term")


@functools.lru_cache(maxsize=4096)
def period_or_reason(label: str, time_identifier: str | None = None) -> Period | str:
    """parse_period for readers: the reason as text rather than an exception, so a reader can
    record it against the cell and go on; labels repeat on every row, so each is parsed once."""
    try:
        return parse_period(label, time_identifier)
    except ValueError as exc:
        return str(exc)

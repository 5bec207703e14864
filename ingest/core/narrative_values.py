"""Where a value a partnership wrote in its narrative sections belongs: which challenge, status,
integration model, theme, enabler(s) or date it names, or that it names none.

People answer the template's drop-downs with free text ("Yes - major issue", "co-ordinated model")
and name things in their own sheets by short forms ("Capacity", "E3 & E7"). Every function here
reads such text after closing up case, punctuation, quotes and spacing (ingest.core.labels.words),
against the framework's own names, ids and short forms (framework/data/challenges.yaml,
spectrum.yaml, tool.yaml): nothing is hard-coded here. A text that names nothing, or names two
choices at once, gives None: the caller keeps it as written and says so, never guesses.

Dates: a review date is a date cell, an Excel serial number, or text written day first as people in
England write it ("31/03/2026", "31 March 2026", "2026-03-31"). A month alone ("March 2026",
"Mar-26", "03/2026") means the last day of that month, the latest day the review could still be "in
March"; a year alone names no date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from framework.model import Framework
from ingest.core.labels import LabelMatcher, Match, words

# Word forms that say what kind of thing follows or precedes a name without changing which one:
# "Coordinated models", "the unified model", "Challenge 2: Stretched capacity".
MODEL_SUFFIX = re.compile(r"(?: (?:model|models|approach|way of working))+$")
CHALLENGE_SUFFIX = re.compile(r"(?: (?:challenge|challenges|barrier|barriers))+$")
LEADING = re.compile(r"^(?:(?:a|an|the|we are|we re|currently|mostly|mainly|largely)\b ?)+")
LABEL_HEAD = re.compile(r"(.+?)\s*(?:[:(\[]|\s[-–—]\s)")  # "Capacity: …", "Culture (…)", "Levels - …"
NUMBERED = re.compile(r"^(?:(?:challenge|no|number)\s*)?\d{1,2}\s+")
# A status is often an answer followed by a comment ("Yes - major issue", "no, not here"): the first
# words decide when they are a whole status form of at least this many characters ("n/a" is not "no").
MIN_LEADING_FORM = 2
# Enabler lists: "E01, E05", "E1 & E5", "1, 5", "Shared goals; Data sharing", "(E3, E7)".
LIST_SEPARATORS = re.compile(r"\s*(?:[,;\n|]|\band\b|&|\+|/)\s*", re.IGNORECASE)
OUTER_BRACKETS = re.compile(r"^[\s(\[{]+|[\s)\]}.]+$")
THEME_NUMBER = re.compile(r"(?:theme\s*|t\s*)0*(\d)", re.ASCII)
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 in Excel's (Lotus-compatible) count
SERIAL_RANGE = (30_000, 80_000)  # 1982 … 2119: numbers outside are not plausibly review dates
MONTHS = {name.casefold(): n for n in range(1, 13)
          for name in (calendar.month_name[n], calendar.month_abbr[n])}
MONTHS["sept"] = 9
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?")
MONTH_YEAR_NUMBERS = re.compile(r"(\d{1,2})[/.\-](\d{4})|(\d{4})-(\d{1,2})")
WORDED = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\.?,?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{2}|\d{4})")
MONTH_DASH_YEAR = re.compile(r"([a-z]+)[\-'’ ](\d{2})")


def spoken(text: object) -> str:
    """A value as these functions compare it: words only, lower case; "" for a blank."""
    return words(str(text)) if text is not None else ""


def status_of(text: object, fw: Framework) -> str | None:
    """The challenge status id a text gives ("Yes - major issue" → in_play), or None. A yes/no cell
    (True/False) is in play or not."""
    if isinstance(text, bool):
        return fw.challenge_statuses[0 if text else -1].id if fw.challenge_statuses else None
    return _Vocabulary.of(fw).status(spoken(text))


def challenge_of(text: object, fw: Framework) -> str | None:
    """The challenge a label names, by its name, short name or id ("Capacity", "2. Stretched
    capacity", "Cultural barriers challenge", "Capacity (strategic and operational)"), or None."""
    vocabulary = _Vocabulary.of(fw)
    if text is None:
        return None
    found = vocabulary.challenge(spoken(text))
    if found is None and (head := LABEL_HEAD.match(str(text).strip())):
        found = vocabulary.challenge(spoken(head.group(1)))
    return found


def model_of(text: object, fw: Framework) -> str | None:
    """The integration model a text names ("Co-ordinated model", "unified", "Coalition models"), or
    None, also when it names two ("between coalition and coordinated")."""
    return _Vocabulary.of(fw).model(spoken(text))


def theme_of(text: object, fw: Framework) -> str | None:
    """The theme a label names: its name (or a cut-off or misspelt copy), "Theme 2", "T2", or None."""
    if text is None:
        return None
    key = spoken(text)
    if found := THEME_NUMBER.fullmatch(key):
        number = int(found.group(1))
        return fw.themes[number - 1].id if 1 <= number <= len(fw.themes) else None
    matched = LabelMatcher.for_framework(fw).match(str(text), "theme")
    return matched.item_id if isinstance(matched, Match) and matched.grain == "theme" else None


def enabler_of(text: object, fw: Framework) -> str | None:
    """The one enabler a label names: "E03", "3", "Enabler 3", "E03 Joint monitoring and governance",
    its name or a short form ("Info sharing"), or None."""
    if text is None or isinstance(text, bool):
        return None
    label = _number_text(text)
    matched = LabelMatcher.for_framework(fw).match(label, "enabler") if label.strip() else None
    return matched.item_id if isinstance(matched, Match) and matched.grain == "enabler" else None


def enablers_of(text: object, fw: Framework) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The enablers a list names, in framework order and once each, and the parts that name none,
    as written: "E1 & E5" → (("E01", "E05"), ()); "Data; E9" → (("E09",), ("Data",)).

    The whole text is tried first, so that a name holding "and" or "/" ("Valuing families and
    community") is not cut in two; then each part between commas, semicolons, lines, "&", "+", "/"
    and "and", joining neighbouring parts back when only together do they name an enabler."""
    if text is None or isinstance(text, bool):
        return (), ()
    written = OUTER_BRACKETS.sub("", _number_text(text))
    if not written:
        return (), ()
    if whole := enabler_of(written, fw):
        return (whole,), ()
    parts = [p for p in LIST_SEPARATORS.split(written) if p and p.strip()]
    separators = LIST_SEPARATORS.findall(written)
    found: set[str] = set()
    unplaced: list[str] = []
    index = 0
    while index < len(parts):
        # the longest run of parts from here that names one enabler, e.g. "Valuing families" + "community"
        for end in range(len(parts), index, -1):
            candidate = _rejoin(parts[index:end], separators[index:end - 1]) if end - index > 1 else parts[index]
            if (one := enabler_of(OUTER_BRACKETS.sub("", candidate), fw)) is not None:
                found.add(one)
                index = end
                break
        else:
            unplaced.append(OUTER_BRACKETS.sub("", parts[index]) or parts[index])
            index += 1
    order = {e.id: e.order for e in fw.enablers}
    return tuple(sorted(found, key=order.__getitem__)), tuple(u for u in unplaced if u)


def date_of(value: object) -> date | None:
    """The date a cell gives (see the module's note on how text is read), or None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return EXCEL_EPOCH + timedelta(days=int(value)) if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1] else None
    text = " ".join(str(value).casefold().split())
    if not text:
        return None
    if found := ISO_DAY.fullmatch(text):
        return _day(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if found := DAY_MONTH_YEAR.fullmatch(text):
        return _day(_year(found.group(3)), int(found.group(2)), int(found.group(1)))
    if found := MONTH_YEAR_NUMBERS.fullmatch(text):
        month, year = (found.group(1), found.group(2)) if found.group(1) else (found.group(4), found.group(3))
        return _month_end(int(year), int(month))
    if (found := WORDED.fullmatch(text)) and found.group(2) in MONTHS:
        day = found.group(1) or found.group(3)
        year, month = _year(found.group(4)), MONTHS[found.group(2)]
        return _day(year, month, int(day)) if day else _month_end(year, month)
    if (found := MONTH_DASH_YEAR.fullmatch(text)) and found.group(1) in MONTHS:
        return _month_end(_year(found.group(2)), MONTHS[found.group(1)])
    return None


def _number_text(value: object) -> str:
    """A cell as text, a whole number without its ".0" (a typed 3 arrives as 3.0 from some files)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rejoin(parts: list[str], separators: list[str]) -> str:
    return "".join(part + (f" {sep.strip()} " if i < len(separators) else "")
                   for i, (part, sep) in enumerate(zip(parts, [*separators, ""])))


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


class _Vocabulary:
    """The framework's words for challenges, statuses and models, closed up once per framework."""

    def __init__(self, fw: Framework):
        self._challenges = self._index((c.id, (c.name, c.id, *c.short_names)) for c in fw.challenges)
        self._statuses = self._index((s.id, (s.label, s.id, *s.short_forms)) for s in fw.challenge_statuses)
        models = self._index((m.id, (m.name, m.id, *m.short_names)) for m in fw.integration_models)
        self._models = {MODEL_SUFFIX.sub("", key): choice for key, choice in models.items()}  # "coalition"
        self._leading_statuses = sorted(
            (key for key in self._statuses if len(key) >= MIN_LEADING_FORM), key=len, reverse=True
        )

    @classmethod
    def of(cls, fw: Framework) -> _Vocabulary:
        found = _VOCABULARIES.get(id(fw))
        if found is None or found[0] is not fw:
            found = _VOCABULARIES[id(fw)] = (fw, cls(fw))
        return found[1]

    @staticmethod
    def _index(choices: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
        return {spoken(word): choice for choice, wording in choices for word in wording if spoken(word)}

    def status(self, key: str) -> str | None:
        if not key:
            return None
        if key in self._statuses:
            return self._statuses[key]
        for form in self._leading_statuses:  # longest first: "not in play" before "no"
            if key.startswith(form + " "):
                return self._statuses[form]
        return None

    def challenge(self, key: str) -> str | None:
        key = CHALLENGE_SUFFIX.sub("", NUMBERED.sub("", LEADING.sub("", key)))
        return self._challenges.get(key)

    def model(self, key: str) -> str | None:
        key = MODEL_SUFFIX.sub("", LEADING.sub("", key)).strip()
        if key in self._models:
            return self._models[key]
        named = {choice for word, choice in self._models.items() if re.search(rf"\b{re.escape(word)}\b", key)}
        return named.pop() if len(named) == 1 and len(key.split()) <= 4 else None


_VOCABULARIES: dict[int, tuple[Framework, _Vocabulary]] = {}

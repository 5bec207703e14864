"""The documented shapes of every identifier read from a file: indicator ids, area codes, LA numbers, periods.

Identifiers are what tables join on, so unlike free text they are never altered on the way out (the
snapshot's leading-apostrophe rule, dashboards.exports.neutralise, would break a join). They are safe
instead because a file whose identifier lies outside its shape is refused, naming the cell and the
shape in words: no shape below lets a value begin with `=`, `+`, `-`, `@`, a tab or a carriage
return, so no identifier can be a formula. Each shape is the narrowest one the real published files
(/work/shared/data/published, SOURCES.md there) and our own templates fit. Patterns are ASCII-only
and always matched whole (`fullmatch`), so neither a trailing newline nor a non-Latin digit passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SHOWN = 60  # characters of a refused value quoted in the message; the rest is cut off with "…"


@dataclass(frozen=True)
class Shape:
    """One identifier's documented shape: what a fitting value is called and the rule in words."""

    noun: str  # what a fitting value is: "an id"
    words: str  # the rule as a person reads it: "letters, digits, _ . -; up to 64"
    pattern: re.Pattern[str]

    def fits(self, text: str) -> bool:
        return self.pattern.fullmatch(text) is not None

    def refusal(self, what: str, text: str) -> str | None:
        """None when `text` fits; else why not, fit to show beside its cell:
        "indicator id '=cmd|' /C calc'!A0' is not an id (letters, digits, _ . -; up to 64)"."""
        if self.fits(text):
            return None
        shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
        return f"{what} '{shown}' is not {self.noun} ({self.words})"


INDICATOR_ID = Shape("an id", "letters, digits, _ . -; up to 64", re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"))
"""An indicator id we do not control: an EES indicator column ("gld_percentage", "Anypoint_episodes",
"rate_per_10000" — EES requires snake_case names) or a generic CSV's indicator_id."""

FINGERTIPS_INDICATOR_ID = Shape("a Fingertips indicator number", "digits; up to 9", re.compile(r"[0-9]{1,9}"))
"""Fingertips' Indicator ID: a number ("93356", "90631"; the published files carry five digits)."""

GSS_CODE = Shape("a GSS code", "a letter and eight digits, e.g. E09000002", re.compile(r"[EWSNK][0-9]{8}"))
"""ONS's Government Statistical Service code: the nation's letter and eight digits. Real files carry
E92000001 (England), E12 regions, E06/E08/E09/E10 authorities, and Fingertips' E07 districts and E38/E54
sub-ICB and ICB codes; the framework's areas and England list are GSS codes too."""

OTHER_AREA_CODE = Shape("an area code", "a GSS code, or letters and digits; up to 12", re.compile(r"[A-Za-z0-9]{1,12}"))
"""An area code that is not a GSS code: EES writes "z" for its "Outside of England and unknown" rows
(the full EYFSP file has six), and geographies such as NHS organisations have ODS codes ("RBA")."""

_GSS_LIKE = re.compile(r"[EWSNK][0-9]")

DFE_LA_NUMBER = Shape("a three-digit DfE LA number", "three digits, e.g. 202", re.compile(r"[0-9]{3}"))
"""DfE's local authority number ("202" Camden) for an authority and each of its statistical
neighbours, as DfE's neighbour files give it."""

PERIOD_LABEL = Shape(
    "a period label", "digits, letters, spaces, / . and dashes, beginning with a digit or letter; up to 48",
    re.compile(r" *[A-Za-z0-9][A-Za-z0-9 ./\-\u2013\u2014]{0,47}"))
"""A published time period as written: "2022/23", "202122", "2015 - 17", "2022/23 Q1", "Jan 2023",
"Sept. 2022", "2023-01", with the en dash Excel sometimes saves and the spaces round it that
ingest.outcomes.periods sets aside; which of these is a period that module decides."""


def area_code_refusal(code: str) -> str | None:
    """Why an area code read from a file is not one (None when it is): a code that begins like a GSS
    code must be one; any other must be short letters and digits."""
    if not code:
        return "the area code is empty"
    shape = GSS_CODE if _GSS_LIKE.match(code) else OTHER_AREA_CODE
    return shape.refusal("area code", code)

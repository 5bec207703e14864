"""Formula neutralisation for everything we write that a spreadsheet could open.

A text cell beginning with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets strip before reading the rest) is taken as a formula by Excel, LibreOffice and Google
Sheets: an outcome file's indicator name `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` would run when
an analyst opens our export. OWASP's advice is to prefix such cells with a single quote, which
every spreadsheet shows as text and which a reader can see. Numbers are never touched: -0.25, and
the text "-0.25" of a formatted table, are numbers to a spreadsheet, not formulas, and stay so.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def neutralise(value: object) -> object:
    """`value` unchanged unless it is text a spreadsheet would execute; then "'" + value."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and column names) are neutralised."""
    out = frame.rename(columns=lambda c: neutralise(str(c)))
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark (so Excel reads accents), neutralised."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")

"""Formula neutralisation for everything we write that a spreadsheet could open.

A text cell beginning with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets strip before reading the rest) is taken as a formula by Excel, LibreOffice and Google
Sheets: an outcome file's indicator name `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` would run when
an analyst opens our export. OWASP's advice is to prefix such cells with a single quote, which
every spreadsheet shows as text and which a reader can see. Numbers are never touched: -0.25, and
the text "-0.25" of a formatted table, are numbers to a spreadsheet, not formulas, and stay so.

The rule is applied twice from these constants: here, to every export, and in SQL (`neutralised_sql`) by
the snapshot writer (pipelines.assets.publish) to every text column of the published snapshot, which is
what leaves the warehouse. Applying it again to neutralised text changes nothing.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# ASCII digits only, so that Python's `re` and DuckDB's RE2 agree on what a plain number is.
PLAIN_NUMBER = r"[+-]?[0-9]+(\.[0-9]+)?%?"
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)


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


def neutralised_sql(expression: str) -> str:
    """`neutralise` as a DuckDB expression over a VARCHAR `expression` (NULL stays NULL)."""
    triggers = ", ".join(_sql_text(trigger) for trigger in FORMULA_TRIGGERS)
    return (f"case when left({expression}, 1) in ({triggers}) "
            f"and not regexp_full_match({expression}, {_sql_text(PLAIN_NUMBER)}) "
            f"then {_sql_text(chr(39))} || {expression} else {expression} end")


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"

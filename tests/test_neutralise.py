"""Formula neutralisation (OWASP CSV injection): no text we export can run in a spreadsheet."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest

from dashboards.exports.neutralise import (
    csv_bytes,
    neutralise,
    neutralise_frame,
    neutralised_sql,
)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://example.invalid","x")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
     "\t=1", "\r=1", "-", "=", "-cmd"],
)
def test_text_a_spreadsheet_would_execute_gets_a_leading_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Camden", "2.45", "-0.30", "+0.25", "12%", 3, -0.5, None, "withheld (fewer than 3 people)"])
def test_plain_text_and_numbers_are_left_alone(value: object) -> None:
    assert neutralise(value) == value


def test_a_frame_and_its_csv_carry_no_live_formula() -> None:
    frame = pd.DataFrame({"=name": ["=1+2", "Barnet"], "change": ["-0.30", "+x"], "n": [3, 4]})
    safe = neutralise_frame(frame)
    assert list(safe.columns) == ["'=name", "change", "n"]
    assert safe["=name" if "=name" in safe else "'=name"].tolist() == ["'=1+2", "Barnet"]
    assert safe["change"].tolist() == ["-0.30", "'+x"]
    assert safe["n"].tolist() == [3, 4]
    assert frame["=name"].tolist() == ["=1+2", "Barnet"]  # the input is not modified
    read_back = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", dtype=str)
    cells = [*read_back.columns, *read_back.to_numpy().ravel()]
    assert not [c for c in cells if isinstance(c, str) and c.startswith(("=", "@", "\t", "\r"))]
    assert not [c for c in cells if isinstance(c, str) and c.startswith(("+", "-")) and c not in ("-0.30",)]


def test_the_snapshot_writers_sql_applies_the_same_rule() -> None:
    """The snapshot writer's SQL and the exports' Python give every value the same result, and a value
    already neutralised is left as it is (exports read the neutralised snapshot)."""
    values = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
              "-", "-0.30", "+0.25", "12%", "-1e5", "-1\n", "-\u0661", "Camden", " =1", "", "'=1", None]
    with duckdb.connect() as con:
        sql = con.execute(f"select {neutralised_sql('v')} from unnest(?) as t(v)", [values]).fetchall()
    assert [value for (value,) in sql] == [neutralise(v) for v in values]
    assert [neutralise(neutralise(v)) for v in values] == [neutralise(v) for v in values]

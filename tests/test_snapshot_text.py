"""Nothing a spreadsheet would run leaves the warehouse: free text with formula triggers in every
field a borough or publisher can fill is kept as given in `raw`, and arrives neutralised (OWASP's
leading apostrophe) in every text column of the snapshot and in every export made from it.

The home is built once from files made as their senders make them (tests/support/formula_text.py)
with `maturity run`, and the checks here are written independently of the rule's own code.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import duckdb
import openpyxl
import pytest

from dashboards.exports.excel_pack import excel_pack_bytes
from dashboards.exports.html_report import html_report
from dashboards.exports.neutralise import csv_bytes
from dashboards.queries.borough import borough_report
from dashboards.snapshot import open_snapshot
from pipelines.cli import main
from tests.support.formula_text import (
    AT,
    DDE,
    FORMULAS,
    HYPERLINK,
    MINUS,
    PLUS,
    write_formula_assessment,
    write_formula_data_sharing,
    write_formula_outcomes,
)
from warehouse.home import Home

CAMDEN, CAMDEN_NAME, YEAR = "E09000007", "Camden", 2024
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?%?")


def live(value: object) -> bool:
    """Whether a spreadsheet would take `value` as a formula (written here, not imported from the rule)."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.fullmatch(value)


@pytest.fixture(scope="module")
def formula_home(tmp_path_factory, framework) -> Home:
    home = Home(tmp_path_factory.mktemp("formula") / "data").ensure()
    names = [write_formula_assessment(home.inbox, framework, CAMDEN_NAME, YEAR).name,
             write_formula_data_sharing(home.inbox, framework, CAMDEN_NAME, YEAR).name,
             *(p.name for p in write_formula_outcomes(home.inbox, CAMDEN, CAMDEN_NAME, YEAR))]
    assert main(["run", "--home", str(home.root)]) == 0
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        loaded = {name for (name,) in con.execute("select file_name from raw.files").fetchall()}
    assert loaded == set(names)  # every hostile file was accepted, so its text reached the marts
    return home


def text_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    return con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where data_type like '%VARCHAR%' order by all").fetchall()


def test_no_text_value_in_any_snapshot_table_begins_with_a_formula(formula_home):
    with duckdb.connect(str(formula_home.snapshot), read_only=True) as con:
        columns = text_columns(con)
        # Text, or lists of text (marts.priorities.enabler_ids): no structs or maps to hide text in.
        assert {data_type for *_, data_type in columns} == {"VARCHAR", "VARCHAR[]"}
        live_values, values = [], set()
        for schema, table, column, data_type in columns:
            unnested = f'unnest("{column}")' if data_type == "VARCHAR[]" else f'"{column}"'
            for (value,) in con.execute(f"select distinct {unnested} from {schema}.{table}").fetchall():
                values.add(value)
                if live(value):
                    live_values.append((schema, table, column, value))
    assert len(columns) > 100
    assert live_values == []
    # The hostile text did reach the snapshot — neutralised, and otherwise as written.
    assert {"'" + text for text in FORMULAS} <= values
    assert "'=HYPERLINK(1) Camden 2024.xlsx" in values  # a file name, in marts.data_received


def test_raw_keeps_every_text_as_it_was_given(formula_home):
    with duckdb.connect(str(formula_home.warehouse), read_only=True) as con:
        def column(sql: str) -> set:
            return {value for (value,) in con.execute(sql).fetchall()}

        assert column("select organisation from raw.participants") == {HYPERLINK, MINUS, DDE}
        assert column("select participant_label from raw.participants") == {DDE, PLUS, AT}
        assert column("select role_text from raw.participants") == {MINUS, AT, HYPERLINK}
        assert column("select group_label from raw.submissions") == {AT}
        assert column("select evidence from raw.data_sharing_answers") == set(FORMULAS)
        assert {DDE, HYPERLINK} <= column("select indicator_name from raw.outcome_indicators")
        assert {HYPERLINK, MINUS, PLUS} <= column("select area_name from raw.outcome_values")
        assert {"=HYPERLINK(1) Camden 2024.xlsx", "+data sharing Camden 2024.xlsx"} <= column(
            "select file_name from raw.files")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.texts.append(data.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts += [value for _, value in attrs if value]


def test_the_excel_pack_html_report_and_csv_exports_carry_no_live_formula(formula_home):
    snap = open_snapshot(formula_home.snapshot)
    report = borough_report(snap, CAMDEN, YEAR)
    book = openpyxl.load_workbook(io.BytesIO(excel_pack_bytes(report)))
    cells = [cell for ws in book for row in ws.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [(c.parent.title, c.coordinate, c.value) for c in cells if live(c.value)] == []
    # The indicator's name and the group's, as text a reader sees with its apostrophe.
    assert {"'" + DDE, "'" + AT} <= {c.value for c in cells}

    parser = _Text()
    parser.feed(html_report(report))
    assert [text for text in parser.texts if live(text)] == []
    assert {"'" + DDE, "'" + AT} <= set(parser.texts)

    with duckdb.connect(str(formula_home.snapshot), read_only=True) as con:
        tables = {(schema, table) for schema, table, *_ in text_columns(con)}
        exported = []
        for schema, table in sorted(tables):
            frame = con.table(f"{schema}.{table}").df()
            exported += [v for row in csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))) for v in row]
    assert [value for value in exported if live(value)] == []
    assert "'" + DDE in exported

"""The take-away outputs: the Excel workshop pack, the HTML report and `maturity report`.

Expected figures come from the published snapshot with SQL written here, never from the report's
own queries, so a wrong join in the pack cannot agree with itself.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import openpyxl
import pytest
from openpyxl.chart.radar_chart import RadarChart
from openpyxl.utils.cell import range_boundaries

from dashboards.exports.excel_pack import excel_pack_bytes
from dashboards.exports.html_report import html_report
from dashboards.exports.neutralise import csv_bytes
from dashboards.queries.borough import borough_report
from dashboards.queries.borough_outcomes import latest_outcomes
from dashboards.snapshot import open_snapshot
from pipelines.cli import main
from tests.support.browser import new_page
from tests.support.submissions import SMALL_GROUP_AREA, SUBSET_AREAS, SUBSET_YEARS
from warehouse.home import Home

BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
WITHHELD = "withheld (fewer than 3 people)"
CAMDEN, YEAR = "E09000007", 2024
CAUSAL = re.compile(r"\b(impact|effect of|improves|leads to|drives|causes)\b", re.IGNORECASE)


def sql(home: Home, query: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(home.snapshot), read_only=True) as con:
        cursor = con.execute(query, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def pack(home: Home, area: str, year: int, comparator: str | None = None) -> openpyxl.Workbook:
    report = borough_report(open_snapshot(home.snapshot), area, year, comparator)
    return openpyxl.load_workbook(io.BytesIO(excel_pack_bytes(report)))


def table_rows(ws, first_heading: str) -> list[dict]:
    """The rows of the table whose header row starts with `first_heading`, keyed by heading."""
    header = next(row for row in ws.iter_rows(min_col=1, max_col=1) if row[0].value == first_heading)[0].row
    headings = [c.value for c in ws[header]]
    rows = []
    for row in ws.iter_rows(min_row=header + 1):
        if row[0].value is None or row[0].value in ("", None):
            break
        rows.append(dict(zip(headings, (c.value for c in row))))
        rows[-1]["_cells"] = {h: c for h, c in zip(headings, row)}
    return rows


def chart_cells(ws, reference: str) -> list:
    """The cells a chart's data reference (e.g. 'Radar'!$B$8:$B$19) points at."""
    sheet, cells = reference.rsplit("!", 1)
    target = ws.parent[sheet.strip("'")]
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    return [c for row in target.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
            for c in row]


def close(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9


# --- the Excel pack ------------------------------------------------------------------------------


def test_every_number_in_the_excel_pack_equals_the_marts(published_home):
    book = pack(published_home, CAMDEN, YEAR, "inner_outer")
    expected = {
        r["enabler_id"]: r
        for r in sql(
            published_home,
            """
            SELECT m.enabler_id, m.enabler_name, m.n_scores, m.n_skipped, m.mean_score, m.mean_ci_low,
                m.mean_ci_high, m.count_1, m.count_5, lo.comparator_mean AS london, lo.n_areas AS london_n,
                co.comparator_mean AS comparator, lo.rank
            FROM marts.enabler_maturity m
            JOIN marts.benchmark lo ON lo.area_code = m.area_code AND lo.assessment_year = m.assessment_year
                AND lo.level = 'enabler' AND lo.item_id = m.enabler_id AND lo.comparator_type = 'region'
            JOIN marts.benchmark co ON co.area_code = m.area_code AND co.assessment_year = m.assessment_year
                AND co.level = 'enabler' AND co.item_id = m.enabler_id AND co.comparator_type = 'inner_outer'
            WHERE m.area_code = ? AND m.assessment_year = ? AND NOT m.is_suppressed
            """,
            [CAMDEN, YEAR],
        )
    }
    assert len(expected) == 12
    rows = {r["Enabler"].split()[0]: r for r in table_rows(book["Enablers"], "Enabler")}
    assert set(rows) == set(expected)
    for enabler_id, want in expected.items():
        got = rows[enabler_id]
        assert got["Enabler"] == f"{enabler_id} {want['enabler_name']}"
        assert (got["n scores"], got["n skipped"]) == (want["n_scores"], want["n_skipped"])
        for heading, column in [("Mean", "mean_score"), ("95% interval: low", "mean_ci_low"),
                                ("95% interval: high", "mean_ci_high"), ("London mean", "london"),
                                ("Comparator mean", "comparator")]:
            assert close(got[heading], want[column]), (enabler_id, heading, got[heading], want[column])
        assert got["_cells"]["Mean"].number_format == "0.00"
        assert got["Boroughs in London mean"] == want["london_n"]
        assert got["Rank in London (1 = highest)"] == want["rank"]
    distribution = {r["Enabler"].split()[0]: r for r in table_rows(book["Distributions"], "Enabler")}
    for enabler_id, want in expected.items():
        assert (distribution[enabler_id]["Scored 1"], distribution[enabler_id]["Scored 5"]) == (
            want["count_1"], want["count_5"])

    summary = {r["Item"]: r for r in table_rows(book["Summary"], "Item")}
    levels = sql(
        published_home,
        """
        SELECT 'Overall' AS item, n_scores, mean_score, mean_ci_low, mean_ci_high FROM marts.area_maturity
        WHERE area_code = ? AND assessment_year = ?
        UNION ALL
        SELECT theme_name, n_scores, mean_score, mean_ci_low, mean_ci_high FROM marts.theme_maturity
        WHERE area_code = ? AND assessment_year = ?
        """,
        [CAMDEN, YEAR, CAMDEN, YEAR],
    )
    assert len(levels) == 4 and set(summary) == {r["item"] for r in levels}
    for want in levels:
        got = summary[want["item"]]
        assert got["People"] == want["n_scores"]
        assert close(got["Mean"], want["mean_score"]) and close(got["95% interval: low"], want["mean_ci_low"])
        assert close(got["95% interval: high"], want["mean_ci_high"])

    # the radar is a native chart whose data cells are the enabler means, London's and the comparator's
    radar = book["Radar"]
    [chart] = radar._charts
    assert isinstance(chart, RadarChart)
    borough, london, comparator = (chart_cells(radar, s.val.numRef.f) for s in chart.series)
    order = sorted(expected)
    assert all(close(c.value, expected[e]["mean_score"]) for c, e in zip(borough, order))
    assert all(close(c.value, expected[e]["london"]) for c, e in zip(london, order))
    assert all(close(c.value, expected[e]["comparator"]) for c, e in zip(comparator, order))
    labels = chart_cells(radar, chart.series[0].cat.numRef.f)
    assert [c.value.split()[0] for c in labels] == order



def test_an_indicator_radar_for_each_enabler_dug_into(published_home):
    """Where three or more indicators were scored and at least one is published; its spokes are the
    indicator ids and its cells the indicator means."""
    dug = sql(
        published_home,
        """
        WITH drawn AS (
            SELECT area_code, assessment_year, enabler_id, list(mean_score ORDER BY indicator_order) AS means
            FROM marts.indicator_maturity
            GROUP BY area_code, assessment_year, enabler_id
            HAVING count(*) >= 3 AND bool_or(NOT is_suppressed)
        )
        , counted AS (
            SELECT *, count(*) OVER (PARTITION BY area_code, assessment_year) AS n_drawn FROM drawn
        )
        SELECT * FROM counted WHERE n_drawn = (SELECT max(n_drawn) FROM counted)
        ORDER BY area_code, assessment_year, enabler_id
        """,
    )
    area, year = dug[0]["area_code"], dug[0]["assessment_year"]
    dug = [r for r in dug if (r["area_code"], r["assessment_year"]) == (area, year)]
    ws = pack(published_home, area, year)["Indicator radars"]
    assert len(ws._charts) == len(dug) > 0
    for chart, want in zip(ws._charts, dug):
        assert isinstance(chart, RadarChart)
        spokes = [c.value for c in chart_cells(ws, chart.series[0].cat.numRef.f)]
        assert all(s.startswith(want["enabler_id"] + ".") for s in spokes)
        cells = [c.value for c in chart_cells(ws, chart.series[0].val.numRef.f)]
        assert len(cells) == len(want["means"])
        assert all(c is None if m is None else close(c, m) for c, m in zip(cells, want["means"]))


def test_every_sheet_carries_the_synthetic_label(published_home):
    assert sql(published_home, "SELECT is_synthetic FROM meta.snapshot")[0]["is_synthetic"]
    book = pack(published_home, CAMDEN, YEAR)
    assert len(book.sheetnames) >= 10
    for ws in book:
        assert ws["A1"].value == BANNER, ws.title
        assert ws["A1"].fill.fgColor.rgb.endswith("C00000")


def test_real_returns_carry_no_synthetic_label(published_home):
    """The label follows the data: a pack of real returns must not be marked as a demonstration."""
    report = borough_report(open_snapshot(published_home.snapshot), CAMDEN, YEAR)
    real = dataclasses.replace(report, is_synthetic=False)
    book = openpyxl.load_workbook(io.BytesIO(excel_pack_bytes(real)))
    assert all(ws["A1"].value != BANNER for ws in book)
    assert BANNER not in html_report(real) and BANNER in html_report(report)


def test_a_withheld_figure_is_the_word_withheld_and_never_feeds_the_radar(published_home):
    withheld = {
        r["enabler_id"]: r
        for r in sql(
            published_home,
            "SELECT enabler_id, n_scores FROM marts.enabler_maturity "
            "WHERE area_code = ? AND assessment_year = ? AND is_suppressed",
            [SMALL_GROUP_AREA, YEAR],
        )
    }
    assert withheld, "the small group should have withheld enablers"
    book = pack(published_home, SMALL_GROUP_AREA, YEAR)
    rows = {r["Enabler"].split()[0]: r for r in table_rows(book["Enablers"], "Enabler")}
    for enabler_id, want in withheld.items():
        row = rows[enabler_id]
        assert row["n scores"] == want["n_scores"]  # n stays shown
        for heading in ("Mean", "95% interval: low", "95% interval: high", "Agreement", "Consensus"):
            assert row[heading] == WITHHELD, (enabler_id, heading)
    for row in table_rows(book["Distributions"], "Enabler"):
        if row["Enabler"].split()[0] in withheld:
            assert [row[f"Scored {s}"] for s in range(1, 6)] == [WITHHELD] * 5
    radar = book["Radar"]
    [chart] = radar._charts
    assert chart.display_blanks == "gap"
    spokes = [c.value.split()[0] for c in chart_cells(radar, chart.series[0].cat.numRef.f)]
    borough = chart_cells(radar, chart.series[0].val.numRef.f)
    for spoke, cell in zip(spokes, borough):
        if spoke in withheld:
            assert cell.value is None  # not a number, not text (Excel would draw text as 0)
            note = radar.cell(row=cell.row, column=2 + len(chart.series))
            assert note.value.startswith(WITHHELD)
        else:
            assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
    # no withheld figure anywhere in the workbook as a number next to its enabler
    for ws in book:
        for row in ws.iter_rows(values_only=True):
            first = str(row[0] or "").split()[:1]
            if first and first[0] in withheld and ws.title in ("Enablers", "Distributions"):
                assert WITHHELD in row


# --- the HTML report -----------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Each <table id=…>'s rows as lists of cell texts, and every element's attributes."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.elements: list[tuple[str, dict]] = []
        self._table = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id") or f"anonymous-{len(self.tables)}", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def own_words(home: Home, text: str) -> str:
    """The report's text without the tool's own reference text it quotes (case-study issues and
    challenge examples such as "Measuring impacts …"), which is the tool's wording, not a claim."""
    quoted = sql(home, "SELECT title AS t FROM reference.case_studies UNION SELECT issues FROM reference.case_studies"
                       " UNION SELECT description FROM reference.challenges"
                       " UNION SELECT examples FROM reference.challenges")
    for row in quoted:
        text = text.replace(html.escape(str(row["t"])), " ")
    return re.sub(r"<[^>]+>", " ", text)


def test_the_html_report_has_every_enabler_and_no_withheld_mean(published_home):
    report = borough_report(open_snapshot(published_home.snapshot), SMALL_GROUP_AREA, YEAR)
    text = html_report(report)
    parsed = _Tables()
    parsed.feed(text)
    enablers = sql(published_home, "SELECT enabler_id, enabler_name FROM reference.enablers ORDER BY enabler_order")
    withheld = {r["enabler_id"] for r in sql(
        published_home,
        "SELECT enabler_id FROM marts.enabler_maturity WHERE area_code = ? AND assessment_year = ? AND is_suppressed",
        [SMALL_GROUP_AREA, YEAR])}
    assert withheld
    head, *rows = parsed.tables["table-enablers"]
    assert [r[0] for r in rows] == [f"{e['enabler_id']} {e['enabler_name']}" for e in enablers]
    mean = head.index("Mean")
    published = {r["enabler_id"]: r["mean_score"] for r in sql(
        published_home, "SELECT enabler_id, mean_score FROM marts.enabler_maturity "
                        "WHERE area_code = ? AND assessment_year = ? AND NOT is_suppressed", [SMALL_GROUP_AREA, YEAR])}
    for row in rows:
        enabler_id = row[0].split()[0]
        assert row[mean] == (WITHHELD if enabler_id in withheld else f"{published[enabler_id]:.2f}")
    # the radar's data: the borough's series is null exactly at the withheld spokes
    series = [a for tag, a in parsed.elements if tag == "g" and a.get("class") == "series"]
    borough = json.loads(series[0]["data-values"])
    assert len(borough) == 12
    assert [v is None for v in borough] == [e["enabler_id"] in withheld for e in enablers]
    assert all(close(v, published[e["enabler_id"]]) for v, e in zip(borough, enablers) if v is not None)
    # self-contained, labelled, careful with words
    assert BANNER in text
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE)
    assert "<script" not in text.lower() and "<link" not in text.lower()
    assert not CAUSAL.search(own_words(published_home, text))


def test_the_html_report_opens_offline(published_home, browser, tmp_path):
    report = borough_report(open_snapshot(published_home.snapshot), CAMDEN, YEAR, "icb")
    path = tmp_path / "report.html"
    path.write_text(html_report(report), encoding="utf-8")
    asked = []
    with new_page(browser, offline=True) as page:
        page.on("request", lambda request: asked.append(request.url))
        page.goto(path.as_uri())
        assert page.locator(".banner").inner_text() == BANNER
        assert page.locator("svg.radar").count() >= 1
        assert page.locator("svg.radar circle").count() >= 12  # Camden's 12 spokes are drawn
        assert page.locator("svg.distribution rect").count() > 12
        assert page.locator("table#table-enablers tbody tr").count() == 12
        pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert [url for url in asked if not url.startswith("file://")] == []
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


# --- neutralisation ------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://x","y")'
AT_FORMULA = "@SUM(1+1)"


@pytest.fixture(scope="module")
def hostile_home(published_home, tmp_path_factory) -> Home:
    """A copy of the built home with an outcome file whose indicator names are spreadsheet formulas."""
    home = Home(tmp_path_factory.mktemp("hostile") / "data")
    shutil.copytree(published_home.root, home.root)
    rows = ["area_code,indicator_id,indicator_name,period,period_type,value,unit,polarity"]
    for area in (*SUBSET_AREAS, SMALL_GROUP_AREA):
        for year in SUBSET_YEARS:
            rows.append(f'{area},formula_1,"{FORMULA.replace(chr(34), chr(34) * 2)}",{year},calendar,'
                        f'{50 + year % 7},%,higher_is_better')
            rows.append(f"{area},formula_2,{AT_FORMULA},{year},calendar,{20 + year % 5},%,lower_is_better")
    (home.inbox / "SYNTHETIC_local_returns.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["run", "--home", str(home.root)]) == 0
    return home


def test_no_export_cell_begins_with_a_formula(hostile_home):
    names = {r["indicator_name"] for r in sql(
        hostile_home, "SELECT DISTINCT indicator_name FROM marts.outcomes WHERE indicator_id LIKE 'formula_%'")}
    assert names == {"'" + FORMULA, "'" + AT_FORMULA}  # reached the snapshot, neutralised by its writer
    snap = open_snapshot(hostile_home.snapshot)
    report = borough_report(snap, CAMDEN, YEAR)
    book = openpyxl.load_workbook(io.BytesIO(excel_pack_bytes(report)))
    shown = {r["Indicator"] for r in table_rows(book["Outcomes"], "Indicator")}
    assert {"'" + FORMULA, "'" + AT_FORMULA} <= shown
    walked = 0
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                walked += 1
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))), (
                    ws.title, cell.coordinate, cell.value)
    assert walked > 500
    table = list(csv.reader(io.StringIO(csv_bytes(latest_outcomes(snap, CAMDEN)).decode("utf-8-sig"))))
    cells = [value for row in table for value in row]
    assert "'" + FORMULA in cells and not any(v.startswith(("=", "@")) for v in cells)
    rendered = html_report(report)
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in rendered and FORMULA not in rendered


# --- the command line ----------------------------------------------------------------------------


def test_maturity_report_writes_both_files(published_home, tmp_path, capsys):
    assert main(["report", "excel", str(tmp_path / "pack.xlsx"), "--area", "Camden", "--year", str(YEAR),
                 "--home", str(published_home.root), "--comparator", "icb"]) == 0
    assert main(["report", "html", str(tmp_path), "--area", CAMDEN, "--year", str(YEAR),
                 "--home", str(published_home.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    # OUT as given for a file; a name for the borough and year (SYNTHETIC_ first) inside a directory
    excel, page = tmp_path / "pack.xlsx", tmp_path / f"SYNTHETIC_{CAMDEN}_Camden_{YEAR}_report.html"
    assert excel.is_file() and page.is_file()
    assert out == [f"wrote the SYNTHETIC workshop pack (Excel) for Camden {YEAR} to {excel}",
                   f"wrote the SYNTHETIC report (HTML) for Camden {YEAR} to {page}"]
    book = openpyxl.load_workbook(excel)
    icb = sql(published_home, "SELECT DISTINCT comparator_name FROM marts.benchmark WHERE area_code = ? "
                              "AND assessment_year = ? AND comparator_type = 'icb'", [CAMDEN, YEAR])[0]
    assert any(icb["comparator_name"] in str(v) for row in book["Summary"].iter_rows(values_only=True) for v in row)
    assert "<svg" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--area", "Narnia", "--year", str(YEAR)], "Narnia"),
        (["--area", "Camden", "--year", "2019"], "Camden has no published assessment for 2019"),
        (["--area", "Camden", "--year", str(YEAR), "--comparator", "statistical_neighbours"], "statistical_neighbours"),
    ],
)
def test_maturity_report_expected_failures_are_one_line(published_home, tmp_path, arguments, message):
    run = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "report", "excel", str(tmp_path / "pack.xlsx"),
         "--home", str(published_home.root), *arguments],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parent.parent,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("no report written")
    assert "Traceback" not in run.stderr and not list(tmp_path.iterdir())


def test_maturity_report_without_a_snapshot_or_a_writable_out(published_home, tmp_path, capsys):
    assert main(["report", "html", str(tmp_path / "r.html"), "--area", "Camden", "--year", str(YEAR),
                 "--home", str(tmp_path / "empty")]) == 2
    assert main(["report", "html", str(tmp_path / "missing" / "r.html"), "--area", "Camden", "--year", str(YEAR),
                 "--home", str(published_home.root)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "No published snapshot yet" in err[0] and "cannot write" in err[1]


def test_a_report_for_every_borough_and_every_year_of_the_demo(demo_home):
    """Every borough, each at one of the years in turn (so every year is covered), in both forms."""
    snap = open_snapshot(demo_home.snapshot)
    area_years = sql(demo_home, "SELECT DISTINCT area_code, assessment_year FROM marts.enabler_maturity "
                                "ORDER BY area_code, assessment_year")
    years = sorted({r["assessment_year"] for r in area_years})
    areas = sorted({r["area_code"] for r in area_years})
    assert len(areas) == 33 and len(years) >= 3
    for i, area in enumerate(areas):
        year = years[i % len(years)]
        report = borough_report(snap, area, year, "inner_outer")
        book = openpyxl.load_workbook(io.BytesIO(excel_pack_bytes(report)))
        assert book["Radar"]._charts and book["Summary"]["A1"].value == BANNER
        text = html_report(report)
        assert report.area_name in text and text.count("<svg") >= 2

"""What the partnership said, in the take-away packs: the Excel pack's sheet and the HTML report's
section hold the reflections, evidence, challenges, integration model and priorities, and last
assessment's priorities beside the change in their enablers since.

The snapshot is a copy of the built subset's with the narrative marts written in (the way
partnerships fill them: markdown and HTML typed in, formula-like first characters, line breaks, two
groups, a priority naming two enablers and one naming none). Expected cells come from that
snapshot with SQL written here, never from the pack's own queries.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from html.parser import HTMLParser

import openpyxl
import pytest

from dashboards.exports.excel_pack import excel_pack_bytes
from dashboards.exports.html_report import html_report
from dashboards.queries.borough import borough_report
from dashboards.snapshot import open_snapshot
from tests.support import narrative_snapshot as N
from tests.support.queries import snapshot_rows
from warehouse.home import Home

SHEET = "What the partnership said"
BANNER = "SYNTHETIC DATA — generated for demonstration; not real borough returns"
WITHHELD = "withheld (fewer than 3 people)"
NOT_COLLECTED = "Not collected: this snapshot was published before the tool collected this section."
LEFT_BLANK = "The partnership left this section blank."
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TITLES = {  # table → the start of its title in the pack
    "reflections": "Reflections",
    "evidence": "What is working well",
    "challenges": "The six challenges",
    "model": "The spectrum of integration",
    "priorities": "Priorities for action set in",
    "previous": "Priorities set ",
}


@pytest.fixture(scope="module")
def home(published_home, tmp_path_factory) -> Home:
    return N.narrative_home(published_home, tmp_path_factory.mktemp("narrative") / "data")


@pytest.fixture(scope="module")
def old_home(published_home, tmp_path_factory) -> Home:
    """A snapshot published before the narrative marts existed."""
    old = Home(tmp_path_factory.mktemp("old") / "data").ensure()
    shutil.copyfile(published_home.snapshot, old.snapshot)
    N.without_narrative(old.snapshot)
    return old


def _book(home: Home, area: str, year: int) -> openpyxl.Workbook:
    report = borough_report(open_snapshot(home.snapshot), area, year)
    return openpyxl.load_workbook(io.BytesIO(excel_pack_bytes(report)))


def _block(ws, title: str, *, cells: bool = False) -> list[dict] | str:
    """The rows (heading → value, or → cell) of the table whose title starts with `title`; for a
    table with no rows, the sentence written beneath its header instead."""
    grid = list(ws.iter_rows())
    at = next(i for i, row in enumerate(grid) if isinstance(row[0].value, str) and row[0].value.startswith(title))
    headings = [c.value for c in grid[at + 1]]
    rows = []
    for row in grid[at + 2:]:
        if row[0].value is None:
            break
        rows.append({h: (c if cells else c.value) for h, c in zip(headings, row) if h is not None})
    return rows if rows else grid[at + 3][0].value


def _shown(text: str) -> str:
    """What a spreadsheet cell must hold for text a person wrote: a leading apostrophe before a
    formula trigger (OWASP), otherwise the text as written."""
    return "'" + text if text.startswith(TRIGGERS) else text


def test_the_excel_sheet_holds_every_section_as_written(home):
    book = _book(home, N.CAMDEN, N.YEAR)
    assert SHEET in book.sheetnames
    assert book.sheetnames.index(SHEET) == book.sheetnames.index("Challenges") + 1
    ws = book[SHEET]
    assert ws["A1"].value == BANNER

    reflections = snapshot_rows(home, """
        SELECT item_name, text FROM marts.reflections
        WHERE area_code = ? AND assessment_year = ? AND kind = 'reflection' ORDER BY item_order""",
        [N.CAMDEN, N.YEAR])
    assert [(r["Theme"], r["Reflection"]) for r in _block(ws, TITLES["reflections"])] == [
        (name, _shown(text)) for name, text in reflections]
    assert N.MULTILINE in [r["Reflection"] for r in _block(ws, TITLES["reflections"])]  # line breaks kept

    evidence = snapshot_rows(home, """
        SELECT item_id || ' ' || item_name, text FROM marts.reflections
        WHERE area_code = ? AND assessment_year = ? AND kind = 'evidence' ORDER BY item_order""",
        [N.CAMDEN, N.YEAR])
    shown = [tuple(r.values()) for r in _block(ws, TITLES["evidence"])]
    assert shown == [(label, _shown(text)) for label, text in evidence]
    assert ("E01 Senior leadership", "'" + N.FORMULA) in shown

    answers = dict((c, (label, gift)) for c, label, gift in snapshot_rows(home, """
        SELECT challenge_name, status_label, within_gift FROM marts.challenges
        WHERE area_code = ? AND assessment_year = ?""", [N.CAMDEN, N.YEAR]))
    names = [n for (n,) in snapshot_rows(home, "SELECT challenge_name FROM reference.challenges ORDER BY challenge_order")]
    challenges = _block(ws, TITLES["challenges"])
    assert [r["Challenge"] for r in challenges] == names
    for row in challenges:
        label, gift = answers[row["Challenge"]]
        assert row["In play?"] == (label or "not answered")
        assert row["What is within the partnership's gift to change"] == (None if gift is None else _shown(gift))
    assert "'" + N.PLUS_GIFT in [r["What is within the partnership's gift to change"] for r in challenges]

    models = snapshot_rows(home, """
        SELECT scope_name, coalesce(current_model_name, 'not said'), coalesce(aspired_model_name, 'not said')
        FROM marts.integration_model WHERE area_code = ? AND assessment_year = ?
        ORDER BY scope <> 'overall', scope_order""", [N.CAMDEN, N.YEAR])
    assert [tuple(r.values()) for r in _block(ws, TITLES["model"])] == [tuple(m) for m in models]
    spectrum = [n for (n,) in snapshot_rows(home, "SELECT model_name FROM reference.integration_models ORDER BY model_order")]
    today, aim = models[0][1], models[0][2]
    strip = " → ".join(f"{n} (today)" if n == today else f"{n} (aiming for)" if n == aim else n for n in spectrum)
    assert f"Overall: {strip}" in [c.value for row in ws.iter_rows() for c in row]


def test_this_years_priorities_list_their_enablers_owner_and_review_date(home):
    ws = _book(home, N.CAMDEN, N.YEAR)[SHEET]
    enablers = dict(snapshot_rows(home, "SELECT enabler_id, enabler_id || ' ' || enabler_name FROM reference.enablers"))
    rows = _block(ws, TITLES["priorities"] + f" {N.YEAR}")
    expected = [p for p in N.CAMDEN_PRIORITIES if p.year == N.YEAR]
    assert [r["Priority"] for r in rows] == [p.no for p in expected]
    for row, priority in zip(rows, expected):
        assert row["Priority for action"] == _shown(priority.text)
        assert row["Enablers it addresses"] == ("; ".join(enablers[e] for e in priority.enabler_ids) or "none named")
        assert row["Owner (role)"] == (None if priority.owner_role is None else _shown(priority.owner_role))
        assert row["Review by"] == (None if priority.review_date is None else priority.review_date.isoformat())


def test_last_assessments_priorities_sit_beside_the_change_in_their_enablers(home):
    ws = _book(home, N.CAMDEN, N.YEAR)[SHEET]
    rows = _block(ws, f"Priorities set in {N.PREVIOUS}, beside the change in their enablers from {N.PREVIOUS} to {N.YEAR}")
    change = {item: rest for item, *rest in snapshot_rows(home, """
        SELECT item_id, previous_n, current_n, change, change_ci_low, change_ci_high, direction, is_suppressed
        FROM marts.maturity_change
        WHERE area_code = ? AND level = 'enabler' AND previous_year = ? AND current_year = ?""",
        [N.CAMDEN, N.PREVIOUS, N.YEAR])}
    expected = [(p, e) for p in N.CAMDEN_PRIORITIES if p.year == N.PREVIOUS for e in (p.enabler_ids or (None,))]
    assert len(rows) == len(expected) == 3
    for row, (priority, enabler) in zip(rows, expected):
        assert (row["Priority"], row["Set in"], row["Priority for action"]) == (priority.no, N.PREVIOUS, priority.text)
        figures = [row[h] for h in ("People then", "People now", "Change", "95% interval: low", "95% interval: high",
                                    "Direction")]
        if enabler is None:
            assert row["Enabler"] == "none named" and figures == ["—"] * 6
            continue
        assert row["Enabler"].startswith(f"{enabler} ")
        then, now, value, low, high, direction, suppressed = change[enabler]
        assert figures[:2] == [then, now]
        if suppressed:
            assert enabler in N.WITHHELD_CHANGE
            assert figures[2:] == [WITHHELD] * 4
        else:
            assert figures[2:5] == [pytest.approx(value), pytest.approx(low), pytest.approx(high)]
            assert figures[5] == direction
    first = _block(ws, f"Priorities set in {N.PREVIOUS}", cells=True)[0]["Change"]
    assert first.number_format.startswith("+")  # a change reads with its sign
    note = "it does not show that acting on the priority made the difference"
    assert any(isinstance(c.value, str) and note in c.value for r in ws.iter_rows() for c in r)


def test_several_groups_each_have_their_words_labelled(home):
    ws = _book(home, N.HAMMERSMITH, N.PREVIOUS)[SHEET]
    reflections = _block(ws, TITLES["reflections"])
    assert {(r["Group"], r["Reflection"]) for r in reflections} == {
        (g, t) for g, t in snapshot_rows(home, """
            SELECT group_label, text FROM marts.reflections WHERE area_code = ? AND assessment_year = ?""",
            [N.HAMMERSMITH, N.PREVIOUS])}
    models = {(r["Group"], r["Today"], r["Aiming for"]) for r in _block(ws, TITLES["model"])}
    assert models == set(snapshot_rows(home, """
        SELECT group_label, current_model_name, aspired_model_name FROM marts.integration_model
        WHERE area_code = ? AND assessment_year = ?""", [N.HAMMERSMITH, N.PREVIOUS]))
    assert _block(ws, TITLES["evidence"]) == LEFT_BLANK


def test_an_older_snapshot_says_not_collected_and_a_blank_year_says_so(home, old_home):
    old = _book(old_home, N.CAMDEN, N.YEAR)[SHEET]
    for key, title in TITLES.items():
        assert _block(old, title) == NOT_COLLECTED, key
    blank = _book(home, N.CITY, N.PREVIOUS)[SHEET]  # City sent scores but no narrative in 2023
    for key in ("reflections", "evidence", "challenges", "model", "priorities"):
        assert _block(blank, TITLES[key]) == LEFT_BLANK, key


def test_no_cell_of_the_pack_is_a_live_formula(home):
    book = _book(home, N.CAMDEN, N.YEAR)
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [(c.parent.title, c.coordinate) for c in cells if isinstance(c.value, str) and c.value.startswith(TRIGGERS)] == []
    said = {c.value for c in cells if c.parent.title == SHEET}
    assert {"'" + N.FORMULA, "'" + N.PLUS_GIFT, "'" + N.MINUS_PRIORITY, "'" + N.AT_OWNER} <= said


class _Cells(HTMLParser):
    """The text of every <td> of the section with id `section`, and the tags opened inside it."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.depth, self.cells, self.tags, self._cell = section, 0, [], [], None

    def handle_starttag(self, tag, attrs):
        if self.depth or (tag == "section" and ("id", self.section) in attrs):
            self.depth += tag == "section"
            self.tags.append(tag)
            if tag == "td":
                self._cell = []

    def handle_endtag(self, tag):
        if self.depth and tag == "section":
            self.depth -= 1
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_the_html_report_holds_the_same_sections_escaped(home):
    report = borough_report(open_snapshot(home.snapshot), N.CAMDEN, N.YEAR)
    rendered = html_report(report)
    parser = _Cells("said")
    parser.feed(rendered)
    assert N.MARKUP in parser.cells and N.MULTILINE in parser.cells  # shown exactly as typed
    assert "'" + N.FORMULA in parser.cells and "'" + N.AT_OWNER in parser.cells
    assert not [c for c in parser.cells if c.startswith(TRIGGERS) and not re.fullmatch(r"[+-][0-9.]+", c)]
    assert "b" not in parser.tags and "a" not in parser.tags  # the typed <b> and link are text, not markup
    assert html.escape(N.MARKUP, quote=False) in rendered and "<b>first</b>" not in rendered
    [(change,)] = snapshot_rows(home, """
        SELECT change FROM marts.maturity_change WHERE area_code = ? AND level = 'enabler' AND item_id = 'E02'
        AND previous_year = ? AND current_year = ?""", [N.CAMDEN, N.PREVIOUS, N.YEAR])
    assert f"{change:+.2f}" in parser.cells and WITHHELD in parser.cells
    today = re.search(r'<li class="today">([^<]+)<span class="mark">Today</span></li>', rendered)
    aim = re.search(r'<li class="aim">([^<]+)<span class="mark">Aiming for</span></li>', rendered)
    [(current, aspired)] = snapshot_rows(home, """
        SELECT current_model_name, aspired_model_name FROM marts.integration_model
        WHERE area_code = ? AND assessment_year = ? AND scope = 'overall'""", [N.CAMDEN, N.YEAR])
    assert (today.group(1), aim.group(1)) == (current, aspired)

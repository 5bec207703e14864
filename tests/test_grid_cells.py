"""Every cell of a borough's grid is accounted for: read as a score or a skip, taken as a label,
heading or summary, or refused at its cell; never dropped unsaid.

The workbooks are made here with openpyxl the way boroughs make theirs: a title, the area and
year, a heading line of names over a column of enabler names, and whatever they add beside it
(numbering, averages, formulas). openpyxl saves formulas without values, as any program that
writes workbooks does until Excel opens and saves them: exactly the case of a formula with no
saved value. Scores are compared with what the test wrote.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framework.loader import load_framework
from ingest.assessments import layout as L
from ingest.assessments.template import write_template
from ingest.core.problems import Refused
from ingest.registry import read_content

FW = load_framework()  # module level so that hypothesis strategies can draw from it
ENABLERS = FW.enablers
FIRST = 6  # the sheet row of the first enabler
NOTE = re.compile(r"(\d+) cells: (\d+) scores, (\d+) skips, (\d+) labels")


def borough_book(path: Path, people: dict[str, dict[int, object]], extra: dict[str, object] | None = None,
                 enablers: int = len(ENABLERS)) -> Path:
    """A title, the area and year, then "Enabler | name | name…" over the enablers, one column each.

    `people`: heading → {enabler index: what was typed}; `extra`: other cells by reference ("F6")."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Scores"
    sheet["A1"] = "Early years partnership self-assessment"
    sheet["A2"], sheet["B2"] = "Local authority", "Hackney"
    sheet["A3"], sheet["B3"] = "Assessment year", 2024
    sheet.cell(FIRST - 1, 1, "Enabler")
    for n, enabler in enumerate(ENABLERS[:enablers]):
        sheet.cell(FIRST + n, 1, enabler.name)
    for col, (heading, entries) in enumerate(people.items(), start=2):
        if heading:
            sheet.cell(FIRST - 1, col, heading)
        for n, value in entries.items():
            sheet.cell(FIRST + n, col, value)
    for ref, value in (extra or {}).items():
        sheet[ref] = value
    book.save(path)
    return path


def arrived(submission) -> dict[tuple[str | None, str], int | None]:
    """(participant label, enabler id) → score, for every score record read."""
    labels = {p.participant_id: p.label for p in submission.participants}
    return {(labels[s.participant_id], s.item_id): s.score for s in submission.scores}


def written(people: dict[str, dict[int, object]]) -> dict[tuple[str, str], int | None]:
    """What must arrive: every enabler of every participant, blank as skipped."""
    return {(name, e.id): (int(v) if isinstance(v := entries.get(n), (int, float)) else None)
            for name, entries in people.items() for n, e in enumerate(ENABLERS)}


def refusal(path: Path) -> set[tuple[str, str]]:
    with pytest.raises(Refused) as refused:
        read_content(path, FW)
    return {(p.location, p.reason) for p in refused.value.problems}


def full(offset: int) -> dict[int, object]:
    return {n: (n + offset) % 5 + 1 for n in range(len(ENABLERS))}


# --- people whose entries look like something else -------------------------------------------------


def test_a_participant_whose_entries_equal_the_items_numbers_is_read(tmp_path):
    people = {"AB": full(0), "Participant 7": {1: 2, 4: 5}, "Tower Hamlets Health": {1: 2, 2: 3, 4: 5}}

    submission = read_content(borough_book(tmp_path / "numbers.xlsx", people), FW)

    assert arrived(submission) == written(people)
    assert [p.label for p in submission.participants] == list(people)


def test_names_that_look_like_summary_words_are_participants_when_they_summarise_nothing(tmp_path):
    people = {"AB": full(0), "CD": full(2), "SD": {n: 1 for n in range(len(ENABLERS))}, "Max": full(4)}

    submission = read_content(borough_book(tmp_path / "initials.xlsx", people), FW)

    assert arrived(submission) == written(people)
    assert "'Scores'!D5 'SD' read as a participant: whole scores that summarise no one else's" in submission.notes
    assert "'Scores'!E5 'Max' read as a participant: whole scores that summarise no one else's" in submission.notes


def test_summaries_are_not_participants_whether_fractions_whole_or_formulas(tmp_path):
    people = {"AB": full(0), "CD": full(1)}
    mean = {n: max(a, b) for n, (a, b) in enumerate(zip(full(0).values(), full(1).values()))}  # rounded up
    average = {n: (a + b) / 2 for n, (a, b) in enumerate(zip(full(0).values(), full(1).values()))}
    extra = {"D5": "Mean", "E5": "Average", "F5": "Total",
             **{f"D{FIRST + n}": v for n, v in mean.items()}, **{f"E{FIRST + n}": v for n, v in average.items()},
             **{f"F{FIRST + n}": f"=SUM(B{FIRST + n}:C{FIRST + n})" for n in range(len(ENABLERS))}}

    submission = read_content(borough_book(tmp_path / "summaries.xlsx", people, extra), FW)

    assert arrived(submission) == written(people)
    assert any(n.startswith("'Scores'!D5 'Mean' read as a summary") for n in submission.notes)
    cells = 5 + 6 + 12 * 6  # title, area and year; six headings; six columns down the enablers
    assert f"{cells} cells: 24 scores, 0 skips, {cells - 24} labels" in submission.notes


def test_numbering_columns_are_labels_when_headed_or_when_they_cannot_be_scores(tmp_path):
    numbers = {n: n + 1 for n in range(len(ENABLERS))}
    people = {"No": numbers, "": numbers, "AB": full(0), "CD": {0: "N/A", 3: "-", 5: 4}}

    submission = read_content(borough_book(tmp_path / "numbered.xlsx", people), FW)

    assert arrived(submission) == written({"AB": full(0), "CD": {5: 4}})
    assert NOTE.search(submission.notes[0]).groups()[1:3] == ("13", "2")


def test_an_unheaded_column_of_numbers_that_could_be_scores_is_refused(tmp_path):
    people = {"": {n: n + 1 for n in range(5)}, "AB": {n: 3 for n in range(5)}}

    assert refusal(borough_book(tmp_path / "unsure.xlsx", people, enablers=5)) == {(
        "'Scores'!B6", ("an unheaded line holding each item's own number, which could also be scores: head it 'No' "
        "if it numbers the items, or with the participant's name if they are scores"))}


def test_a_numbering_heading_over_scores_that_are_no_numbering_is_refused(tmp_path):
    people = {"NO": full(3), "AB": full(0)}

    [(location, reason)] = refusal(borough_book(tmp_path / "no.xlsx", people))

    assert location == "'Scores'!B5"
    assert reason.startswith("'NO' heads scores that are not the items' numbers")


def test_a_lone_summary_word_over_whole_scores_is_refused_as_unsure(tmp_path):
    [(location, reason)] = refusal(borough_book(tmp_path / "mean.xlsx", {"Mean": full(0)}))

    assert location == "'Scores'!B5"
    assert reason.startswith("'Mean' heads whole scores with no one else's beside them to summarise")


# --- formulas ------------------------------------------------------------------------------------


def test_a_formula_with_no_saved_value_in_a_score_cell_is_refused_naming_it(tmp_path):
    people = {"AB": full(0), "CD": full(1), "EF": {**full(2), 1: "=AVERAGE(B7:C7)"}}
    extra = {"F9": "=ROUND(AVERAGE(B9:D9),0)"}  # an unheaded column beyond every saved value

    assert refusal(borough_book(tmp_path / "formula.xlsx", people, extra)) == {
        ("'Scores'!D7", ("a formula with no saved value (=AVERAGE(B7:C7)); open the file in Excel and save it, "
                        "or type the value")),
        ("'Scores'!F9", ("a formula with no saved value (=ROUND(AVERAGE(B9:D9),0)); open the file in Excel and "
                        "save it, or type the value")),
    }


def saved_by_excel(path: Path, value: str) -> Path:
    """The workbook as Excel saves it: each formula with its value beside it."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = re.sub(rb"(<f>[^<]*</f>)<v\s*/>", rb"\1<v>" + value.encode() + rb"</v>", parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def test_a_formula_with_a_saved_value_reads_its_value(tmp_path):
    people = {"AB": full(0), "CD": {**full(1), 1: "=B7"}}
    path = saved_by_excel(borough_book(tmp_path / "saved.xlsx", people), "4")

    submission = read_content(path, FW)

    assert arrived(submission)[("CD", ENABLERS[1].id)] == 4
    assert arrived(submission)[("AB", ENABLERS[0].id)] == full(0)[0]


def test_the_template_refuses_a_formula_with_no_saved_value(tmp_path):
    path = write_template(tmp_path / "template.xlsx", FW)
    book = openpyxl.load_workbook(path)
    book[L.ABOUT_SHEET].cell(L.AREA_ROW, L.ABOUT_VALUE_COL, "Hackney")
    book[L.ABOUT_SHEET].cell(L.YEAR_ROW, L.ABOUT_VALUE_COL, 2024)
    scores = book[L.ENABLER_SHEET.name]
    first = L.ENABLER_SHEET.first_participant_column
    for n in range(len(ENABLERS)):
        scores.cell(L.FIRST_ITEM_ROW + n, first, 3)
    scores.cell(L.FIRST_ITEM_ROW + 2, first + 1, "=AVERAGE(E9:E10)")
    book.save(path)

    letter = openpyxl.utils.get_column_letter(first + 1)
    assert refusal(path) == {(f"'{L.ENABLER_SHEET.name}'!{letter}{L.FIRST_ITEM_ROW + 2}",
                              ("a formula with no saved value (=AVERAGE(E9:E10)); open the file in Excel and save "
                              "it, or type the value"))}


# --- copies --------------------------------------------------------------------------------------


def test_a_participant_pasted_twice_is_refused_naming_both_columns(tmp_path):
    book = borough_book(tmp_path / "copied.xlsx", {"AB": full(0), "CD": full(1)},
                        {"D5": "AB", **{f"D{FIRST + n}": v for n, v in full(0).items()}})

    assert refusal(book) == {("'Scores'!D5", ("'AB' has the same heading and the same entries as B5: a line "
                                             "copied twice? Delete one, or name the two participants apart"))}


def test_two_people_of_one_name_with_their_own_scores_are_both_read(tmp_path):
    book = borough_book(tmp_path / "namesakes.xlsx", {"AB": full(0), "CD": full(1)},
                        {"D5": "AB", **{f"D{FIRST + n}": v for n, v in full(2).items()}})

    submission = read_content(book, FW)

    assert [p.label for p in submission.participants] == ["AB", "CD", "AB"]
    assert len(submission.scores) == 3 * len(ENABLERS)


# --- every cell, for any grid ----------------------------------------------------------------------

ENTRIES = {
    "score": [1, 2, 3, 4, 5, 1.0, "3", " 4 ", "5.0", "2 - Some descriptors in place"],
    "skip": ["N/A", "n/a", "-", "skip", "Don't know", "dk"],
    "bad": [0, 6, 4.5, "three", "3/4", "x"],
}
NAMES = ["AB", "Jo Smith", "Participant 7", "Health visiting", "P3", "Dr K. Osei"]
Drawn = dict[str, dict[int, tuple[str, object]]]  # heading → enabler index → (kind, what was typed)


@st.composite
def grids(draw) -> Drawn:
    """Up to four named participants, each entry a score, a skip, a blank or (sometimes) no score at all."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    kinds = ["score", "score", "score", "skip", "blank", "blank"] + ["bad"] * draw(st.integers(0, 1))
    people: Drawn = {}
    for name in names:
        people[name] = {}
        for n in range(len(ENABLERS)):
            kind = draw(st.sampled_from(kinds))
            if kind != "blank":
                people[name][n] = (kind, draw(st.sampled_from(ENTRIES[kind])))
    return people


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grids())
def test_cells_are_scores_skips_labels_or_refused(tmp_path, drawn):
    path = borough_book(tmp_path / "grid.xlsx", {name: {n: v for n, (_, v) in e.items()} for name, e in drawn.items()})
    kinds = {f"'Scores'!{openpyxl.utils.get_column_letter(col)}{FIRST + n}": kind
             for col, entries in enumerate(drawn.values(), start=2) for n, (kind, _) in entries.items()}
    bad = {ref for ref, kind in kinds.items() if kind == "bad"}
    scored = [name for name, entries in drawn.items() if any(kind != "skip" for kind, _ in entries.values())]
    if bad or not scored:
        with pytest.raises(Refused) as refused:
            read_content(path, FW)
        assert {p.location for p in refused.value.problems} == (bad or {"file"})
        return

    submission = read_content(path, FW)

    scores = sum(1 for kind in kinds.values() if kind == "score")
    skips = sum(1 for kind in kinds.values() if kind == "skip")
    labels = 5 + 1 + len(ENABLERS) + len(drawn)  # title, area, year; "Enabler"; the enablers; the names
    assert submission.notes[0] == f"{scores + skips + labels} cells: {scores} scores, {skips} skips, {labels} labels"
    assert sum(1 for s in submission.scores if s.score is not None) == scores
    assert [p.label for p in submission.participants] == scored

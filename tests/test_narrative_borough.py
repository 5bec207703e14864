"""Narrative sections in boroughs' own workbooks (the grid reader with
ingest.assessments.narrative_reader): sheets and blocks headed "Challenges", "Spectrum",
"Action plan", "Reflections"…, written here the way a borough would, with short names, marks
under headings, numbered lists, footnotes and stray remarks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from framework import load_framework
from ingest.assessments.grid_reader import GridWorkbookReader
from ingest.core.book import Book
from ingest.core.submission import Submission


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def scores_sheet(fw) -> list[list[object]]:
    """A borough's own grid: a title, the enablers by name, three people."""
    rows: list[list[object]] = [["Camden early years partnership — self-evaluation 2024"], [],
                                ["Enabler", "Health visiting", "Early help", "Nursery"]]
    rows += [[e.name, (n % 5) + 1, ((n + 2) % 5) + 1, None if n == 4 else 3] for n, e in enumerate(fw.enablers)]
    return rows


def write(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def read(path: Path, fw) -> Submission:
    with Book(path) as book:
        return GridWorkbookReader(fw).read(book)


def challenge_id(fw, short: str) -> str:
    return next(c.id for c in fw.challenges if short in c.short_names)


def test_a_challenges_sheet_with_short_names_and_answers_beside_them(fw, tmp_path):
    path = write(tmp_path / "camden.xlsx", {"Scores": scores_sheet(fw), "Challenges": [
        ["Challenges we discussed"],
        ["Challenge", "In play?", "What we can change"],
        ["Capacity", "Yes", "more health visitors"],
        ["Technical", "partly"],
        ["Culture", "No"],
        ["levels", "maybe", "footprints differ"],
        [],
        ["* agreed at the March board"],
        [None, None, None, "ask Sam"],
    ]})
    submission = read(path, fw)

    assert {(c.challenge_id, c.status, c.status_text, c.within_gift) for c in submission.challenges} == {
        (challenge_id(fw, "capacity"), "in_play", "Yes", "more health visitors"),
        (challenge_id(fw, "technical"), "partly", "partly", None),
        (challenge_id(fw, "culture"), "not_in_play", "No", None),
        (challenge_id(fw, "levels"), None, "maybe", "footprints differ"),
    }
    capacity = next(c for c in submission.challenges if c.challenge_id == challenge_id(fw, "capacity"))
    assert capacity.location == "'Challenges'!B3"
    assert {(n.location, n.text) for n in submission.unplaced} == {
        ("'Challenges'!A8", "* agreed at the March board"), ("'Challenges'!D9", "ask Sam"),
    }
    assert any("'maybe'" in note for note in submission.notes)
    assert len(submission.scores) == 3 * len(fw.enablers)  # the sheet is not taken for a grid


def test_models_as_column_headings_with_a_mark_under_one(fw, tmp_path):
    path = write(tmp_path / "camden.xlsx", {"Scores": scores_sheet(fw), "Spectrum": [
        ["Where are we on the spectrum of integration?"],
        [None, "Coalition", "Co-ordinated", "Unified"],
        ["Where we are now", None, "X", None],
        ["Where we want to be", None, None, "x"],
        [fw.themes[1].name + " - now", "✓", None, None],
    ]})
    submission = read(path, fw)

    assert {(m.scope, m.current_model, m.aspired_model) for m in submission.models} == {
        ("overall", "coordinated", "unified"), (fw.themes[1].id, "coalition", None),
    }
    overall = next(m for m in submission.models if m.scope == "overall")
    assert (overall.current_text, overall.location) == ("Coordinated models", "'Spectrum'!C3")
    assert submission.unplaced == ()  # the title line is a label


def test_models_as_a_table_of_scopes(fw, tmp_path):
    path = write(tmp_path / "camden.xlsx", {"Scores": scores_sheet(fw), "Integration model": [
        ["Area", "Today", "Aiming for"],
        ["Overall", "coalition", "co-ordinated model"],
        [fw.themes[2].name, "Coordinated", "unified"],
        ["Theme 1", "not sure", None],
    ]})
    submission = read(path, fw)

    assert {(m.scope, m.current_model, m.aspired_model, m.current_text) for m in submission.models} == {
        ("overall", "coalition", "coordinated", "coalition"),
        (fw.themes[2].id, "coordinated", "unified", "Coordinated"),
        (fw.themes[0].id, None, None, "not sure"),
    }
    assert submission.unplaced == ()


def test_priorities_as_a_numbered_list_with_enablers_at_the_end(fw, tmp_path):
    path = write(tmp_path / "camden.xlsx", {"Scores": scores_sheet(fw), "Action plan": [
        ["Our priorities for the next year"],
        ["1. Joint data dashboard (E3, E7)"],
        ["2) Shared induction for new staff (Info sharing)"],
        ["3", "Parent panel", "Head of Early Help", "March 2026"],
        ["see the board paper"],
        [],
        ["* owners to be confirmed"],
    ]})
    submission = read(path, fw)

    assert [(p.priority_no, p.text, p.enabler_ids, p.enablers_text) for p in submission.priorities] == [
        (1, "Joint data dashboard", ("E03", "E07"), "E3, E7"),
        (2, "Shared induction for new staff", ("E09",), "Info sharing"),
        (3, "Parent panel", (), None),
    ]
    assert {(n.location, n.text) for n in submission.unplaced} >= {
        ("'Action plan'!A5", "see the board paper"), ("'Action plan'!A7", "* owners to be confirmed"),
    }
    assert len(submission.unplaced) == 4  # the heading's own row is a label; the owner and date cells are kept
    assert {n.text for n in submission.unplaced} >= {"Head of Early Help", "March 2026"}


def test_an_unnumbered_list_of_priorities_keeps_its_first_line(fw, tmp_path):
    path = write(tmp_path / "camden.xlsx", {"Scores": scores_sheet(fw), "Next steps": [
        ["Joint data dashboard"], ["Parent panel (E11)"], ["Family hub pilots"],
    ]})
    submission = read(path, fw)

    assert [(p.text, p.enabler_ids) for p in submission.priorities] == [
        ("Joint data dashboard", ()), ("Parent panel", ("E11",)), ("Family hub pilots", ()),
    ]


def test_priorities_as_a_table_with_headed_columns(fw, tmp_path):
    path = write(tmp_path / "camden.xlsx", {"Scores": scores_sheet(fw), "Priorities": [
        ["Priority", "Enabler(s)", "Lead", "By when"],
        ["Joint data dashboard", "E3 & E9", "Head of Early Help", "31/03/2026"],
        ["Shared induction", "Shared vision; Data", "HR business partner", date(2026, 9, 30)],
        ["Family hub pilots", 7, None, "next spring"],
    ]})
    submission = read(path, fw)

    assert [(p.text, p.enabler_ids, p.enablers_text, p.owner_role, p.review_date, p.review_date_text)
            for p in submission.priorities] == [
        ("Joint data dashboard", ("E03", "E09"), "E3 & E9", "Head of Early Help", date(2026, 3, 31), "31/03/2026"),
        ("Shared induction", (), "Shared vision; Data", "HR business partner", date(2026, 9, 30), "2026-09-30"),
        ("Family hub pilots", ("E07",), "7", None, None, "next spring"),
    ]
    [said] = submission.notes[-1:]
    assert "'Shared vision'" in said and "'Data'" in said and "'next spring'" in said


def test_a_reflections_block_below_the_scores(fw, tmp_path):
    rows = scores_sheet(fw) + [[], [], ["Reflections"],
                               [fw.themes[0].name, "More joint commissioning"],
                               [fw.enablers[8].name, "The data-sharing agreement is signed"],
                               ["Thanks to everyone who came"]]
    path = write(tmp_path / "camden.xlsx", {"Scores": rows})
    submission = read(path, fw)

    assert {(r.level, r.item_id, r.kind, r.text) for r in submission.reflections} == {
        ("theme", fw.themes[0].id, "reflection", "More joint commissioning"),
        ("enabler", fw.enablers[8].id, "evidence", "The data-sharing agreement is signed"),
    }
    assert [n.text for n in submission.unplaced] == ["Thanks to everyone who came"]
    assert len(submission.scores) == 3 * len(fw.enablers)


def test_a_workbook_without_narrative_reads_as_before(fw, tmp_path):
    plain = read(write(tmp_path / "plain.xlsx", {"Scores": scores_sheet(fw)}), fw)
    with_sheets = read(write(tmp_path / "more.xlsx", {"Scores": scores_sheet(fw), "Challenges": [
        ["Capacity", "Yes"]]}), fw)

    assert (plain.reflections, plain.challenges, plain.models, plain.priorities, plain.unplaced) == ((),) * 5
    assert plain.scores == tuple(s for s in with_sheets.scores)
    assert plain.participants == with_sheets.participants
    assert plain.notes == with_sheets.notes
    assert len(with_sheets.challenges) == 1


def test_a_reflections_sheet_with_ids_names_and_a_label_left_blank(fw, tmp_path):
    e9, e1, theme = fw.enablers[8], fw.enablers[0], fw.themes[2]
    path = write(tmp_path / "camden.xlsx", {"Scores": scores_sheet(fw), "What is working well": [
        ["Enabler", "Name", "Evidence"],
        [e9.id, e9.name, "DSA signed in May"],
        [e1.id, e1.name],
        [theme.name, "Families are not yet partners"],
        [e9.id, e9.name, "The hub shares one record"],
    ]})
    submission = read(path, fw)

    assert {(r.level, r.item_id, r.kind, r.text, r.location) for r in submission.reflections} == {
        ("enabler", e9.id, "evidence", "DSA signed in May\n\nThe hub shares one record", "'What is working well'!C2"),
        ("theme", theme.id, "reflection", "Families are not yet partners", "'What is working well'!B4"),
    }
    assert submission.unplaced == ()

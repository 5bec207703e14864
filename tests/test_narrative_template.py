"""The Excel tool's optional narrative sheets: written by the template writer, read back by the
template reader (ingest.assessments.narrative_reader), with free text where a drop-down was
offered, notes beside the tables, and workbooks without the sheets reading exactly as before."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from framework import load_framework
from ingest.assessments import layout as L
from ingest.assessments.model import Narrative, ParticipantEntry, PriorityEntry, WorkbookContent
from ingest.assessments.narrative_template import EVIDENCE_PROMPT, REFLECTION_PROMPT
from ingest.assessments.template import write_template
from ingest.assessments.template_reader import TemplateWorkbookReader
from ingest.core.book import Book
from ingest.core.submission import Submission


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def narrative(fw) -> Narrative:
    themes, enablers = [t.id for t in fw.themes], [e.id for e in fw.enablers]
    challenges, statuses = [c.id for c in fw.challenges], [s.id for s in fw.challenge_statuses]
    models = [m.id for m in fw.integration_models]
    return Narrative(
        reflections={themes[0]: "Joint commissioning is still missing.\nNext: agree a single plan.",
                     themes[2]: "=SUM(A1) is how one partner wrote it"},
        evidence={enablers[0]: "Board minutes, every quarter", enablers[8]: "Data-sharing agreement signed in May"},
        challenges={challenges[0]: (statuses[0], "Agree local rules"), challenges[1]: (statuses[1], None),
                    challenges[4]: (statuses[2], None), challenges[5]: (None, "Talk to the ICB about it")},
        models={"overall": (models[0], models[1]), themes[1]: (models[1], models[2]), themes[2]: (None, models[2])},
        priorities=(
            PriorityEntry("A joint data dashboard", (enablers[2], enablers[8]), "Head of Early Help", date(2026, 3, 31)),
            PriorityEntry("Shared induction for new staff", (enablers[5],), "Family Hubs manager"),
            PriorityEntry("Parent panel", ()),
        ),
    )


def content(fw, with_narrative: Narrative | None = None, synthetic: bool = False) -> WorkbookContent:
    scores = {e.id: (n % 5) + 1 for n, e in enumerate(fw.enablers)}
    return WorkbookContent("Camden", 2024, None, synthetic,
                           (ParticipantEntry("AB", fw.sectors[0], fw.role_levels[0], scores),
                            ParticipantEntry("CD", fw.sectors[1], fw.role_levels[1], scores)),
                           with_narrative)


def read(path: Path, fw) -> Submission:
    with Book(path) as book:
        return TemplateWorkbookReader(fw).read(book)


def edit(path: Path, sheet: str, cells: dict[str, object]) -> None:
    workbook = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        workbook[sheet][ref] = value
    workbook.save(path)


def test_every_section_comes_back_as_written(fw, tmp_path):
    given = narrative(fw)
    submission = read(write_template(tmp_path / "tool.xlsx", fw, content(fw, given)), fw)

    assert {(r.level, r.item_id, r.kind): r.text for r in submission.reflections} == {
        **{("theme", t, "reflection"): text for t, text in given.reflections.items()},
        **{("enabler", e, "evidence"): text for e, text in given.evidence.items()},
    }
    labels = {s.id: s.label for s in fw.challenge_statuses}
    assert {(c.challenge_id, c.status, c.status_text, c.within_gift) for c in submission.challenges} == {
        (cid, status, labels.get(status), gift) for cid, (status, gift) in given.challenges.items()
    }
    names = {m.id: m.name for m in fw.integration_models}
    assert {(m.scope, m.current_model, m.aspired_model, m.current_text, m.aspired_text)
            for m in submission.models} == {
        (scope, now, aim, names.get(now), names.get(aim)) for scope, (now, aim) in given.models.items()
    }
    assert [(p.priority_no, p.text, p.enabler_ids, p.owner_role, p.review_date) for p in submission.priorities] == [
        (n, p.text, p.enabler_ids, p.owner_role, p.review_date) for n, p in enumerate(given.priorities, start=1)
    ]
    assert submission.unplaced == () and submission.notes == ()
    assert all(r.location.startswith(f"'{L.REFLECTIONS_SHEET}'!") for r in submission.reflections)
    assert submission.priorities[0].location == f"'{L.PRIORITIES_SHEET}'!B{L.NARRATIVE_FIRST_ROW}"


def test_a_blank_tool_has_the_sections_marked_optional_with_drop_downs(fw, tmp_path):
    workbook = openpyxl.load_workbook(write_template(tmp_path / "blank.xlsx", fw))
    position = workbook.sheetnames.index
    assert position(L.SCALE_SHEET) < position(L.REFLECTIONS_SHEET) < position(L.CHALLENGES_SHEET) \
        < position(L.MODELS_SHEET) < position(L.PRIORITIES_SHEET)
    for name in L.NARRATIVE_SHEETS:
        assert L.OPTIONAL in workbook[name].cell(L.TITLE_ROW, 1).value
    reflections = workbook[L.REFLECTIONS_SHEET]
    prompts = [reflections.cell(r, L.REFLECTION_PROMPT_COL).value for r in range(L.NARRATIVE_FIRST_ROW, 6 + 15)]
    assert prompts.count(REFLECTION_PROMPT) == len(fw.themes) and prompts.count(EVIDENCE_PROMPT) == len(fw.enablers)
    lists = workbook[L.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    column = [lists.cell(r, L.STATUS_LIST_COL).value for r in range(L.LIST_FIRST_ROW, L.LIST_FIRST_ROW + 3)]
    assert column == [s.label for s in fw.challenge_statuses]
    validations = {str(v.sqref): v for v in workbook[L.CHALLENGES_SHEET].data_validations.dataValidation}
    status = validations[f"C{L.NARRATIVE_FIRST_ROW}:C{L.NARRATIVE_FIRST_ROW + len(fw.challenges) - 1}"]
    assert status.type == "list" and status.errorStyle == "warning"  # free text is warned about, not refused
    dates = [v for v in workbook[L.PRIORITIES_SHEET].data_validations.dataValidation if v.type == "date"]
    assert len(dates) == 1


def test_the_sections_of_a_synthetic_workbook_carry_the_banner(fw, tmp_path):
    workbook = openpyxl.load_workbook(write_template(tmp_path / "s.xlsx", fw, content(fw, narrative(fw), True)))
    assert all(workbook[name].cell(L.BANNER_ROW, 1).value == L.SYNTHETIC_BANNER for name in L.NARRATIVE_SHEETS)


def test_content_the_sheets_cannot_hold_is_refused_by_the_writer(fw, tmp_path):
    too_many = Narrative(priorities=tuple(PriorityEntry(f"p{n}") for n in range(L.PRIORITY_COUNT + 1)))
    with pytest.raises(ValueError, match="priorities"):
        write_template(tmp_path / "x.xlsx", fw, content(fw, too_many))
    with pytest.raises(ValueError, match="not in the framework"):
        write_template(tmp_path / "x.xlsx", fw, content(fw, Narrative(challenges={"weather": ("in_play", None)})))


def test_blank_sections_give_no_records_and_the_scores_are_unchanged(fw, tmp_path):
    with_sheets = read(write_template(tmp_path / "blank.xlsx", fw, content(fw)), fw)
    workbook = openpyxl.load_workbook(tmp_path / "blank.xlsx")
    for name in L.NARRATIVE_SHEETS:  # a workbook from before the sections existed
        del workbook[name]
    workbook.save(tmp_path / "old.xlsx")
    without = read(tmp_path / "old.xlsx", fw)
    filled = read(write_template(tmp_path / "filled.xlsx", fw, content(fw, narrative(fw))), fw)

    for submission in (with_sheets, without):
        assert (submission.reflections, submission.challenges, submission.models, submission.priorities,
                submission.unplaced, submission.notes) == ((), (), (), (), (), ())
    assert without.scores == with_sheets.scores == filled.scores
    assert without.participants == with_sheets.participants == filled.participants


def test_free_text_in_drop_down_cells_is_placed_or_kept_as_written(fw, tmp_path):
    path = write_template(tmp_path / "tool.xlsx", fw, content(fw))
    first = L.NARRATIVE_FIRST_ROW
    edit(path, L.CHALLENGES_SHEET, {f"C{first}": "yes - major issue", f"C{first + 1}": "maybe",
                                    f"C{first + 2}": "Partly", f"D{first + 2}": "joint training"})
    edit(path, L.MODELS_SHEET, {f"B{first}": "co-ordinated", f"C{first}": "somewhere between the two",
                                f"B{first + 1}": "Unified model"})
    edit(path, L.PRIORITIES_SHEET, {f"B{first}": "Data dashboard", f"C{first}": "E3, E9", f"D{first}": "Data",
                                    f"G{first}": "March 2026", f"B{first + 1}": "Joint visits",
                                    f"G{first + 1}": "after the election", f"B{first + 2}": "Parent panel",
                                    f"G{first + 2}": datetime(2026, 6, 30)})
    submission = read(path, fw)

    challenges = {c.challenge_id: (c.status, c.status_text, c.within_gift) for c in submission.challenges}
    ids = [c.id for c in fw.challenges]
    assert challenges == {ids[0]: ("in_play", "yes - major issue", None), ids[1]: (None, "maybe", None),
                          ids[2]: ("partly", "Partly", "joint training")}
    models = {m.scope: (m.current_model, m.aspired_model, m.current_text, m.aspired_text) for m in submission.models}
    assert models == {"overall": ("coordinated", None, "co-ordinated", "somewhere between the two"),
                      fw.themes[0].id: ("unified", None, "Unified model", None)}
    first_priority, second, third = submission.priorities
    assert (first_priority.enabler_ids, first_priority.enablers_text) == (("E03", "E09"), "E3, E9; Data")
    assert first_priority.review_date == date(2026, 3, 31)
    assert (second.review_date, second.review_date_text) == (None, "after the election")
    assert third.review_date == date(2026, 6, 30)
    [said] = submission.notes
    for kept in ("'maybe'", "'somewhere between the two'", "'Data'", "'after the election'"):
        assert kept in said
    assert "yes - major issue" not in said and submission.unplaced == ()


def test_notes_beside_the_tables_are_kept_as_unplaced_notes(fw, tmp_path):
    path = write_template(tmp_path / "tool.xlsx", fw, content(fw, narrative(fw)))
    first = L.NARRATIVE_FIRST_ROW
    below = first + len(fw.challenges) + 1
    edit(path, L.CHALLENGES_SHEET, {f"A{below}": "* discussed at the March board", f"F{first}": "ask Sam"})
    edit(path, L.PRIORITIES_SHEET, {f"C{first + 4}": "E05", f"A{first + 10}": "Owners agreed on the day"})
    edit(path, L.REFLECTIONS_SHEET, {f"A{first + 20}": "Reflections were written up afterwards"})
    submission = read(path, fw)

    notes = {(n.location, n.text) for n in submission.unplaced}
    assert notes == {
        (f"'{L.CHALLENGES_SHEET}'!A{below}", "* discussed at the March board"),
        (f"'{L.CHALLENGES_SHEET}'!F{first}", "ask Sam"),
        (f"'{L.PRIORITIES_SHEET}'!B{first + 4}", "E05"),
        (f"'{L.PRIORITIES_SHEET}'!A{first + 10}", "Owners agreed on the day"),
        (f"'{L.REFLECTIONS_SHEET}'!A{first + 20}", "Reflections were written up afterwards"),
    }
    assert len(submission.priorities) == len(narrative(fw).priorities)  # a priority with no text is not one
    assert any("5 unplaced note(s)" in note for note in submission.notes)


def test_sorted_rows_are_read_by_what_they_name(fw, tmp_path):
    path = write_template(tmp_path / "tool.xlsx", fw, content(fw, narrative(fw)))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[L.CHALLENGES_SHEET]
    first, last = L.NARRATIVE_FIRST_ROW, L.NARRATIVE_FIRST_ROW + len(fw.challenges) - 1
    rows = [[sheet.cell(r, c).value for c in range(1, 5)] for r in range(first, last + 1)]
    for offset, values in enumerate(reversed(rows)):
        for col, value in enumerate(values, start=1):
            sheet.cell(first + offset, col).value = value
    sheet.cell(first, 1, "Competing priorities")  # the last challenge, retyped without its capitals
    workbook.save(path)

    before = read(write_template(tmp_path / "same.xlsx", fw, content(fw, narrative(fw))), fw)
    after = read(path, fw)
    assert {(c.challenge_id, c.status, c.within_gift) for c in after.challenges} == {
        (c.challenge_id, c.status, c.within_gift) for c in before.challenges
    }


def test_text_above_a_table_or_beside_its_headings_is_kept(fw, tmp_path):
    path = write_template(tmp_path / "tool.xlsx", fw, content(fw))
    edit(path, L.PRIORITIES_SHEET, {f"B{L.NARRATIVE_HEADER_ROW - 1}": "Agreed at the away day",
                                    f"J{L.NARRATIVE_HEADER_ROW}": "Budget"})
    submission = read(path, fw)

    assert {(n.location, n.text, n.reason) for n in submission.unplaced} == {
        (f"'{L.PRIORITIES_SHEET}'!B{L.NARRATIVE_HEADER_ROW - 1}", "Agreed at the away day", "above the table"),
        (f"'{L.PRIORITIES_SHEET}'!J{L.NARRATIVE_HEADER_ROW}", "Budget", "above the table"),
    }

"""The paper transcription workbook's optional narrative sheets (issue #14): written, read into the
records every reader gives, compared between two typings after closing up spacing, settled by a
resolution workbook, and loaded with the merged double entry."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from framework import load_framework
from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.model import Narrative, ParticipantEntry, PriorityEntry
from ingest.core.identify import identify
from ingest.core.problems import Refused
from ingest.core.submission import Submission
from ingest.paper import layout as P
from ingest.paper.disagreements import open_disagreements, write_resolution_template
from ingest.paper.double_entry import Settlement, settle
from ingest.paper.template import PaperForm, TranscriptionContent, write_paper_template
from ingest.registry import read_content
from ingest.tables import ensure_tables
from pipelines.cli import main

CAMDEN = "E09000007"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture
def con(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as connection:
        ensure_tables(connection)
        yield connection


def agreed(fw: Framework) -> Narrative:
    """What a partnership agreed: some of every section, most left blank, as on a real form."""
    themes, enablers = [t.id for t in fw.themes], [e.id for e in fw.enablers]
    challenges, statuses = [c.id for c in fw.challenges], [s.id for s in fw.challenge_statuses]
    models = [m.id for m in fw.integration_models]
    return Narrative(
        reflections={themes[0]: "Joint commissioning has stalled.\nIt needs a named lead.",
                     themes[2]: "Data-sharing agreements across the ICB"},
        evidence={enablers[0]: "The board meets monthly; minutes are published", enablers[8]: "Shared record pilot"},
        challenges={challenges[0]: (statuses[0], "Agree one data-sharing protocol"), challenges[1]: (statuses[1], None),
                    challenges[4]: (statuses[2], "Joint induction for new staff")},
        models={P.OVERALL: (models[0], models[1]), themes[1]: (models[1], models[2])},
        priorities=(
            PriorityEntry("A single front door for families", (enablers[6], enablers[7]), "Head of Early Help",
                          date(2026, 3, 31)),
            PriorityEntry("Publish a shared outcomes framework", (enablers[2],), "ICB children's lead"),
            PriorityEntry("Induction for family hub staff"),
        ),
    )


def content(fw: Framework, entry: str, transcriber: str, narrative: Narrative | None) -> TranscriptionContent:
    scores = {e.id: (n % 5) + 1 for n, e in enumerate(fw.enablers)}
    forms = (PaperForm("F01", ParticipantEntry("AB", fw.sectors[0], fw.role_levels[0], scores)),
             PaperForm("F02", ParticipantEntry("CD", fw.sectors[1], fw.role_levels[1], scores)))
    return TranscriptionContent("Camden", 2024, None, transcriber, entry, forms, narrative=narrative)


def write(tmp_path: Path, fw: Framework, name: str, entry: str, transcriber: str,
          narrative: Narrative | None) -> Path:
    return write_paper_template(tmp_path / name, fw, content(fw, entry, transcriber, narrative))


def cell(path: Path, sheet: P.NarrativeSheet, row_id: str, field: str) -> str:
    """The cell of a row's field, found by the ID in column A as a typist would find it."""
    rows = openpyxl.load_workbook(path)[sheet.name]
    row = next(r for r in range(P.FIRST_FORM_ROW, rows.max_row + 1) if str(rows.cell(r, 1).value) == row_id)
    return f"{openpyxl.utils.get_column_letter(sheet.column_of(field))}{row}"


def edit(path: Path, sheet: str, values: dict[str, object]) -> Path:
    workbook = openpyxl.load_workbook(path)
    for ref, value in values.items():
        workbook[sheet][ref] = value
    workbook.save(path)
    return path


def enter(con, fw: Framework, path: Path) -> Settlement:
    submission = read_content(path, fw)
    identity = identify(submission, path.name, fw)
    return settle(con, submission, identity, hashlib.sha256(path.read_bytes()).hexdigest(), path.name, fw)


def expected(narrative: Narrative) -> dict[str, set[tuple]]:
    """The records a narrative should read back as, from the writer's own input."""
    return {
        "reflections": {("theme", k, "reflection", v) for k, v in narrative.reflections.items()}
        | {("enabler", k, "evidence", v) for k, v in narrative.evidence.items()},
        "challenges": {(k, status, gift) for k, (status, gift) in narrative.challenges.items()},
        "models": {(k, current, aspired) for k, (current, aspired) in narrative.models.items()},
        "priorities": {(n, p.text, p.enabler_ids, p.owner_role, p.review_date)
                       for n, p in enumerate(narrative.priorities, start=1)},
    }


def records(submission: Submission) -> dict[str, set[tuple]]:
    return {
        "reflections": {(r.level, r.item_id, r.kind, r.text) for r in submission.reflections},
        "challenges": {(c.challenge_id, c.status, c.within_gift) for c in submission.challenges},
        "models": {(m.scope, m.current_model, m.aspired_model) for m in submission.models},
        "priorities": {(p.priority_no, p.text, p.enabler_ids, p.owner_role, p.review_date)
                       for p in submission.priorities},
    }


def summary(found) -> set[tuple]:
    return {(d.form_id, d.item_id, d.first_value, d.second_value) for d in found}


def resolve(con, fw: Framework, tmp_path: Path, name: str, values: dict[str, object]) -> Path:
    """The pre-filled resolution workbook with the given narrative items settled."""
    path = write_resolution_template(con, fw, CAMDEN, 2024, None, tmp_path / name)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[P.RESOLUTIONS_SHEET]
    for row in range(P.FIRST_FORM_ROW, sheet.max_row + 1):
        if sheet.cell(row, 1).value == P.NARRATIVE_FORM and sheet.cell(row, 2).value in values:
            sheet.cell(row, len(P.RESOLUTION_COLUMNS), values[sheet.cell(row, 2).value])
    workbook[L.ABOUT_SHEET].cell(P.TRANSCRIBER_ROW, L.ABOUT_VALUE_COL, "GH")
    workbook.save(path)
    return path


def test_the_blank_workbook_has_every_section_marked_optional_with_the_framework_choices(fw, tmp_path):
    assert main(["template", "paper", str(tmp_path / "paper.xlsx")]) == 0
    workbook = openpyxl.load_workbook(tmp_path / "paper.xlsx")

    for spec in P.NARRATIVE_SHEETS:
        sheet = workbook[spec.name]
        assert "optional" in sheet.cell(L.TITLE_ROW, 1).value.casefold()
        assert [sheet.cell(P.HEADER_ROW, c).value for c in range(1, len(spec.columns) + 1)] == [
            c.heading for c in spec.columns]
    ids = {spec.name: [workbook[spec.name].cell(r, 1).value for r in range(P.FIRST_FORM_ROW,
                                                                           workbook[spec.name].max_row + 1)]
           for spec in P.NARRATIVE_SHEETS}
    assert sorted(ids[P.REFLECTIONS.name]) == sorted([t.id for t in fw.themes] + [e.id for e in fw.enablers])
    # each theme's grid ends with its reflections: the theme's row follows its enablers
    for theme in fw.themes:
        at = ids[P.REFLECTIONS.name].index(theme.id)
        assert ids[P.REFLECTIONS.name][at - len(theme.enabler_ids):at] == list(theme.enabler_ids)
    assert ids[P.CHALLENGES.name] == [c.id for c in fw.challenges]
    assert ids[P.MODELS.name] == [P.OVERALL, *(t.id for t in fw.themes)]
    assert ids[P.PRIORITIES.name] == [str(n) for n in range(1, P.MAX_PRIORITIES + 1)]
    challenge_lists = {v.formula1 for v in workbook[P.CHALLENGES.name].data_validations.dataValidation}
    assert challenge_lists == {'"' + ",".join(s.label for s in fw.challenge_statuses) + '"'}
    [model_list] = workbook[P.MODELS.name].data_validations.dataValidation
    assert model_list.formula1 == '"' + ",".join(m.name for m in fw.integration_models) + '"'
    last = P.FIRST_FORM_ROW + len(fw.themes)
    assert {str(r) for r in model_list.sqref.ranges} == {f"C{P.FIRST_FORM_ROW}:C{last}", f"D{P.FIRST_FORM_ROW}:D{last}"}


def test_a_single_entry_reads_its_narrative_into_the_records_and_loads_it(fw, con, tmp_path):
    narrative = agreed(fw)
    path = write(tmp_path, fw, "single.xlsx", "single", "JS", narrative)

    settlement = enter(con, fw, path)

    assert settlement.kind == "load"
    assert records(settlement.submission) == expected(narrative)
    assert settlement.submission.unplaced == ()
    [challenge] = [c for c in settlement.submission.challenges if c.challenge_id == fw.challenges[0].id]
    assert challenge.status_text == fw.challenge_statuses[0].label
    assert challenge.location == f"'{P.CHALLENGES.name}'!{cell(path, P.CHALLENGES, fw.challenges[0].id, 'status')}"
    [first] = [p for p in settlement.submission.priorities if p.priority_no == 1]
    assert first.enablers_text == ", ".join(narrative.priorities[0].enabler_ids)
    assert first.review_date_text == narrative.priorities[0].review_date.isoformat()


def test_what_people_type_instead_of_the_choices_is_placed_or_kept_as_a_note(fw, con, tmp_path):
    path = write(tmp_path, fw, "single.xlsx", "single", "JS", agreed(fw))
    c0, c1, c5 = fw.challenges[0].id, fw.challenges[1].id, fw.challenges[5].id
    e7, e8 = fw.enablers[6], fw.enablers[7]
    edit(path, P.CHALLENGES.name, {
        cell(path, P.CHALLENGES, c0, "status"): "Yes - a major issue",
        cell(path, P.CHALLENGES, c1, "status"): "maybe",
        cell(path, P.CHALLENGES, c5, "within_gift"): "  Ask the board\n\nfor time  ",
        "F7": "see the minutes",  # beside the section's columns
        "A20": "Funding", "D20": "Pooled budgets",  # a row of the typist's own
        f"B{cell(path, P.CHALLENGES, c1, 'status')[1:]}": fw.challenges[1].name.split()[-1].lower(),  # its short form
    })
    e2 = fw.enablers[1].id
    column = openpyxl.utils.get_column_letter([c.heading for c in P.REFLECTIONS.columns].index("Asked") + 1)
    asked = column + cell(path, P.REFLECTIONS, e2, "text")[1:]  # the question beside the text
    edit(path, P.REFLECTIONS.name, {asked: "Partnership board minutes"})  # typed over the question
    edit(path, P.PRIORITIES.name, {
        cell(path, P.PRIORITIES, "1", "enablers"): f"{e7.name} & {e8.id[0]}{int(e8.id[1:])}",  # a name & "E8"
        cell(path, P.PRIORITIES, "2", "review_date"): "end of spring",
        cell(path, P.PRIORITIES, "5", "owner"): "Director of Public Health",  # no priority written
    })

    submission = enter(con, fw, path).submission

    statuses = {c.challenge_id: (c.status, c.status_text, c.within_gift) for c in submission.challenges}
    assert statuses[c0][:2] == (fw.challenge_statuses[0].id, "Yes - a major issue")
    assert statuses[c1][:2] == (None, "maybe")
    assert statuses[c5] == (None, None, "Ask the board\n\nfor time")  # kept as written
    priorities = {p.priority_no: p for p in submission.priorities}
    assert priorities[1].enabler_ids == (e7.id, e8.id)
    assert (priorities[2].review_date, priorities[2].review_date_text) == (None, "end of spring")
    assert 5 not in priorities
    notes = {(n.location, n.text) for n in submission.unplaced}
    assert notes == {
        (f"'{P.CHALLENGES.name}'!{cell(path, P.CHALLENGES, c1, 'status')}", "maybe"),
        (f"'{P.CHALLENGES.name}'!F7", "see the minutes"),
        (f"'{P.CHALLENGES.name}'!A20", "Funding | Pooled budgets"),
        (f"'{P.REFLECTIONS.name}'!{asked}", "Partnership board minutes"),
        (f"'{P.PRIORITIES.name}'!{cell(path, P.PRIORITIES, '2', 'review_date')}", "end of spring"),
        (f"'{P.PRIORITIES.name}'!{cell(path, P.PRIORITIES, '5', 'text')}", "Owner (role): Director of Public Health"),
    }
    assert all(n.reason for n in submission.unplaced)


def test_entries_without_the_sections_read_and_pair_as_before(fw, con, tmp_path):
    first = write(tmp_path, fw, "first.xlsx", "first", "JS", None)
    second = write(tmp_path, fw, "second.xlsx", "second", "MK", None)
    workbook = openpyxl.load_workbook(second)  # a workbook made before the sections existed
    for spec in P.NARRATIVE_SHEETS:
        del workbook[spec.name]
    workbook.save(second)

    assert enter(con, fw, first).kind == "waiting"
    released = enter(con, fw, second)

    assert released.kind == "load" and released.detail == "double entry by JS and MK: all values agree"
    merged = released.submission
    assert (merged.reflections, merged.challenges, merged.models, merged.priorities, merged.unplaced) == (
        (), (), (), (), ())
    assert con.execute("select count(*) from raw.transcribed_narrative").fetchone() == (0,)


def test_a_section_typed_in_one_entry_only_differs_from_blank_in_the_other(fw, con, tmp_path):
    narrative = Narrative(challenges={fw.challenges[2].id: (fw.challenge_statuses[0].id, None)})
    second = write(tmp_path, fw, "second.xlsx", "second", "MK", narrative)
    workbook = openpyxl.load_workbook(first := write(tmp_path, fw, "first.xlsx", "first", "JS", None))
    del workbook[P.CHALLENGES.name]
    workbook.save(first)
    enter(con, fw, first)

    held = enter(con, fw, second)

    status = f"challenge:{fw.challenges[2].id}:status"
    [found] = held.disagreements
    assert (found.form_id, found.item_id, found.first_value, found.second_value, found.first_location) == (
        P.NARRATIVE_FORM, status, None, fw.challenge_statuses[0].label, None)
    assert found.second_location == f"'{P.CHALLENGES.name}'!{cell(second, P.CHALLENGES, fw.challenges[2].id, 'status')}"


def test_two_entries_that_differ_only_in_spacing_or_in_how_a_choice_is_written_agree(fw, con, tmp_path):
    narrative = agreed(fw)
    theme = fw.themes[0].id
    respaced = replace(narrative, reflections={
        **narrative.reflections, theme: "  Joint commissioning   has stalled.\n\n It needs a named lead. "})
    first = write(tmp_path, fw, "first.xlsx", "first", "JS", narrative)
    second = write(tmp_path, fw, "second.xlsx", "second", "MK", respaced)
    c0 = fw.challenges[0].id
    e7, e8 = fw.enablers[6].id, fw.enablers[7].id
    edit(second, P.CHALLENGES.name, {cell(second, P.CHALLENGES, c0, "status"): "yes"})
    edit(second, P.MODELS.name, {cell(second, P.MODELS, P.OVERALL, "aspired"): "co-ordinated"})
    edit(second, P.PRIORITIES.name, {cell(second, P.PRIORITIES, "1", "enablers"): f"{e7} and {e8}",
                                     cell(second, P.PRIORITIES, "1", "review_date"): "31/03/2026"})

    enter(con, fw, first)
    released = enter(con, fw, second)

    assert released.kind == "load", released.detail
    merged = released.submission
    assert records(merged) == expected(narrative)  # the first entry's text where both agree
    [reflection] = [r for r in merged.reflections if r.item_id == theme]
    assert reflection.location == f"'{P.REFLECTIONS.name}'!{cell(first, P.REFLECTIONS, theme, 'text')}"
    [challenge] = [c for c in merged.challenges if c.challenge_id == c0]
    assert challenge.status_text == fw.challenge_statuses[0].label
    stored = dict(con.execute("select item_id, count(*) from raw.transcribed_narrative group by item_id").fetchall())
    assert stored[f"reflection:{theme}"] == 2 and stored[f"challenge:{c0}:within_gift"] == 2


def differing(fw: Framework) -> Narrative:
    """The second typing of agreed(): one challenge's status and one priority's text differ."""
    narrative = agreed(fw)
    c1 = fw.challenges[1].id
    priorities = list(narrative.priorities)
    priorities[1] = replace(priorities[1], text="Publish a shared outcome framework")
    return replace(narrative, challenges={**narrative.challenges, c1: (fw.challenge_statuses[2].id, None)},
                   priorities=tuple(priorities))


def test_one_status_and_one_priority_typed_differently_are_exactly_the_disagreements(fw, con, tmp_path):
    narrative = agreed(fw)
    first = write(tmp_path, fw, "first.xlsx", "first", "JS", narrative)
    second = write(tmp_path, fw, "second.xlsx", "second", "MK", differing(fw))
    enter(con, fw, first)

    held = enter(con, fw, second)

    assert held.kind == "held"
    c1 = fw.challenges[1].id
    status, text = f"challenge:{c1}:status", "priority:2:text"
    assert summary(held.disagreements) == {
        (P.NARRATIVE_FORM, status, fw.challenge_statuses[1].label, fw.challenge_statuses[2].label),
        (P.NARRATIVE_FORM, text, narrative.priorities[1].text, differing(fw).priorities[1].text),
    }
    recorded = dict(con.execute(
        """select item_id, [first_location, second_location] from audit.transcription_disagreements
           where form_id = ? and status = 'open'""", [P.NARRATIVE_FORM]).fetchall())
    assert recorded == {
        status: [f"'{P.CHALLENGES.name}'!{cell(first, P.CHALLENGES, c1, 'status')}"] * 2,
        text: [f"'{P.PRIORITIES.name}'!{cell(first, P.PRIORITIES, '2', 'text')}"] * 2,
    }
    assert summary(open_disagreements(con, CAMDEN, 2024, None)) == summary(held.disagreements)


def test_a_resolution_settles_the_narrative_and_the_merged_submission_carries_what_was_settled(fw, con, tmp_path):
    narrative = agreed(fw)
    enter(con, fw, write(tmp_path, fw, "first.xlsx", "first", "JS", narrative))
    enter(con, fw, write(tmp_path, fw, "second.xlsx", "second", "MK", differing(fw)))
    c1 = fw.challenges[1].id
    status, text = f"challenge:{c1}:status", "priority:2:text"
    path = write_resolution_template(con, fw, CAMDEN, 2024, None, tmp_path / "listed.xlsx")
    listed = openpyxl.load_workbook(path)[P.RESOLUTIONS_SHEET]
    rows = {listed.cell(r, 2).value: [listed.cell(r, c).value for c in range(1, 4)]
            for r in range(P.FIRST_FORM_ROW, listed.max_row + 1)}
    assert set(rows) == {status, text}
    assert fw.challenges[1].name in rows[status][2] and P.CHALLENGES.columns[2].heading in rows[status][2]
    assert rows[text][0] == P.NARRATIVE_FORM

    settled = "Publish a shared outcomes framework  by June"
    released = enter(con, fw, resolve(con, fw, tmp_path, "settle.xlsx", {status: "not in play", text: settled}))

    assert released.kind == "load", released.detail
    merged = released.submission
    want = expected(narrative)
    want["challenges"] = (want["challenges"] - {(c1, fw.challenge_statuses[1].id, None)}) | {
        (c1, fw.challenge_statuses[2].id, None)}
    second = narrative.priorities[1]
    want["priorities"] = (want["priorities"] - {(2, second.text, second.enabler_ids, second.owner_role, None)}) | {
        (2, settled, second.enabler_ids, second.owner_role, None)}
    assert records(merged) == want
    [challenge] = [c for c in merged.challenges if c.challenge_id == c1]
    assert challenge.status_text == fw.challenge_statuses[2].label  # settled in the framework's words
    assert challenge.location.startswith(f"'{P.RESOLUTIONS_SHEET}'!")
    assert con.execute(
        "select item_id, resolved_value from audit.transcription_disagreements order by item_id").fetchall() == [
        (status, fw.challenge_statuses[2].label), (text, settled)]


def test_a_resolution_that_names_no_status_is_refused_at_its_cell(fw, con, tmp_path):
    enter(con, fw, write(tmp_path, fw, "first.xlsx", "first", "JS", agreed(fw)))
    enter(con, fw, write(tmp_path, fw, "second.xlsx", "second", "MK", differing(fw)))
    status = f"challenge:{fw.challenges[1].id}:status"

    with pytest.raises(Refused) as refused:
        enter(con, fw, resolve(con, fw, tmp_path, "settle.xlsx", {status: "hard to say"}))

    [problem] = refused.value.problems
    assert problem.location.startswith(f"'{P.RESOLUTIONS_SHEET}'!")
    assert "'hard to say' is not a challenge status" in problem.reason
    assert {d.item_id for d in open_disagreements(con, CAMDEN, 2024, None)} == {status, "priority:2:text"}


def test_notes_typed_alike_in_both_entries_reach_the_merged_submission_as_in_a_single_entry(fw, con, tmp_path):
    def typed(name: str, entry: str) -> Path:
        path = write(tmp_path, fw, name, entry, entry.upper(), agreed(fw))
        edit(path, P.CHALLENGES.name, {cell(path, P.CHALLENGES, fw.challenges[3].id, "status"): "depends on the ICB",
                                       "F9": "ask the chair"})
        return path

    single = enter(con, fw, typed("single.xlsx", "single")).submission
    enter(con, fw, typed("first.xlsx", "first"))
    merged = enter(con, fw, typed("second.xlsx", "second")).submission

    assert len(single.unplaced) == 2
    assert set(merged.unplaced) == set(single.unplaced)
    assert records(merged) == records(single)


def test_the_settled_narrative_loads_through_the_command_line(fw, tmp_path, capsys):
    home = tmp_path / "data"
    first = write(tmp_path, fw, "first.xlsx", "first", "JS", agreed(fw))
    second = write(tmp_path, fw, "second.xlsx", "second", "MK", differing(fw))
    assert main(["ingest", str(first), "--home", str(home)]) == 0
    assert main(["ingest", str(second), "--home", str(home)]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("held")
    settlement = tmp_path / "settle.xlsx"
    assert main(["template", "resolution", str(settlement), "--home", str(home), "--area", "Camden",
                 "--year", "2024"]) == 0
    workbook = openpyxl.load_workbook(settlement)
    sheet = workbook[P.RESOLUTIONS_SHEET]
    for row in range(P.FIRST_FORM_ROW, sheet.max_row + 1):  # the second entry wins
        sheet.cell(row, len(P.RESOLUTION_COLUMNS), sheet.cell(row, P.RESOLUTION_COLUMNS.index("Second entry") + 1).value)
    workbook[L.ABOUT_SHEET].cell(P.TRANSCRIBER_ROW, L.ABOUT_VALUE_COL, "GH")
    workbook.save(settlement)
    capsys.readouterr()

    assert main(["ingest", str(settlement), "--home", str(home)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("accepted")

    want = expected(differing(fw))
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as warehouse:
        loaded_as = warehouse.execute("select submission_id from raw.submissions").fetchall()
        assert loaded_as == [(hashlib.sha256(settlement.read_bytes()).hexdigest(),)]
        assert set(warehouse.execute(
            "select challenge_id, status, within_gift from raw.challenge_answers").fetchall()) == want["challenges"]
        assert set(warehouse.execute("select level, item_id, kind, text from raw.reflections").fetchall()) == (
            want["reflections"])
        assert set(warehouse.execute(
            "select scope, current_model, aspired_model from raw.integration_models").fetchall()) == want["models"]
        assert {(n, text, tuple(ids), owner, review) for n, text, ids, owner, review in warehouse.execute(
            "select priority_no, text, enabler_ids, owner_role, review_date from raw.priorities").fetchall()} == (
            want["priorities"])


def test_a_note_typed_in_one_entry_only_can_be_settled_as_blank(fw, con, tmp_path):
    first = edit(write(tmp_path, fw, "first.xlsx", "first", "JS", agreed(fw)), P.CHALLENGES.name, {"F9": "ask the chair"})
    enter(con, fw, first)
    held = enter(con, fw, write(tmp_path, fw, "second.xlsx", "second", "MK", agreed(fw)))
    note = f"{P.NOTE_PREFIX}:'{P.CHALLENGES.name}'!F9"
    assert summary(held.disagreements) == {(P.NARRATIVE_FORM, note, "ask the chair", None)}

    released = enter(con, fw, resolve(con, fw, tmp_path, "settle.xlsx", {note: P.BLANK}))

    assert released.kind == "load"
    assert released.submission.unplaced == ()
    assert records(released.submission) == expected(agreed(fw))


@pytest.mark.parametrize("narrative", [
    Narrative(challenges={"funding": ("in_play", None)}),
    Narrative(models={P.OVERALL: ("integrated care", None)}),
    Narrative(priorities=(PriorityEntry("Pool budgets", ("E99",)),)),
    Narrative(priorities=tuple(PriorityEntry(f"Priority {n}") for n in range(1, P.MAX_PRIORITIES + 2))),
])
def test_the_writer_refuses_content_the_sheets_have_no_place_for(fw, tmp_path, narrative):
    with pytest.raises(ValueError):
        write(tmp_path, fw, "typed.xlsx", "single", "JS", narrative)

"""Paper forms typed up: the transcription workbook, its reader, and double data entry settled in a
real DuckDB file — single entry loads at once, two agreeing entries load merged, disagreements are
held until a resolution workbook settles them."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import duckdb
import openpyxl
import pytest

from framework import load_framework
from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.model import ParticipantEntry
from ingest.core.identify import identify
from ingest.core.problems import Problem, Refused
from ingest.core.submission import Submission
from ingest.paper import layout as P
from ingest.paper.disagreements import open_disagreements, write_resolution_template
from ingest.paper.double_entry import Settlement, settle
from ingest.paper.model import Disagreement
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


def forms(fw: Framework) -> tuple[PaperForm, ...]:
    """Three forms: skips, one digging deeper, one without sector or role."""
    enablers = [e.id for e in fw.enablers]
    indicators = [i.id for i in fw.indicators]

    def scores(ids: list[str], seed: int, skip_every: int | None = None) -> dict[str, int | None]:
        return {item: None if skip_every and n % skip_every == 0 else (n * 3 + seed) % 5 + 1
                for n, item in enumerate(ids, start=1)}

    return (
        PaperForm("F01", ParticipantEntry("AB", fw.sectors[0], fw.role_levels[0], scores(enablers, 1, 4),
                                          scores(indicators[:8], 2, 3))),
        PaperForm("F02", ParticipantEntry("CD", fw.sectors[1], fw.role_levels[1], scores(enablers, 2))),
        PaperForm("F10", ParticipantEntry("EF", None, None, scores(enablers, 4, 5))),
    )


def typed(fw: Framework, entry: str, transcriber: str, typed_forms: tuple[PaperForm, ...] | None = None,
          group: str | None = None) -> TranscriptionContent:
    return TranscriptionContent("Camden", 2024, group, transcriber, entry,
                                forms(fw) if typed_forms is None else typed_forms)


def changed(form: PaperForm, enablers: dict | None = None, indicators: dict | None = None, **details) -> PaperForm:
    person = form.participant
    return PaperForm(form.form_id, replace(
        person,
        enabler_scores={**person.enabler_scores, **(enablers or {})},
        indicator_scores={**person.indicator_scores, **(indicators or {})},
        **details,
    ))


def expected_scores(fw: Framework, typed_forms: tuple[PaperForm, ...]) -> set[tuple]:
    """Every enabler of every form, and every indicator of forms with a dig-deeper row; blanks as skips."""
    rows = set()
    for form in typed_forms:
        person = form.participant
        rows |= {(form.form_id, "enabler", e.id, person.enabler_scores.get(e.id)) for e in fw.enablers}
        if person.indicator_scores:
            rows |= {(form.form_id, "indicator", i.id, person.indicator_scores.get(i.id)) for i in fw.indicators}
    return rows


def loaded_scores(submission: Submission) -> set[tuple]:
    found = [(s.participant_id, s.grain, s.item_id, s.score) for s in submission.scores]
    assert len(found) == len(set(found))
    return set(found)


def enter(con, fw: Framework, path: Path) -> Settlement:
    """What the ingest service does for a paper file: read, identify, settle."""
    submission = read_content(path, fw)
    identity = identify(submission, path.name, fw)
    return settle(con, submission, identity, hashlib.sha256(path.read_bytes()).hexdigest(), path.name)


def write(tmp_path: Path, fw: Framework, name: str, content: TranscriptionContent) -> Path:
    return write_paper_template(tmp_path / name, fw, content)


def edit(path: Path, sheet: str, values: dict[str, object]) -> Path:
    workbook = openpyxl.load_workbook(path)
    for ref, value in values.items():
        workbook[sheet][ref] = value
    workbook.save(path)
    return path


def summary(found: tuple[Disagreement, ...] | list[Disagreement]) -> set[tuple]:
    return {(d.form_id, d.item_id, d.first_value, d.second_value) for d in found}


def column(fw: Framework, item_id: str) -> str:
    """The transcription column of an item, as the writer lays it out."""
    if "." in item_id:
        position = [i.id for i in fw.indicators].index(item_id)
        return openpyxl.utils.get_column_letter(P.INDICATOR_FORMS.first_item_column + position)
    position = [e.id for e in fw.enablers].index(item_id)
    return openpyxl.utils.get_column_letter(P.ENABLER_FORMS.first_item_column + position)


def resolve(con, fw: Framework, tmp_path: Path, name: str, values: dict[tuple[str, str], object],
            resolved_by: str | None = "GH") -> Path:
    """Write the pre-filled resolution workbook and fill in the given (form, item) rows."""
    path = write_resolution_template(con, fw, CAMDEN, 2024, None, tmp_path / name)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[P.RESOLUTIONS_SHEET]
    value_col = len(P.RESOLUTION_COLUMNS)
    for row in range(P.FIRST_FORM_ROW, sheet.max_row + 1):
        key = (sheet.cell(row, 1).value, sheet.cell(row, 2).value)
        if key in values:
            sheet.cell(row, value_col, values[key])
    workbook[L.ABOUT_SHEET].cell(P.TRANSCRIBER_ROW, L.ABOUT_VALUE_COL, resolved_by)
    workbook.save(path)
    return path


def statuses(con) -> dict[str, str]:
    return dict(con.execute("select file_name, status from raw.transcriptions").fetchall())


# --- the workbook and its reader ----------------------------------------------------------------------


def test_blank_paper_workbook_carries_the_framework_and_the_entry_choices(fw, tmp_path):
    assert main(["template", "paper", str(tmp_path / "paper.xlsx")]) == 0
    workbook = openpyxl.load_workbook(tmp_path / "paper.xlsx")

    enablers, indicators = workbook[P.ENABLER_FORMS.name], workbook[P.INDICATOR_FORMS.name]
    first = P.ENABLER_FORMS.first_item_column
    assert [enablers.cell(P.HEADER_ROW, c).value for c in range(1, first)] == list(P.ENABLER_FORMS.fields)
    count = len(fw.enablers)
    assert [enablers.cell(P.HEADER_ROW, first + n).value for n in range(count)] == [e.id for e in fw.enablers]
    assert [enablers.cell(P.NAME_ROW, first + n).value for n in range(count)] == [e.name for e in fw.enablers]
    assert [indicators.cell(P.HEADER_ROW, 2 + n).value for n in range(len(fw.indicators))] == [
        i.id for i in fw.indicators]
    assert [indicators.cell(P.NAME_ROW, 2 + n).value for n in range(len(fw.indicators))] == [
        i.text for i in fw.indicators]
    formulas = {v.formula1 for v in enablers.data_validations.dataValidation}
    assert '"1,2,3,4,5,skip"' in formulas
    about = workbook[L.ABOUT_SHEET]
    assert [about.cell(row, L.ABOUT_LABEL_COL).value for row in P.ABOUT_LABELS] == list(P.ABOUT_LABELS.values())
    assert '"First entry,Second entry,Single entry"' in {v.formula1 for v in about.data_validations.dataValidation}
    assert workbook.sheetnames == [L.ABOUT_SHEET, P.ENABLER_FORMS.name, P.INDICATOR_FORMS.name,
                                   *(s.name for s in P.NARRATIVE_SHEETS), L.SCALE_SHEET, L.LISTS_SHEET]

    with pytest.raises(Refused) as refused:
        read_content(tmp_path / "paper.xlsx", fw)
    assert refused.value.problems == [
        Problem("'Enabler forms'!A6", "no forms on 'Enabler forms'"),
        Problem("'About'!C8", "no transcriber given: type the name or initials of the person typing"),
        Problem("'About'!C9", "no entry given: choose First entry, Second entry or Single entry"),
    ]


def test_typed_forms_round_trip_through_the_reader(fw, tmp_path):
    path = write(tmp_path, fw, "camden.xlsx", typed(fw, "first", "JS"))
    skipped = [item for item, score in forms(fw)[1].participant.enabler_scores.items()][0]
    edit(path, P.ENABLER_FORMS.name, {f"{column(fw, skipped)}7": "Skip"})  # F02's first enabler, typed as a word

    submission = read_content(path, fw)

    assert (submission.reader, submission.entry, submission.transcriber) == ("paper_transcription", "first", "JS")
    assert (submission.area_text, submission.year_text, submission.group_label) == ("Camden", "2024", None)
    assert [(p.participant_id, p.label, p.sector, p.role_level, p.location) for p in submission.participants] == [
        ("F01", "AB", fw.sectors[0], fw.role_levels[0], "'Enabler forms'!A6"),
        ("F02", "CD", fw.sectors[1], fw.role_levels[1], "'Enabler forms'!A7"),
        ("F10", "EF", None, None, "'Enabler forms'!A8"),
    ]
    expected = expected_scores(fw, forms(fw))
    expected = (expected - {("F02", "enabler", skipped, forms(fw)[1].participant.enabler_scores[skipped])}) | {
        ("F02", "enabler", skipped, None)}
    assert loaded_scores(submission) == expected
    [typed_skip] = [s for s in submission.scores if s.participant_id == "F02" and s.item_id == skipped]
    assert (typed_skip.raw_value, typed_skip.sheet, typed_skip.cell) == ("Skip", P.ENABLER_FORMS.name,
                                                                          f"{column(fw, skipped)}7")
    assert identify(submission, path.name, fw).area_code == CAMDEN


def test_every_bad_cell_and_duplicate_form_is_refused_at_its_cell(fw, tmp_path):
    path = write(tmp_path, fw, "camden.xlsx", typed(fw, "single", "JS"))
    e01, e02 = column(fw, "E01"), column(fw, "E02")
    edit(path, P.ENABLER_FORMS.name, {f"{e01}6": 6, f"{e02}7": "three", "A8": "f01", "C7": "Police",
                                      f"{e01}12": 3})
    edit(path, P.INDICATOR_FORMS.name, {"A7": "F99", "B7": 2})

    with pytest.raises(Refused) as refused:
        read_content(path, fw)

    assert set(refused.value.problems) == {
        Problem(f"'Enabler forms'!{e01}6", "score 6 is outside 1–5"),
        Problem(f"'Enabler forms'!{e02}7", "'three' is not a score from 1 to 5"),
        Problem("'Enabler forms'!A8", "form F01 appears twice (also in row 6)"),
        Problem("'Enabler forms'!A12", "entries in a row with no Form ID"),
        Problem("'Indicator forms'!A7", "form F99 is not on 'Enabler forms'; every form has its enabler scores there"),
    }


# --- single and double entry ----------------------------------------------------------------------------


def test_single_entry_loads_at_once_marked_single(fw, con, tmp_path):
    settlement = enter(con, fw, write(tmp_path, fw, "single.xlsx", typed(fw, "single", "JS")))

    assert settlement.kind == "load"
    assert settlement.detail == "single entry typed by JS, not double-checked"
    assert settlement.submission.entry == "single"
    assert loaded_scores(settlement.submission) == expected_scores(fw, forms(fw))
    assert statuses(con) == {"single.xlsx": "loaded"}


def test_first_entry_waits_and_an_identical_second_releases_the_merged_forms(fw, con, tmp_path):
    first = enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))
    assert (first.kind, first.submission) == ("waiting", None)
    assert first.detail == "first entry by JS stored; waiting for the second entry"
    again = enter(con, fw, tmp_path / "first.xlsx")
    assert again.kind == "unchanged"

    second = enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK")))

    assert second.kind == "load"
    assert second.detail == "double entry by JS and MK: all values agree"
    merged = second.submission
    assert (merged.entry, merged.transcriber, merged.reader) == ("double", "JS and MK", "paper_transcription")
    assert loaded_scores(merged) == expected_scores(fw, forms(fw))
    assert [(p.participant_id, p.label, p.sector, p.role_level) for p in merged.participants] == [
        (f.form_id, f.participant.label, f.participant.sector, f.participant.role_level) for f in forms(fw)]
    assert statuses(con) == {"first.xlsx": "loaded", "second.xlsx": "loaded"}
    assert con.execute("select count(*) from audit.transcription_disagreements").fetchone() == (0,)


def test_the_second_entry_may_arrive_first(fw, con, tmp_path):
    assert enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK"))).kind == "waiting"

    settlement = enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))

    assert settlement.kind == "load" and settlement.submission.transcriber == "JS and MK"


def three_disagreements(fw: Framework) -> tuple[PaperForm, ...]:
    """The second typing of forms(): one enabler score, one indicator score and one sector differ."""
    f01, f02, f10 = forms(fw)
    return (
        changed(f01, enablers={"E03": 5 if f01.participant.enabler_scores["E03"] != 5 else 1},
                indicators={"E01.2": None}),
        changed(f02, sector=fw.sectors[2]),
        f10,
    )


def test_disagreements_are_held_listed_and_nothing_loads(fw, con, tmp_path):
    f01, f02, _ = forms(fw)
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))

    settlement = enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", three_disagreements(fw))))

    assert (settlement.kind, settlement.submission) == ("held", None)
    assert settlement.detail == ("held: 3 disagreements between first and second entry, listed in "
                                 "audit.transcription_disagreements; settle them with a resolution file")
    assert summary(settlement.disagreements) == {
        ("F01", "E03", str(f01.participant.enabler_scores["E03"]), "5" if f01.participant.enabler_scores["E03"] != 5
         else "1"),
        ("F01", "E01.2", str(f01.participant.indicator_scores["E01.2"]), "skip"),
        ("F02", "sector", f02.participant.sector, fw.sectors[2]),
    }
    recorded = con.execute(
        """select form_id, item_id, first_value, second_value, first_file, second_file, status, area_code,
                  assessment_year, first_location, second_location
           from audit.transcription_disagreements where item_id = 'E03'""").fetchall()
    assert recorded == [("F01", "E03", str(f01.participant.enabler_scores["E03"]), recorded[0][3], "first.xlsx",
                         "second.xlsx", "open", CAMDEN, 2024, f"'Enabler forms'!{column(fw, 'E03')}6",
                         f"'Enabler forms'!{column(fw, 'E03')}6")]
    assert summary(open_disagreements(con, CAMDEN, 2024, None)) == summary(settlement.disagreements)
    assert statuses(con) == {"first.xlsx": "compared", "second.xlsx": "compared"}


def test_a_resolution_workbook_settles_them_and_releases_the_resolved_values(fw, con, tmp_path):
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))
    enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", three_disagreements(fw))))

    partly = enter(con, fw, resolve(con, fw, tmp_path, "settle-1.xlsx", {("F01", "E03"): 2, ("F01", "E01.2"): "skip"}))

    assert partly.kind == "held" and partly.submission is None
    assert partly.detail.startswith("settled 2 disagreements; held: 1 disagreement between first and second entry")
    assert summary(partly.disagreements) == {("F02", "sector", forms(fw)[1].participant.sector, fw.sectors[2])}

    released = enter(con, fw, resolve(con, fw, tmp_path, "settle-2.xlsx", {("F02", "sector"): fw.sectors[2]}))

    assert released.kind == "load"
    assert released.detail == "double entry by JS and MK: 3 disagreements settled by resolution"
    merged = released.submission
    assert merged.entry == "double"
    expected = expected_scores(fw, forms(fw))
    f01 = forms(fw)[0].participant
    expected -= {("F01", "enabler", "E03", f01.enabler_scores["E03"]), ("F01", "indicator", "E01.2",
                                                                          f01.indicator_scores["E01.2"])}
    expected |= {("F01", "enabler", "E03", 2), ("F01", "indicator", "E01.2", None)}
    assert loaded_scores(merged) == expected
    assert [p.sector for p in merged.participants] == [fw.sectors[0], fw.sectors[2], None]
    [e03] = [s for s in merged.scores if (s.participant_id, s.item_id) == ("F01", "E03")]
    assert (e03.sheet, e03.raw_value) == (P.RESOLUTIONS_SHEET, "2")
    assert con.execute(
        """select form_id, item_id, resolved_value, resolved_by, resolved_by_file from audit.transcription_disagreements
           order by resolved_by_file, form_id, item_id""").fetchall() == [
        ("F01", "E01.2", "skip", "GH", "settle-1.xlsx"),
        ("F01", "E03", "2", "GH", "settle-1.xlsx"),
        ("F02", "sector", fw.sectors[2], "GH", "settle-2.xlsx"),
    ]
    assert statuses(con) == {"first.xlsx": "loaded", "second.xlsx": "loaded", "settle-1.xlsx": "applied",
                             "settle-2.xlsx": "applied"}
    assert open_disagreements(con, CAMDEN, 2024, None) == []


def test_a_resolution_with_an_invalid_value_is_refused_at_its_cell(fw, con, tmp_path):
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))
    enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", three_disagreements(fw))))
    path = resolve(con, fw, tmp_path, "settle.xlsx", {("F01", "E03"): 7, ("F02", "sector"): "Police"},
                   resolved_by=None)
    rows = {(r[0].value, r[1].value): r[0].row for r in openpyxl.load_workbook(path)[P.RESOLUTIONS_SHEET].iter_rows(
        min_row=P.FIRST_FORM_ROW)}

    with pytest.raises(Refused) as refused:
        read_content(path, fw)

    assert set(refused.value.problems) == {
        Problem(f"'Resolutions'!H{rows['F01', 'E03']}", "score 7 is outside 1–5"),
        Problem(f"'Resolutions'!H{rows['F02', 'sector']}",
                f"'Police' is not one of the organisation / sector choices ({', '.join(fw.sectors)}) or 'blank'"),
        Problem("'About'!C8", "no 'Resolved by': type the name or initials of the person settling"),
    }
    assert len(open_disagreements(con, CAMDEN, 2024, None)) == 3


def test_a_resolution_naming_no_open_disagreement_is_refused_with_it_named(fw, con, tmp_path):
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))
    enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", three_disagreements(fw))))
    path = resolve(con, fw, tmp_path, "settle.xlsx", {("F01", "E03"): 2})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[P.RESOLUTIONS_SHEET]
    extra = sheet.max_row + 1
    for col, value in ((1, "F02"), (2, "E07"), (len(P.RESOLUTION_COLUMNS), 4)):
        sheet.cell(extra, col, value)
    workbook.save(path)

    with pytest.raises(Refused) as refused:
        enter(con, fw, path)

    assert refused.value.problems == [Problem(
        f"'Resolutions'!H{extra}", "form F02 E07: the first and second entry for Camden 2024 do not disagree there")]
    assert len(open_disagreements(con, CAMDEN, 2024, None)) == 3


def test_a_form_typed_in_one_entry_only_is_a_disagreement(fw, con, tmp_path):
    f01, f02, f10 = forms(fw)
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))
    no_dig_deeper = PaperForm("F01", replace(f01.participant, indicator_scores={}))

    held = enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", (no_dig_deeper, f02))))

    assert held.kind == "held"
    assert summary(held.disagreements) == {("F01", P.INDICATOR_FORM_ITEM, P.PRESENT, P.ABSENT),
                                           ("F10", P.FORM_ITEM, P.PRESENT, P.ABSENT)}
    assert {d.item_id: (d.first_location, d.second_location) for d in held.disagreements} == {
        P.INDICATOR_FORM_ITEM: ("'Indicator forms'!B6", None), P.FORM_ITEM: ("'Enabler forms'!A8", None)}

    released = enter(con, fw, resolve(con, fw, tmp_path, "settle.xlsx", {("F01", P.INDICATOR_FORM_ITEM): P.ABSENT,
                                                                         ("F10", P.FORM_ITEM): P.PRESENT}))

    assert released.kind == "load"
    assert loaded_scores(released.submission) == expected_scores(fw, (no_dig_deeper, f02, f10))


def test_a_re_sent_entry_replaces_the_held_one_and_is_compared_afresh(fw, con, tmp_path):
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))
    enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", three_disagreements(fw))))

    corrected = enter(con, fw, write(tmp_path, fw, "second-corrected.xlsx", typed(fw, "second", "MK")))

    assert corrected.kind == "load"
    assert corrected.detail == "replaces second.xlsx; double entry by JS and MK: all values agree"
    assert loaded_scores(corrected.submission) == expected_scores(fw, forms(fw))
    assert statuses(con) == {"first.xlsx": "loaded", "second.xlsx": "superseded", "second-corrected.xlsx": "loaded"}
    assert con.execute("select distinct status from audit.transcription_disagreements").fetchall() == [("replaced",)]


def test_entries_pair_only_within_their_group(fw, con, tmp_path):
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS", group="Health partners")))

    other_group = enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", group="Schools")))
    same_group = enter(con, fw, write(tmp_path, fw, "second-health.xlsx",
                                      typed(fw, "second", "MK", group=" health PARTNERS ")))

    assert other_group.kind == "waiting"
    assert same_group.kind == "load" and same_group.submission.group_label == "Health partners"


def test_the_resolution_workbook_lists_each_open_disagreement_beside_both_values(fw, con, tmp_path):
    f01 = forms(fw)[0].participant
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS")))
    enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", three_disagreements(fw))))

    path = write_resolution_template(con, fw, CAMDEN, 2024, None, tmp_path / "settle.xlsx")

    workbook = openpyxl.load_workbook(path)
    sheet = workbook[P.RESOLUTIONS_SHEET]
    assert [c.value for c in sheet[P.HEADER_ROW]] == list(P.RESOLUTION_COLUMNS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=P.FIRST_FORM_ROW)]
    e03 = f"'Enabler forms'!{column(fw, 'E03')}6"
    assert rows[0] == ["F01", "E03", fw.enabler("E03").name, str(f01.enabler_scores["E03"]), e03,
                       "5" if f01.enabler_scores["E03"] != 5 else "1", e03, None]
    assert [row[:2] for row in rows] == [["F01", "E03"], ["F01", "E01.2"], ["F02", "sector"]]
    assert rows[1][2] == fw.indicator("E01.2").text
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations[f"H{P.FIRST_FORM_ROW} H{P.FIRST_FORM_ROW + 1}"] == '"1,2,3,4,5,skip"'
    last_sector = L.LIST_FIRST_ROW + len(fw.sectors) - 1
    assert validations[f"H{P.FIRST_FORM_ROW + 2}"] == f"={L.LISTS_SHEET}!$B${L.LIST_FIRST_ROW}:$B${last_sector}"
    about = workbook[L.ABOUT_SHEET]
    assert [about.cell(row, L.ABOUT_VALUE_COL).value for row in (L.AREA_ROW, L.YEAR_ROW)] == ["Camden", 2024]

    with pytest.raises(Refused) as refused:  # sent back without a decision
        read_content(resolve(con, fw, tmp_path, "empty.xlsx", {}), fw)
    assert refused.value.problems == [Problem("'Resolutions'!H:H", "nothing settled: no 'Resolved value' filled in")]


def as_written(fw: Framework, texts: dict[str, tuple[str | None, str | None]]) -> tuple[PaperForm, ...]:
    """forms(), with organisation and role typed in people's own words, form ID → (organisation, role)."""
    return tuple(changed(form, sector=texts[form.form_id][0], role_level=texts[form.form_id][1]) if form.form_id in texts
                 else form for form in forms(fw))


def test_a_settled_sector_keeps_the_organisation_typed_by_the_entry_that_placed_it(fw, con, tmp_path):
    enter(con, fw, write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS", as_written(fw, {
        "F01": ("Public Health (LA)", "Head of service"), "F02": ("Public Health (LA)", "Head of service")}))))
    held = enter(con, fw, write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", as_written(fw, {
        "F01": ("public health  LA", "Head of Service"), "F02": ("Midwifery – NHS trust", "Frontline worker")}))))
    assert summary(held.disagreements) == {("F02", "sector", "Local authority", "Health"),
                                           ("F02", "role_level", "Strategic", "Operational")}

    released = enter(con, fw, resolve(con, fw, tmp_path, "settle.xlsx", {("F02", "sector"): "Health",
                                                                         ("F02", "role_level"): "Strategic"}))

    assert [(p.participant_id, p.sector, p.organisation, p.role_level, p.role_text)
            for p in released.submission.participants] == [
        ("F01", "Local authority", "Public Health (LA)", "Strategic", "Head of service"),  # placed alike: the first's
        ("F02", "Health", "Midwifery – NHS trust", "Strategic", "Head of service"),
        ("F10", None, None, None, None),
    ]


# --- through the command line, the ingest service and the marts --------------------------------------


def test_double_entry_end_to_end_through_the_command_line(fw, tmp_path, capsys):
    home = tmp_path / "data"
    first = write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS"))
    second = write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", three_disagreements(fw)))

    assert main(["ingest", str(first), "--home", str(home)]) == 0
    assert main(["ingest", str(second), "--home", str(home)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("waiting") and "waiting for the second entry" in lines[0]
    assert lines[1].startswith("held") and "3 disagreements" in lines[1]

    settlement = tmp_path / "settle.xlsx"
    assert main(["template", "resolution", str(settlement), "--home", str(home), "--area", "Camden",
                 "--year", "2024"]) == 0
    workbook = openpyxl.load_workbook(settlement)
    sheet = workbook[P.RESOLUTIONS_SHEET]
    for row in range(P.FIRST_FORM_ROW, sheet.max_row + 1):
        first_value = sheet.cell(row, P.RESOLUTION_COLUMNS.index("First entry") + 1).value  # the first entry wins
        sheet.cell(row, len(P.RESOLUTION_COLUMNS), first_value if first_value not in (None, "") else "skip")
    workbook[L.ABOUT_SHEET].cell(P.TRANSCRIBER_ROW, L.ABOUT_VALUE_COL, "GH")
    workbook.save(settlement)
    capsys.readouterr()

    assert main(["ingest", str(settlement), "--home", str(home)]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("accepted") and "double entry by JS and MK" in line

    assert main(["build", "--home", str(home)]) == 0
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as warehouse:
        assert warehouse.execute("select entry, transcriber from raw.submissions").fetchall() == [("double", "JS and MK")]
        loaded = dict(warehouse.execute(
            "select enabler_id, n_scores from marts.enabler_maturity where area_code = ?", [CAMDEN]).fetchall())
    expected = {e.id: sum(f.participant.enabler_scores.get(e.id) is not None for f in forms(fw)) for e in fw.enablers}
    assert loaded == expected  # the first entry's values, as settled


def test_double_entry_loads_organisations_as_typed_and_a_waiting_entry_says_what_it_noticed(fw, tmp_path, capsys):
    home = tmp_path / "data"
    written = as_written(fw, {"F01": ("Public Health (LA)", "Head of service"), "F10": ("Garden club", "Zookeeper")})
    first = write(tmp_path, fw, "first.xlsx", typed(fw, "first", "JS", written))
    second = write(tmp_path, fw, "second.xlsx", typed(fw, "second", "MK", written))

    assert main(["ingest", str(first), "--home", str(home)]) == 0
    [waiting] = capsys.readouterr().out.splitlines()
    assert waiting.startswith("waiting")
    assert "1 organisation not matched to a sector (recorded as Other): 'Garden club'" in waiting
    assert "1 role not recognised (not recorded): 'Zookeeper'" in waiting
    assert main(["ingest", str(second), "--home", str(home)]) == 0
    assert capsys.readouterr().out.startswith("accepted")

    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as warehouse:
        assert warehouse.execute(
            """select participant_id, sector, organisation, role_level, role_text from raw.participants
               order by participant_id""").fetchall() == [
            ("F01", "Local authority", "Public Health (LA)", "Strategic", "Head of service"),
            ("F02", fw.sectors[1], fw.sectors[1], fw.role_levels[1], fw.role_levels[1]),
            ("F10", "Other", "Garden club", None, "Zookeeper"),
        ]

"""The ingest library end to end: template → workbook → archive → reader → identity → raw tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from framework import load_framework
from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.kind import AssessmentKind
from ingest.assessments.model import ParticipantEntry, WorkbookContent
from ingest.assessments.template import write_template
from ingest.batch.loading import inbox_files, ingest_files
from ingest.core.identify import identify
from ingest.core.problems import Problem, Refused
from ingest.core.scores import parse_score
from ingest.core.submission import Submission
from ingest.registry import read_content
from warehouse.home import Home


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home").ensure()


def known_content(fw: Framework, area: str = "Camden", year: int = 2024, group: str | None = None,
                  shift: int = 0) -> WorkbookContent:
    """Four participants: skips, dig-deeper by some only, a participant with no sector or role."""
    enablers = [e.id for e in fw.enablers]
    indicators = [i.id for i in fw.indicators]

    def scores(ids: list[str], seed: int, skip_every: int | None = None) -> dict[str, int | None]:
        return {
            item: None if skip_every and n % skip_every == 0 else (n * 7 + seed + shift) % 5 + 1
            for n, item in enumerate(ids, start=1)
        }

    return WorkbookContent(
        area_name=area,
        assessment_year=year,
        group_label=group,
        is_synthetic=True,
        participants=(
            ParticipantEntry("AB", fw.sectors[0], fw.role_levels[0], scores(enablers, 1, skip_every=5),
                             scores(indicators, 2, skip_every=9)),
            ParticipantEntry("CD", fw.sectors[1], fw.role_levels[1], scores(enablers, 3)),
            ParticipantEntry("EF", None, None, scores(enablers, 4, skip_every=3)),
            ParticipantEntry("GH", fw.sectors[2], fw.role_levels[0], scores(enablers, 5),
                             scores(indicators[:10], 6)),
        ),
    )


def expected_scores(fw: Framework, content: WorkbookContent) -> set[tuple]:
    """Every cell of every sheet a participant scored on, blank ones as skips."""
    rows = set()
    for position, entry in enumerate(content.participants, start=1):
        for grain, scores, items in (("enabler", entry.enabler_scores, fw.enablers),
                                     ("indicator", entry.indicator_scores, fw.indicators)):
            if any(score is not None for score in scores.values()):
                rows |= {(f"P{position:02d}", grain, item.id, scores.get(item.id), scores.get(item.id) is None)
                         for item in items}
    return rows


def query(home: Home, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def edit_cell(path: Path, sheet: str, ref: str, value: object) -> None:
    workbook = openpyxl.load_workbook(path)
    workbook[sheet][ref] = value
    workbook.save(path)


def submission_with(area_text: str | None = "Camden", year_text: str | None = "2024") -> Submission:
    return Submission("test", area_text, "'About'!C4", year_text, "'About'!C5", None, False, (), ())


# --- round trip -------------------------------------------------------------------------------------


def test_round_trip_loads_every_score_exactly_and_nothing_else(fw, home, tmp_path):
    content = known_content(fw)
    path = write_template(tmp_path / "camden.xlsx", fw, content)

    [outcome] = ingest_files([path], home, fw)

    assert outcome.status == "accepted", outcome.line()
    assert (outcome.area_code, outcome.area_name, outcome.assessment_year) == ("E09000007", "Camden", 2024)
    loaded = query(home, "select participant_id, grain, item_id, score, is_skipped from raw.scores")
    assert len(loaded) == len(set(loaded))
    assert set(loaded) == expected_scores(fw, content)
    assert query(home, "select participant_id, participant_label, sector, role_level from raw.participants "
                       "order by participant_id") == [
        ("P01", "AB", fw.sectors[0], fw.role_levels[0]),
        ("P02", "CD", fw.sectors[1], fw.role_levels[1]),
        ("P03", "EF", None, None),
        ("P04", "GH", fw.sectors[2], fw.role_levels[0]),
    ]
    assert query(home, "select area_code, assessment_year, group_label, is_synthetic, area_source, year_source, "
                       "superseded_by, submission_id from raw.submissions") == [
        ("E09000007", 2024, None, True, "'About'!C4", "'About'!C5", None, outcome.sha256)
    ]
    assert query(home, "select status from audit.file_events") == [("accepted",)]
    assert outcome.detail.startswith("4 participants, ")


def test_scores_keep_their_cell_and_the_value_typed(fw, home, tmp_path):
    content = known_content(fw)
    path = write_template(tmp_path / "camden.xlsx", fw, content)
    first_enabler, first_indicator = fw.enablers[0].id, fw.indicators[0].id

    ingest_files([path], home, fw)

    rows = query(home, "select participant_id, item_id, sheet, cell, raw_value from raw.scores "
                       "where participant_id = 'P01' and item_id in (?, ?) order by grain",
                 [first_enabler, first_indicator])
    assert rows == [
        ("P01", first_enabler, L.ENABLER_SHEET.name, "E9", str(content.participants[0].enabler_scores[first_enabler])),
        ("P01", first_indicator, L.INDICATOR_SHEET.name, "D9",
         str(content.participants[0].indicator_scores[first_indicator])),
    ]


def test_participant_details_fall_back_to_the_indicator_sheet(fw, tmp_path):
    path = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))
    for row in (L.PARTICIPANT_ROW, L.SECTOR_ROW):
        edit_cell(path, L.ENABLER_SHEET.name, f"E{row}", None)

    submission = read_content(path, fw)

    first = submission.participants[0]
    assert (first.participant_id, first.label, first.sector, first.role_level) == (
        "P01", "AB", fw.sectors[0], fw.role_levels[0])


# --- refusals -----------------------------------------------------------------------------------------


def test_blank_template_is_refused_with_its_reason(fw, home, tmp_path):
    path = write_template(tmp_path / "blank.xlsx", fw)

    [outcome] = ingest_files([path], home, fw)

    assert outcome.status == "refused"
    assert [p.reason for p in outcome.problems] == [f"no scores on '{L.ENABLER_SHEET.name}'"]
    assert query(home, "select reason from audit.rejections") == [(f"no scores on '{L.ENABLER_SHEET.name}'",)]
    assert query(home, "select count(*) from raw.submissions") == [(0,)]


def test_non_workbook_is_quarantined_while_a_good_file_in_the_batch_is_accepted(fw, home, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("minutes of the partnership meeting, not a workbook")
    good = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))

    bad_outcome, good_outcome = ingest_files([bad, good], home, fw)

    assert bad_outcome.status == "refused"
    assert bad_outcome.problems[0].location == "file"
    assert bad_outcome.problems[0].reason.startswith("not a readable Excel workbook (")
    quarantined = home.quarantine / f"{bad_outcome.sha256[:12]}__notes.xlsx"
    assert quarantined.read_bytes() == bad.read_bytes()
    reasons = quarantined.with_name(quarantined.name + ".reasons.txt").read_text().splitlines()
    assert reasons == [str(p) for p in bad_outcome.problems]
    assert good_outcome.status == "accepted"
    assert query(home, "select file_name from raw.submissions") == [("camden.xlsx",)]


def test_out_of_range_score_is_refused_at_its_cell_and_nothing_is_loaded(fw, home, tmp_path):
    path = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))
    edit_cell(path, L.ENABLER_SHEET.name, "E9", 6)

    [outcome] = ingest_files([path], home, fw)

    assert outcome.status == "refused"
    assert Problem("'Enabler scores'!E9", "score 6 is outside 1–5") in outcome.problems
    assert query(home, "select location, reason from audit.rejections") == [
        ("'Enabler scores'!E9", "score 6 is outside 1–5")]
    for table in ("raw.files", "raw.submissions", "raw.participants", "raw.scores"):
        assert query(home, f"select count(*) from {table}") == [(0,)], table
    assert (home.quarantine / f"{outcome.sha256[:12]}__camden.xlsx").exists()


def test_every_problem_in_a_workbook_is_reported_at_once(fw, tmp_path):
    path = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))
    workbook = openpyxl.load_workbook(path)
    enablers = workbook[L.ENABLER_SHEET.name]
    enablers["E10"] = "three"
    enablers["F11"] = 4.5
    enablers["E5"] = "Police"
    enablers["B12"] = "E99"  # the enabler in row 12 is now missing as well
    workbook[L.INDICATOR_SHEET.name]["B10"] = fw.indicators[0].id
    workbook.save(path)
    missing = fw.enablers[3]

    with pytest.raises(Refused) as refused:
        read_content(path, fw)

    found = {(p.location, p.reason) for p in refused.value.problems}
    assert ("'Enabler scores'!E10", "'three' is not a score from 1 to 5") in found
    assert ("'Enabler scores'!F11", "4.5 is not a whole score from 1 to 5") in found
    assert ("'Enabler scores'!B12", "'E99' is not an enabler ID of the framework") in found
    assert ("'Enabler scores'!B:B", f"no row for {missing.id} ({missing.name})") in found
    assert ("'Indicator scores'!B10", f"{fw.indicators[0].id} appears twice (also in row 9)") in found
    assert not any(location == "'Enabler scores'!E5" for location, _ in found)  # an organisation is free text
    assert len(found) == 5


def test_unknown_area_is_refused_naming_what_was_written(fw, home, tmp_path):
    path = write_template(tmp_path / "narnia.xlsx", fw, known_content(fw, area="Narnia"))

    [outcome] = ingest_files([path], home, fw)

    assert outcome.status == "refused"
    assert outcome.problems == (Problem("'About'!C4", "'Narnia' is not an English local authority (an upper-tier council: county, unitary, metropolitan or London borough)"),)


def test_unexpected_reader_failure_refuses_the_file_and_the_batch_goes_on(fw, home, tmp_path, monkeypatch):
    good = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))
    odd = write_template(tmp_path / "odd.xlsx", fw, known_content(fw, area="Sutton"))
    real_parse = AssessmentKind.parse

    def flaky_parse(self, incoming, fw: Framework) -> Submission:
        submission = real_parse(self, incoming, fw)
        if "Sutton" in str(submission.area_text):
            raise KeyError("boom")
        return submission

    monkeypatch.setattr(AssessmentKind, "parse", flaky_parse)

    from ingest.batch.reading import read_file  # as a worker reads; workers do not see this process's patch
    from ingest.kinds import Job

    odd_read, good_read = (read_file(path, Job(home, fw)) for path in (odd, good))

    assert odd_read.result.problems == (Problem("file", "could not be read: 'boom'"),)
    assert good_read.result.area_name == "Camden"


def test_a_missing_path_is_refused_and_the_batch_goes_on(fw, home, tmp_path):
    good = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))

    missing, accepted = ingest_files([tmp_path / "gone.xlsx", good], home, fw)

    assert missing.status == "refused"
    assert missing.problems[0].reason.startswith("could not be read: ")
    assert accepted.status == "accepted"
    assert query(home, "select file_name, status from audit.file_events order by event_at") == [
        ("gone.xlsx", "refused"), ("camden.xlsx", "accepted")]


# --- versions: unchanged, superseded, groups ----------------------------------------------------------


def test_identical_bytes_again_are_unchanged(fw, home, tmp_path):
    path = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))
    copy = tmp_path / "camden copy.xlsx"
    copy.write_bytes(path.read_bytes())

    first, again = ingest_files([path, copy], home, fw)

    assert (first.status, again.status) == ("accepted", "unchanged")
    assert again.sha256 == first.sha256
    assert query(home, "select count(*) from raw.submissions") == [(1,)]
    assert query(home, "select count(*) from raw.scores") == [(len(expected_scores(fw, known_content(fw))),)]
    assert [p.name for p in home.archive.iterdir()] == [f"{first.sha256}.xlsx"]


def test_a_new_version_for_the_same_area_year_and_group_supersedes_the_old(fw, home, tmp_path):
    old = write_template(tmp_path / "first.xlsx", fw, known_content(fw, group="Health partners"))
    new = write_template(tmp_path / "second.xlsx", fw, known_content(fw, group=" health PARTNERS ", shift=1))

    [first] = ingest_files([old], home, fw)
    [second] = ingest_files([new], home, fw)

    assert first.status == "accepted"
    assert second.status == "superseded"
    assert second.detail.startswith("replaces first.xlsx")
    assert query(home, "select submission_id, superseded_by from raw.submissions order by loaded_at") == [
        (first.sha256, second.sha256), (second.sha256, None)]


def test_a_different_group_for_the_same_area_and_year_is_a_separate_current_submission(fw, home, tmp_path):
    health = write_template(tmp_path / "health.xlsx", fw, known_content(fw, group="Health partners"))
    council = write_template(tmp_path / "council.xlsx", fw, known_content(fw, group=None, shift=2))

    outcomes = ingest_files([health, council], home, fw)

    assert [o.status for o in outcomes] == ["accepted", "accepted"]
    assert query(home, "select count(*) from raw.submissions where superseded_by is null") == [(2,)]


def test_area_and_year_overrides_replace_the_workbook_cells(fw, home, tmp_path):
    path = write_template(tmp_path / "untitled.xlsx", fw, known_content(fw, area="Narnia"))
    edit_cell(path, L.ABOUT_SHEET, "C5", None)

    [outcome] = ingest_files([path], home, fw, area="E09000029", year=2023)

    assert outcome.status == "accepted", outcome.line()
    assert query(home, "select area_code, assessment_year, area_source, year_source from raw.submissions") == [
        ("E09000029", 2023, "--area", "--year")]


# --- inbox ----------------------------------------------------------------------------------------------


def test_inbox_files_are_consumed_and_files_elsewhere_are_left_in_place(fw, home, tmp_path):
    in_inbox = write_template(home.inbox / "camden.xlsx", fw, known_content(fw))
    (home.inbox / ".DS_Store").write_text("")
    (home.inbox / "~$camden.xlsx").write_text("")
    (home.inbox / "sub folder").mkdir()
    elsewhere = write_template(tmp_path / "sutton.xlsx", fw, known_content(fw, area="Sutton"))
    (home.inbox / "notes.xlsx").write_text("not a workbook")

    queued = inbox_files(home)
    outcomes = ingest_files([*queued, elsewhere], home, fw)

    assert [p.name for p in queued] == ["camden.xlsx", "notes.xlsx", "sub folder"]  # a folder is refused, not skipped
    assert [o.status for o in outcomes] == ["accepted", "refused", "refused", "accepted"]
    assert not in_inbox.exists() and not (home.inbox / "notes.xlsx").exists()
    assert elsewhere.exists()
    assert sorted(p.name for p in home.inbox.iterdir()) == [".DS_Store", "~$camden.xlsx"]  # the folder moved to quarantine


# --- template -------------------------------------------------------------------------------------------


def test_synthetic_workbooks_say_so_on_every_sheet_and_in_their_properties(fw, home, tmp_path):
    synthetic = openpyxl.load_workbook(write_template(tmp_path / "demo.xlsx", fw, known_content(fw)))
    blank = openpyxl.load_workbook(write_template(tmp_path / "blank.xlsx", fw))

    assert all(sheet.cell(L.BANNER_ROW, 1).value == L.SYNTHETIC_BANNER for sheet in synthetic.worksheets)
    assert all(L.SYNTHETIC_BANNER in text for text in (synthetic.properties.title, synthetic.properties.description))
    assert "SYNTHETIC" in synthetic.properties.keywords
    assert not any(sheet.cell(L.BANNER_ROW, 1).value for sheet in blank.worksheets)
    assert "SYNTHETIC" not in (blank.properties.title or "")


def test_blank_template_offers_the_framework_choices(fw, tmp_path):
    workbook = openpyxl.load_workbook(write_template(tmp_path / "blank.xlsx", fw))
    enablers = workbook[L.ENABLER_SHEET.name]
    indicators = workbook[L.INDICATOR_SHEET.name]
    lists = workbook[L.LISTS_SHEET]

    assert [enablers.cell(L.FIRST_ITEM_ROW + n, L.ENABLER_SHEET.id_column).value
            for n in range(len(fw.enablers))] == [e.id for e in fw.enablers]
    assert [indicators.cell(L.FIRST_ITEM_ROW + n, L.INDICATOR_SHEET.id_column).value
            for n in range(len(fw.indicators))] == [i.id for i in fw.indicators]
    offered = [lists.cell(L.LIST_FIRST_ROW + n, L.AREA_LIST_COL).value for n in range(160)]
    assert offered[:153] == fw.area_names_offered() and offered[153:] == [None] * 7
    assert {"Leeds", "Camden", "Cumberland"} <= set(offered) and "Cumbria" not in offered  # current ones only
    score_lists = [v for v in enablers.data_validations.dataValidation if v.formula1 == '"1,2,3,4,5"']
    assert [str(v.sqref) for v in score_lists] == [f"E{L.FIRST_ITEM_ROW}:X{L.FIRST_ITEM_ROW + len(fw.enablers) - 1}"]
    assert workbook[L.ABOUT_SHEET].cell(L.AREA_ROW, L.ABOUT_LABEL_COL).value == "Local authority"


# --- identify ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, code", [
    ("Hammersmith & Fulham", "E09000013"),
    ("London Borough of Sutton", "E09000029"),
    ("E09000007", "E09000007"),
    ("202", "E09000007"),
    ("Kingston upon Thames", "E09000021"),
    ("  royal borough of KINGSTON-upon-Thames ", "E09000021"),
    ("LB Camden", "E09000007"),
])
def test_identify_accepts_names_codes_and_aliases(fw, written, code):
    identity = identify(submission_with(area_text=written), "x.xlsx", fw)

    assert identity.area_code == code
    assert identity.area_name == fw.area(code).name
    assert identity.area_source == "'About'!C4"


@pytest.mark.parametrize("written, year", [("2024", 2024), ("2024-03-05", 2024), ("05/03/2023", 2023)])
def test_identify_reads_the_year_as_a_number_or_a_date(fw, written, year):
    assert identify(submission_with(year_text=written), "x.xlsx", fw).assessment_year == year


def test_identify_refuses_what_it_cannot_place_with_both_reasons(fw):
    with pytest.raises(Refused) as refused:
        identify(submission_with(area_text="Narnia", year_text="1999"), "x.xlsx", fw)

    assert refused.value.problems == [
        Problem("'About'!C4", "'Narnia' is not an English local authority (an upper-tier council: county, unitary, metropolitan or London borough)"),
        Problem("'About'!C5", f"1999 is outside the accepted years 2000–{date.today().year + 1}"),
    ]


def test_identify_refuses_missing_area_and_year(fw):
    with pytest.raises(Refused) as refused:
        identify(submission_with(area_text=None, year_text=None), "x.xlsx", fw)

    assert [p.reason for p in refused.value.problems] == [
        "no local authority found: looked at 'About'!C4 (empty), file name 'x.xlsx' (no titles)",
        "no assessment year found: looked at 'About'!C5 (empty), file name 'x.xlsx' (no titles)",
    ]


def test_identify_overrides_win_and_are_named_as_the_source(fw):
    identity = identify(submission_with(area_text="Narnia", year_text=None), "x.xlsx", fw, area="Sutton", year=2022)

    assert (identity.area_code, identity.assessment_year, identity.area_source, identity.year_source) == (
        "E09000029", 2022, "--area", "--year")


# --- scores -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ("   ", None), (1, 1), (5, 5), (3.0, 3), (" 4 ", 4), ("4.0", 4),
])
def test_parse_score_accepts_scores_and_blanks(value, expected):
    assert parse_score(value) == expected


@pytest.mark.parametrize("value, reason", [
    (6, "score 6 is outside 1–5"),
    (0, "score 0 is outside 1–5"),
    ("6", "score 6 is outside 1–5"),
    (-1.0, "score -1 is outside 1–5"),
    ("three", "'three' is not a score from 1 to 5"),
    (4.5, "4.5 is not a whole score from 1 to 5"),
    ("4.5", "4.5 is not a whole score from 1 to 5"),
    (True, "True is not a score from 1 to 5"),
])
def test_parse_score_refuses_with_a_reason_for_people(value, reason):
    with pytest.raises(ValueError) as error:
        parse_score(value)
    assert str(error.value) == reason


def score_forms(numbers: st.SearchStrategy[int]) -> st.SearchStrategy[object]:
    """The same whole number as an int, a float, or text with optional padding and a '.0'."""
    return numbers.flatmap(lambda n: st.sampled_from([
        n, float(n), str(n), f" {n} ", f"{n}.0", f"\t{n}.00\n"]))


@given(st.integers(min_value=1, max_value=5).flatmap(lambda n: st.tuples(st.just(n), score_forms(st.just(n)))))
def test_whole_scores_round_trip_in_any_form(case):
    number, written = case
    assert parse_score(written) == number


@given(score_forms(st.integers(min_value=-10**15, max_value=10**15).filter(lambda n: not 1 <= n <= 5)))
def test_other_whole_numbers_are_refused(written):
    with pytest.raises(ValueError, match="is outside 1–5"):
        parse_score(written)

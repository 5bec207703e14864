"""Any borough's layout, end to end: written files → ingest_files → raw tables, every score exactly.

The corpus (tests/support/layouts.py) writes the same known scores in many layouts and every file
format; each file must load exactly its expected participant × item × score rows and nothing else
(no rows from Average or Total lines, notes, titles or instruction sheets). Refusals are each
tried beside a good file, which must still load.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from framework.model import Framework
from ingest.batch.loading import ingest_files
from ingest.core.problems import Problem
from ingest.core.scores import parse_score
from ingest.registry import read_content
from ingest.results import FileOutcome
from tests.support.layouts import LAYOUTS, Case, write_corpus, write_plain
from warehouse.home import Home

AREA, AREA_CODE, YEAR = "Camden", "E09000007", 2024
CASES = [f"{layout.name}.{fmt}" for layout in LAYOUTS for fmt in layout.formats]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, framework) -> dict[str, Case]:
    return {case.id: case for case in write_corpus(tmp_path_factory.mktemp("layouts"), framework, AREA, YEAR)}


@pytest.fixture(scope="session")
def loaded(tmp_path_factory, framework, corpus) -> tuple[Home, dict[str, FileOutcome]]:
    """The whole corpus through the one ingest path, into one warehouse."""
    home = Home(tmp_path_factory.mktemp("layouts-home") / "data").ensure()
    outcomes = ingest_files([case.path for case in corpus.values()], home, framework, area=AREA, year=YEAR)
    return home, {outcome.file_name: outcome for outcome in outcomes}


def query(home: Home, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home").ensure()


# --- the corpus ---------------------------------------------------------------------------------


def test_the_corpus_covers_every_format_and_both_orientations(corpus):
    assert {Path(name).suffix for name in corpus} == {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
    assert {case.layout.participants_as for case in corpus.values()} == {"columns", "rows"}
    assert list(corpus) == CASES


@pytest.mark.parametrize("name", CASES)
def test_every_score_arrives_exactly_and_nothing_else(loaded, corpus, name):
    home, outcomes = loaded
    case, outcome = corpus[name], outcomes[name]

    assert outcome.status in ("accepted", "superseded"), outcome.line()
    rows = query(home, "select participant_id, grain, item_id, score, is_skipped from raw.scores "
                       "where submission_id = ?", [outcome.sha256])
    assert len(rows) == len(case.expected)  # no row twice
    assert {row[:4] for row in rows} == case.expected
    assert all(is_skipped == (score is None) for *_, score, is_skipped in rows)
    assert query(home, "select participant_id, participant_label, sector, role_level from raw.participants "
                       "where submission_id = ? order by participant_id", [outcome.sha256]) == list(case.participants)
    assert query(home, "select reader from raw.submissions where submission_id = ?", [outcome.sha256]) == [
        ("grid_workbook",)]


def test_scores_keep_the_text_that_was_typed_and_their_cell(loaded, corpus, framework):
    home, outcomes = loaded
    outcome = outcomes["truncated_descriptors.xlsx"]

    rows = query(home, "select score, raw_value, sheet, cell from raw.scores where submission_id = ?", [outcome.sha256])

    typed = [(score, raw) for score, raw, _, _ in rows if isinstance(raw, str) and not raw.strip().isdigit()]
    assert any(" - " in raw for _, raw in typed) and any(raw.strip() == "N/A" for _, raw in typed)
    assert all(parse_score(raw, framework.scale) == score for score, raw in typed)
    assert {sheet for _, _, sheet, _ in rows} == {"Scores"}
    assert all(cell[0].isalpha() and cell[-1].isdigit() for *_, cell in rows)


def test_area_and_year_come_from_their_labelled_cells(framework, home, corpus):
    paths = [corpus["tool_copy.xlsx"].path, corpus["short_labels_rows.ods"].path, corpus["wide_ids_rows.csv"].path]

    outcomes = ingest_files(paths, home, framework)

    assert [(o.status, o.area_code, o.assessment_year) for o in outcomes] == [
        ("accepted", AREA_CODE, YEAR), ("superseded", AREA_CODE, YEAR), ("superseded", AREA_CODE, YEAR)]
    assert query(home, "select area_source, year_source from raw.submissions order by loaded_at") == [
        ("'Read me'!B2", "'Read me'!B3"), ("'Whole partnership'!B2", "'Whole partnership'!B3"),
        ("'CSV'!B1", "'CSV'!B2")]


# --- refusals, each beside a good file ----------------------------------------------------------


def enabler_rows(fw: Framework, labels: dict[int, str] | None = None,
                 cells: dict[tuple[int, int], object] | None = None,
                 sectors: tuple[str, str] = ("Health", "Local authority")) -> list[list[object]]:
    """A small participants-as-columns grid: two participants, every enabler scored 1…5 in turn."""
    rows: list[list[object]] = [["Local authority", AREA], ["Assessment year", YEAR], [],
                                ["Organisation", *sectors], ["Enabler", "AB", "CD", "Average"]]
    for n, enabler in enumerate(fw.enablers):
        rows.append([(labels or {}).get(n, enabler.name), n % 5 + 1, (n + 2) % 5 + 1, None])
    for (r, c), value in (cells or {}).items():
        rows[r][c] = value
    return rows


def ingest_beside_a_good_file(fw: Framework, home: Home, tmp_path: Path, bad: Path) -> FileOutcome:
    good = write_plain(tmp_path / "good.xlsx", {"Scores": enabler_rows(fw)})

    refused, accepted = ingest_files([bad, good], home, fw)

    assert accepted.status == "accepted", accepted.line()
    assert query(home, "select count(*) from raw.scores where submission_id = ?", [accepted.sha256]) == [
        (2 * len(fw.enablers),)]
    assert refused.status == "refused"
    assert query(home, "select count(*) from raw.submissions where file_name = ?", [bad.name]) == [(0,)]
    assert {(p.location, p.reason) for p in refused.problems} <= set(
        query(home, "select location, reason from audit.rejections where file_name = ?", [bad.name]))
    return refused


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_ambiguous_label_is_refused_naming_it_and_its_candidates(framework, home, tmp_path, fmt):
    first, second = framework.indicators_for(framework.enablers[7].id)[2:4]  # two that start alike
    shared = first.text[:32] + "…"
    assert second.text.startswith(first.text[:32])
    rows = [["Indicator", "AB", "CD"], *([i.text, 3, 4] for i in framework.indicators[:6]), [shared, 2, 2]]
    bad = write_plain(tmp_path / f"ambiguous.{fmt}", {"Dig deeper": rows})

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    sheet = "CSV" if fmt == "csv" else "Dig deeper"
    [problem] = refused.problems
    assert problem.location == f"'{sheet}'!A8"
    assert problem.reason.startswith(f"'{shared}' could name any of: {first.id} ")
    assert f"; {second.id} " in problem.reason


def test_a_label_that_names_nothing_is_refused_naming_it(framework, home, tmp_path):
    rows = enabler_rows(framework, labels={4: "Our own local priority"})
    bad = write_plain(tmp_path / "unknown.xlsx", {"Scores": rows})

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    assert refused.problems == (
        Problem("'Scores'!A10", "'Our own local priority' names no enabler or indicator of the framework"),)


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "csv"])
def test_scores_out_of_range_or_not_scores_are_refused_at_their_cells(framework, home, tmp_path, fmt):
    rows = enabler_rows(framework, cells={(5, 1): 0, (6, 2): 6, (7, 1): "three", (8, 2): "3/4", (9, 1): 4.5,
                                          (10, 2): "4 - No descriptors in place"})
    bad = write_plain(tmp_path / f"out of range.{fmt}", {"Scores": rows})

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    sheet = "CSV" if fmt == "csv" else "Scores"
    assert {(p.location, p.reason) for p in refused.problems} == {
        (f"'{sheet}'!B6", "score 0 is outside 1–5"),
        (f"'{sheet}'!C7", "score 6 is outside 1–5"),
        (f"'{sheet}'!B8", "'three' is not a score from 1 to 5"),
        (f"'{sheet}'!C9", "'3/4' is not a score from 1 to 5"),
        (f"'{sheet}'!B10", "4.5 is not a whole score from 1 to 5"),
        (f"'{sheet}'!C11", "'4 - No descriptors in place' gives 4 with the words of score 1"),
    }


def test_a_truncated_workbook_is_refused_with_its_reason(framework, home, tmp_path):
    whole = write_plain(tmp_path / "whole.xlsx", {"Scores": enabler_rows(framework)}).read_bytes()
    bad = tmp_path / "cut short in the post.xlsx"
    bad.write_bytes(whole[: len(whole) // 2])  # a zip whose central directory never arrived

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    [problem] = refused.problems
    assert problem.location == "file"
    assert problem.reason.startswith("not a readable Excel workbook")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_unknown_authority_is_refused_naming_what_was_written(framework, home, tmp_path, fmt):
    bad = write_plain(tmp_path / f"scores.{fmt}", {"Scores": enabler_rows(framework, cells={(0, 1): "Narnia"})})

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    [problem] = refused.problems
    assert problem.reason == "'Narnia' is not an English local authority (an upper-tier council: county, unitary, metropolitan or London borough)"
    assert problem.location.endswith("!B1")


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_an_empty_workbook_is_refused_with_its_reason(framework, home, tmp_path, fmt):
    bad = write_plain(tmp_path / f"empty.{fmt}", {"Sheet1": [[None]]})

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    [problem] = refused.problems
    assert problem.location == "file"
    assert problem.reason.startswith("not a Beyond Boundaries workbook: ")
    assert "a table of scores with the enablers or indicators named along one side" in problem.reason


def test_a_grid_with_no_scores_in_it_is_refused_with_its_reason(framework, home, tmp_path):
    rows = [[e.name, None, None] for e in framework.enablers]
    bad = write_plain(tmp_path / "blank grid.xlsx", {"Scores": [["Enabler", "AB", "CD"], *rows]})

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    assert refused.problems == (Problem("file", "no scores beside the enabler or indicator labels at 'Scores'!A2:A13"),)


def test_an_item_given_twice_is_refused_but_an_unknown_organisation_is_not(framework, home, tmp_path):
    rows = enabler_rows(framework, labels={5: framework.enablers[0].aliases[0]}, sectors=("Health", "Police"))
    bad = write_plain(tmp_path / "twice.xlsx", {"Scores": rows})

    refused = ingest_beside_a_good_file(framework, home, tmp_path, bad)

    first = framework.enablers[0]
    assert {(p.location, p.reason.split(" (")[0]) for p in refused.problems} == {
        ("'Scores'!A11", f"{first.id} {first.name} is given twice"),
    }


# --- what is not a participant ------------------------------------------------------------------


def test_summary_lines_notes_and_label_columns_are_not_participants(framework, tmp_path):
    enablers = framework.enablers
    rows = [["Scores from the meeting"], [],
            ["ID", "Enabler", "Statement", "AB", "Mean", "CD", "Comments", "Total"]]
    rows += [[e.id, e.name, e.statement, 3, 3.5, 4, "good discussion", 7] for e in enablers]
    rows += [[None, "Average", None, 3, None, 4, None, None], [None, "Notes: two people skipped none", None]]
    path = write_plain(tmp_path / "summaries.xlsx", {"Scores": rows})

    submission = read_content(path, framework)

    assert [(p.participant_id, p.label) for p in submission.participants] == [("P01", "AB"), ("P02", "CD")]
    assert {(s.participant_id, s.cell[0], s.score) for s in submission.scores} == {("P01", "D", 3), ("P02", "F", 4)}
    assert len(submission.scores) == 2 * len(enablers)


def test_participants_who_only_skipped_are_not_counted(framework, tmp_path):
    rows = [["Enabler", "AB", "CD"], *([e.name, 2, "n/a"] for e in framework.enablers)]
    path = write_plain(tmp_path / "skips.csv", {"Scores": rows})

    submission = read_content(path, framework)

    assert [p.label for p in submission.participants] == ["AB"]
    assert {s.score for s in submission.scores} == {2}


@pytest.mark.parametrize("delimiter, encoding", [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "cp1252")])
def test_csv_files_as_spreadsheets_save_them(framework, tmp_path, delimiter, encoding):
    enablers = framework.enablers
    lines = [["Participant", *(e.name for e in enablers)], ["AB", *(n % 5 + 1 for n in range(len(enablers)))],
             ["CD", "Don’t know", *(" 4 " for _ in enablers[1:])]]
    path = tmp_path / "scores.csv"
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(lines)

    submission = read_content(path, framework)

    assert [(p.participant_id, p.label, p.location) for p in submission.participants] == [
        ("P01", "AB", "'CSV'!A2"), ("P02", "CD", "'CSV'!A3")]
    scores = {(s.participant_id, s.item_id): (s.score, s.raw_value, s.cell) for s in submission.scores}
    assert len(scores) == 2 * len(enablers)
    assert scores[("P01", enablers[1].id)] == (2, "2", "C2")
    assert scores[("P02", enablers[0].id)] == (None, "Don’t know", "B3")
    assert scores[("P02", enablers[-1].id)] == (4, "4", f"{chr(65 + len(enablers))}3")

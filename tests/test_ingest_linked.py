"""Outcome files and data-sharing returns travel the submissions' path: archived, identified,
loaded, refused with reasons and quarantined, audited — and a bad one never stops the others."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pytest

from framework import load_framework
from framework.model import Framework
from ingest.assessments.template import write_template
from ingest.batch.loading import ingest_files
from ingest.data_sharing.template import write_data_sharing_template
from ingest.registry import read_outcome_file
from synthetic.data_sharing import synthetic_answers
from synthetic.outcomes import write_outcome_demo
from tests.test_ingest import known_content
from warehouse.home import Home

CAMDEN = "E09000007"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home").ensure()


@pytest.fixture(scope="module")
def outcome_files(fw, tmp_path_factory) -> list[Path]:
    return write_outcome_demo(tmp_path_factory.mktemp("outcomes"), fw)


def query(home: Home, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_outcome_files_load_every_value_as_read_and_are_audited(fw, home, outcome_files):
    outcomes = ingest_files(outcome_files, home, fw)

    assert [o.status for o in outcomes] == ["accepted"] * len(outcome_files)
    expected = 0
    for path in outcome_files:
        read = read_outcome_file(path, path.name)
        sha256 = next(o.sha256 for o in outcomes if o.file_name == path.name)
        loaded = query(home, """select indicator_id, area_code, period_label, breakdown, value, missing_reason, location
                                from raw.outcome_values where file_id = ?""", [sha256])
        assert sorted(loaded, key=str) == sorted(
            [(v.indicator_id, v.area_code, v.period.label, v.breakdown, v.value, v.missing_reason, v.location)
             for v in read.values], key=str)
        expected += len(read.values)
        assert (home.archive / f"{sha256}.csv").exists()
    assert query(home, "select count(*) from raw.outcome_values") == [(expected,)]
    assert query(home, "select count(*), count(distinct sha256) from raw.files") == [(len(outcome_files),) * 2]
    assert sorted(query(home, "select file_name, status from audit.file_events")) == sorted(
        (p.name, "accepted") for p in outcome_files)


def test_the_same_outcome_file_again_is_unchanged_and_a_revision_supersedes(fw, home, outcome_files, tmp_path):
    first = outcome_files[0]
    ingest_files([first], home, fw)
    [again] = ingest_files([first], home, fw)
    assert again.status == "unchanged"
    assert again.detail == f"identical to {first.name}, already loaded"

    lines = first.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    revised = tmp_path / f"revised_{first.name}"
    revised.write_text("".join(lines[:-1]), encoding="utf-8")  # the same values, one row fewer: new bytes
    [outcome] = ingest_files([revised], home, fw)

    assert outcome.status == "superseded"
    assert outcome.detail.startswith(f"revises {len(lines) - 2} values loaded before")


def test_a_bad_outcome_file_is_refused_with_its_cell_and_the_good_ones_load(fw, home, outcome_files, tmp_path):
    source = next(p for p in outcome_files if "fingertips" in p.name.lower() and "metadata" not in p.name.lower())
    text = source.read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    bad_row = text[1].split(",")
    value_column = next(i for i, name in enumerate(header) if name.strip('"') == "Value")
    bad_row[value_column] = "abc"
    bad = tmp_path / "bad_fingertips.csv"
    bad.write_text("\n".join([text[0], ",".join(bad_row), *text[2:]]) + "\n", encoding="utf-8")

    outcomes = ingest_files([bad, *outcome_files], home, fw)

    refused = outcomes[0]
    assert refused.status == "refused"
    cell = f"'CSV'!{chr(ord('A') + value_column)}2"
    assert any(p.location == cell and "abc" in p.reason for p in refused.problems), refused.problems
    assert [o.status for o in outcomes[1:]] == ["accepted"] * len(outcome_files)
    assert query(home, "select count(*) from raw.outcome_values where file_id = ?", [refused.sha256]) == [(0,)]
    quarantined = home.quarantine / f"{refused.sha256[:12]}__bad_fingertips.csv"
    assert quarantined.exists()
    assert cell in quarantined.with_name(quarantined.name + ".reasons.txt").read_text()


def test_a_data_sharing_return_is_identified_loaded_and_superseded_by_a_newer_one(fw, home, tmp_path):
    answers = synthetic_answers(fw, 7, CAMDEN, 2024)
    first = write_data_sharing_template(tmp_path / "camden_ds.xlsx", fw, "Camden", 2024, answers, is_synthetic=True)
    changed = {qid: ("yes", "new system live") for qid in answers}
    second = write_data_sharing_template(tmp_path / "camden_ds_v2.xlsx", fw, "Camden", 2024, changed, is_synthetic=True)
    workbook = write_template(tmp_path / "camden.xlsx", fw, known_content(fw))

    outcomes = ingest_files([first, workbook], home, fw)
    assert [(o.status, o.area_code, o.assessment_year) for o in outcomes] == [
        ("accepted", CAMDEN, 2024), ("accepted", CAMDEN, 2024)]  # a return never supersedes an assessment
    loaded = dict(query(home, "select question_id, answer from raw.data_sharing_answers"))
    assert loaded == {qid: answer for qid, (answer, _) in answers.items()}

    [newer] = ingest_files([second], home, fw)
    assert newer.status == "superseded"
    assert "replaces camden_ds.xlsx" in newer.detail
    assert query(home, """select file_name from raw.data_sharing_returns where superseded_by is null""") == [
        ("camden_ds_v2.xlsx",)]
    assert query(home, "select count(*) from raw.submissions where superseded_by is null") == [(1,)]


def test_a_data_sharing_return_with_an_unknown_answer_is_refused_naming_the_cell(fw, home, tmp_path):
    answers = {q.id: ("yes", None) for q in fw.data_sharing_questions}
    path = write_data_sharing_template(tmp_path / "ds.xlsx", fw, "Sutton", 2023, answers)
    book = openpyxl.load_workbook(path)
    sheet = next(ws for ws in book.worksheets if ws.title != "About")
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "yes")
    cell.value = "sometimes"
    book.save(path)

    [outcome] = ingest_files([path], home, fw)

    assert outcome.status == "refused"
    assert any(p.location == f"'{sheet.title}'!{cell.coordinate}" and "sometimes" in p.reason
               for p in outcome.problems), outcome.problems
    assert query(home, "select count(*) from raw.data_sharing_answers") == [(0,)]


def test_outcome_bytes_loaded_before_are_not_read_again(fw, home, outcome_files, monkeypatch):
    ingest_files(outcome_files, home, fw)
    monkeypatch.setattr("ingest.batch.reading.recognise", lambda *_: pytest.fail("known bytes were read again"))

    outcomes = ingest_files(outcome_files, home, fw)

    assert [o.status for o in outcomes] == ["unchanged"] * len(outcome_files)

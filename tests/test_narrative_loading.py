"""Loading the narrative sections: raw.reflections, raw.challenge_answers, raw.integration_models,
raw.priorities and raw.submission_notes, written with the scores of every accepted submission,
keyed by it, and counted on the outcome line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from framework import load_framework
from ingest.assessments import layout as L
from ingest.assessments.model import Narrative, ParticipantEntry, PriorityEntry, WorkbookContent
from ingest.assessments.template import write_template
from ingest.batch.loading import ingest_files
from warehouse.home import Home


@pytest.fixture(scope="module")
def fw():
    return load_framework()


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home").ensure()


def query(home: Home, sql: str) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def content(fw, narrative: Narrative | None, area: str = "Camden", shift: int = 0) -> WorkbookContent:
    scores = {e.id: (n + shift) % 5 + 1 for n, e in enumerate(fw.enablers)}
    return WorkbookContent(area, 2024, None, True, (ParticipantEntry("AB", fw.sectors[0], fw.role_levels[0], scores),
                                                    ParticipantEntry("CD", None, None, scores)), narrative)


def first_narrative(fw) -> Narrative:
    theme, enablers = fw.themes[0].id, [e.id for e in fw.enablers]
    challenges = [c.id for c in fw.challenges]
    return Narrative(
        reflections={theme: "Progress needed on commissioning"},
        evidence={enablers[0]: "Board minutes", enablers[1]: "Joint plan"},
        challenges={challenges[0]: ("in_play", "Local rules"), challenges[1]: ("partly", None)},
        models={"overall": ("coalition", "coordinated")},
        priorities=(PriorityEntry("Data dashboard", (enablers[2], enablers[8]), "Head of Early Help",
                                  date(2026, 3, 31)),
                    PriorityEntry("Parent panel")),
    )


def test_every_section_is_loaded_keyed_by_its_submission(fw, home, tmp_path):
    path = write_template(tmp_path / "camden.xlsx", fw, content(fw, first_narrative(fw)))
    workbook = openpyxl.load_workbook(path)
    workbook[L.CHALLENGES_SHEET][f"F{L.NARRATIVE_FIRST_ROW}"] = "ask Sam"
    workbook.save(path)

    [outcome] = ingest_files([path], home, fw)

    assert outcome.status == "accepted", outcome.line()
    assert "3 reflections, 2 challenges, 1 integration model, 2 priorities, 1 unplaced note" in outcome.detail
    sha = outcome.sha256
    assert sorted(query(home, "select submission_id, level, item_id, kind, text from raw.reflections")) == sorted([
        (sha, "theme", fw.themes[0].id, "reflection", "Progress needed on commissioning"),
        (sha, "enabler", "E01", "evidence", "Board minutes"), (sha, "enabler", "E02", "evidence", "Joint plan"),
    ])
    assert sorted(query(home, "select submission_id, challenge_id, status, status_text, within_gift "
                              "from raw.challenge_answers")) == sorted([
        (sha, fw.challenges[0].id, "in_play", "In play", "Local rules"),
        (sha, fw.challenges[1].id, "partly", "Partly in play", None),
    ])
    assert query(home, "select submission_id, scope, current_model, aspired_model from raw.integration_models") == [
        (sha, "overall", "coalition", "coordinated")]
    assert query(home, "select submission_id, priority_no, text, enabler_ids, owner_role, review_date "
                       "from raw.priorities order by priority_no") == [
        (sha, 1, "Data dashboard", ["E03", "E09"], "Head of Early Help", date(2026, 3, 31)),
        (sha, 2, "Parent panel", [], None, None),
    ]
    assert query(home, "select submission_id, location, text from raw.submission_notes") == [
        (sha, f"'{L.CHALLENGES_SHEET}'!F{L.NARRATIVE_FIRST_ROW}", "ask Sam")]


def test_a_workbook_without_the_sections_loads_no_narrative_rows(fw, home, tmp_path):
    [outcome] = ingest_files([write_template(tmp_path / "camden.xlsx", fw, content(fw, None))], home, fw)

    assert outcome.status == "accepted"
    assert outcome.detail == "2 participants, 24 enabler and 0 indicator scores"
    for table in ("reflections", "challenge_answers", "integration_models", "priorities", "submission_notes"):
        assert query(home, f"select count(*) from raw.{table}") == [(0,)]


def test_a_resubmission_s_narrative_is_its_own_and_the_old_one_stays_with_the_old(fw, home, tmp_path):
    old = write_template(tmp_path / "v1.xlsx", fw, content(fw, first_narrative(fw)))
    [first] = ingest_files([old], home, fw)
    replacement = Narrative(challenges={fw.challenges[5].id: ("not_in_play", None)},
                            priorities=(PriorityEntry("A new plan", ("E12",)),))
    [second] = ingest_files([write_template(tmp_path / "v2.xlsx", fw, content(fw, replacement, shift=1))], home, fw)

    assert second.status == "superseded" and first.sha256 != second.sha256
    current = """select t.{col} from raw.{table} t join raw.submissions s using (submission_id)
                 where s.superseded_by is null order by 1"""
    assert query(home, current.format(col="challenge_id", table="challenge_answers")) == [(fw.challenges[5].id,)]
    assert query(home, current.format(col="text", table="priorities")) == [("A new plan",)]
    assert query(home, current.format(col="text", table="reflections")) == []
    by_submission = dict(query(home, "select submission_id, count(*) from raw.priorities group by 1"))
    assert by_submission == {first.sha256: 2, second.sha256: 1}

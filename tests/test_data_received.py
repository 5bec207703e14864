"""marts.data_received and the Data received page's queries, without a browser.

The home is the shared small build plus what real inboxes bring: a late corrected workbook, a
deliberately broken one, and a file that could not be read at all — whose reason, as Python words
it, quotes the file's full path inside the home directory. Expected values come from the
warehouse's own audit and raw tables with SQL written here.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from dashboards.queries import data_received as queries
from dashboards.snapshot import open_snapshot
from pipelines.cli import main
from pipelines.expectations import mart_suites, validate_frame
from synthetic.received_examples import BROKEN_NAME, CORRECTED_AREA, CORRECTED_YEAR, write_received_examples
from tests.support.queries import database_rows, snapshot_frame
from warehouse.home import Home

GONE = "gone-before-it-was-read.xlsx"
SENT_AGAIN = f"SYNTHETIC_{CORRECTED_AREA}_sent-again_{CORRECTED_YEAR}.xlsx"


@pytest.fixture(scope="module")
def received_home(built_home, tmp_path_factory, framework) -> Home:
    home = Home(tmp_path_factory.mktemp("received") / "data")
    shutil.copytree(built_home.root, home.root)
    write_received_examples(home.inbox, framework)
    (original,), = database_rows(home.warehouse, "select submission_id from raw.submissions where area_code = ? "
                                 "and assessment_year = ?", [CORRECTED_AREA, CORRECTED_YEAR])
    shutil.copy(home.archive / f"{original}.xlsx", home.inbox / SENT_AGAIN)  # read after the correction
    assert main(["ingest", str(home.root / "elsewhere" / GONE), "--home", str(home.root)]) == 1
    assert main(["run", "--home", str(home.root)]) == 1  # refused files: exit 1, and still published
    return home


@pytest.fixture(scope="module")
def mart(received_home):
    return snapshot_frame(received_home, "select * from marts.data_received")


def test_every_file_event_is_one_row(received_home, mart):
    events = database_rows(received_home.warehouse, "select file_name, event_at from audit.file_events order by all")
    assert sorted(zip(mart["file_name"], mart["received_at"])) == [(n, t) for n, t in events]


def test_a_refused_file_keeps_its_reasons_as_recorded(received_home, mart):
    recorded = database_rows(received_home.warehouse,
                             "select location || ': ' || reason from audit.rejections where file_name = ?", [BROKEN_NAME])
    row = mart[mart["file_name"] == BROKEN_NAME].iloc[0]
    assert (row["status"], row["standing"], row["kind"]) == ("refused", "refused", "not identified")
    assert row["reasons"] == "; ".join(r for (r,) in recorded) and row["n_reasons"] == len(recorded) == 1
    assert pd.isna(row["area_code"]) and row["is_synthetic"]


def test_no_published_text_names_a_directory_of_the_receiving_machine(received_home, mart):
    (recorded,) = database_rows(
        received_home.warehouse, "select reason from audit.rejections where file_name = ?", [GONE])[0]
    assert str(received_home.root) in recorded  # as Python worded it; the mart must not repeat it
    gone = mart[mart["file_name"] == GONE].iloc[0]
    assert GONE in gone["reasons"] and "/" not in gone["reasons"]
    text = mart.select_dtypes(include=["object", "string"]).astype(str)
    assert not text.apply(lambda column: column.str.contains(str(received_home.root), regex=False)).any().any()
    archive = {p for (p,) in database_rows(received_home.warehouse, "select archive_path from raw.files")}
    assert archive and not archive & set(text.stack())


def test_the_mart_has_no_path_column(mart):
    assert not [c for c in mart.columns if "path" in c.lower() or c in ("location", "participant_label", "transcriber")]


def test_a_late_correction_replaces_the_earlier_workbook(received_home, mart):
    camden = mart[(mart["area_code"] == CORRECTED_AREA) & (mart["assessment_year"] == CORRECTED_YEAR)
                  & (mart["kind"] == "assessment workbook") & (mart["status"] != "unchanged")].sort_values("received_at")
    first, corrected = camden.iloc[0], camden.iloc[-1]
    assert (first["status"], first["standing"], first["replaced_by_file_name"]) == (
        "accepted", "replaced", corrected["file_name"])
    assert (corrected["status"], corrected["standing"]) == ("superseded", "in use")
    (participants,) = database_rows(received_home.warehouse, """
        select count(*) from raw.participants p join raw.submissions s using (submission_id)
        where s.file_name = ?""", [corrected["file_name"]])[0]
    assert corrected["n_participants"] == participants


def test_a_copy_of_a_file_received_before_is_a_duplicate_not_a_replacement(mart):
    again = mart[mart["file_name"] == SENT_AGAIN].iloc[0]
    assert (again["status"], again["standing"], again["kind"]) == ("unchanged", "duplicate", "assessment workbook")
    assert pd.isna(again["replaced_by_file_name"]) and again["area_code"] == CORRECTED_AREA


def test_the_pages_queries_equal_the_mart(received_home):
    snap = open_snapshot(received_home.snapshot)
    london = queries.london_year(snap, CORRECTED_YEAR).set_index("area_code")
    expected = database_rows(received_home.snapshot, """
        select area_code, count(*), count(*) filter (where standing = 'in use'),
               count(*) filter (where standing = 'replaced'),
               sum(n_participants) filter (where standing = 'in use' and kind = 'assessment workbook')
        from marts.data_received where assessment_year = ? and area_code is not null group by area_code""",
        [CORRECTED_YEAR])
    assert expected
    for code, files, in_use, replaced, participants in expected:
        row = london.loc[code]
        assert (row["n_files"], row["n_in_use"], row["n_replaced"], row["n_participants_in_use"]) == (
            files, in_use, replaced, participants)
    assert len(london) == 33  # London's boroughs, not every English authority reference.areas holds
    assert {code[:3] for code in london.index} == {"E09"}
    refused = set(queries.not_identified(snap)["file_name"])
    assert refused == {n for (n,) in database_rows(received_home.warehouse,
                                                   "select file_name from audit.file_events where status = 'refused'")}
    assert refused >= {BROKEN_NAME, GONE}


def test_the_gate_refuses_a_path_or_an_unlisted_column(framework, mart):
    def passes(frame) -> bool:
        return validate_frame("data_received", frame, mart_suites(framework)["data_received"])[0]

    assert passes(mart)
    assert not passes(mart.assign(detail=mart["detail"].where(mart["status"] != "refused", "see /home/jane/inbox/x.xlsx")))
    assert not passes(mart.assign(archive_path="x"))

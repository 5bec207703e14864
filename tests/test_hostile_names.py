"""Entries that are not files, and names no file system or terminal likes: each beside a good
workbook, refused or accepted as documented (docs/ingest.md), every one with its audit row."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import duckdb
import pytest

from framework import load_framework
from ingest.batch.loading import inbox_files, ingest_files
from ingest.core.archive import NOT_A_FILE
from ingest.outcomes.fingertips import COLUMNS
from tests.support.hostile import fingertips_rows, good_workbook, not_files
from warehouse.home import Home


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def audit(home: Home, sql: str) -> list[tuple]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_links_directories_and_fifos_in_the_inbox_are_refused_moved_out_and_never_followed(fw, tmp_path):
    home = Home(tmp_path / "home").ensure()
    outside = good_workbook(tmp_path, fw, "outside.xlsx")
    good = good_workbook(home.inbox, fw)
    entries = not_files(home.inbox, outside)

    outcomes = ingest_files(inbox_files(home), home, fw)

    by_name = {o.file_name: o for o in outcomes}
    assert by_name[good.name].status == "accepted"
    link, directory, fifo = NOT_A_FILE[stat.S_IFLNK], NOT_A_FILE[stat.S_IFDIR], NOT_A_FILE[stat.S_IFIFO]
    expected = {"link to a file outside": link, "link to /etc/passwd": link, "dangling link": link,
                "link to a directory": link, "directory": directory, "fifo": fifo}
    for what, reason in expected.items():
        outcome = by_name[entries[what].name]
        assert (outcome.status, [p.reason for p in outcome.problems]) == ("refused", [reason]), what
    assert list(home.inbox.iterdir()) == []  # moved out, so they do not come back every run
    moved = {p.name.split("__", 1)[1]: p for p in home.quarantine.iterdir() if not p.name.endswith(".reasons.txt")}
    assert set(moved) == {p.name for p in entries.values()}
    assert os.readlink(moved["passwd.xlsx"]) == "/etc/passwd"  # the link itself, not its target
    assert outside.exists() and len(list(home.archive.iterdir())) == 1  # only the good file's bytes
    assert len(audit(home, "select * from audit.file_events")) == len(entries) + 1


def test_entries_given_elsewhere_are_refused_and_left_where_they_are(fw, tmp_path):
    home = Home(tmp_path / "home").ensure()
    outside = good_workbook(tmp_path, fw, "outside.xlsx")
    (tmp_path / "given").mkdir()
    entries = not_files(tmp_path / "given", outside)

    outcomes = ingest_files(list(entries.values()), home, fw)

    assert {o.status for o in outcomes} == {"refused"}
    assert all(p.is_symlink() or p.exists() for p in entries.values())
    assert list(home.archive.iterdir()) == [] and list(home.quarantine.iterdir()) == []


@pytest.mark.parametrize("stem", ["a" * 245, "é" * 50 + "b" * 140, "two\nlines\x1b[31m"],
                         ids=["250 characters", "200 multi-byte characters", "control characters"])
def test_refused_files_with_long_or_odd_names_are_quarantined_within_255_bytes(fw, tmp_path, stem):
    home = Home(tmp_path / "home").ensure()
    good = good_workbook(tmp_path, fw)
    bad = tmp_path / f"{stem}.csv"
    bad.write_text("not,an\noutcome,file\n", encoding="utf-8")

    accepted, refused = ingest_files([good, bad], home, fw)

    assert (accepted.status, refused.status) == ("accepted", "refused")
    assert refused.file_name == bad.name  # the audit keeps the name as given
    assert "\n" not in refused.line() and "\x1b" not in refused.line()
    assert audit(home, "select file_name from audit.file_events order by event_at") == [(good.name,), (bad.name,)]
    for path in home.quarantine.iterdir():
        assert len(os.fsencode(path.name)) <= 255


def test_a_name_that_is_not_utf8_is_recorded_with_replacement_characters(fw, tmp_path):
    home = Home(tmp_path / "home").ensure()
    good = good_workbook(tmp_path, fw)
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.xlsx"))
    odd.write_bytes(good.read_bytes())
    bad = Path(os.fsdecode(os.fsencode(tmp_path) + b"/bad\xff.csv"))
    bad.write_text("x,y\n", encoding="utf-8")

    outcomes = ingest_files([good, odd, bad], home, fw)

    assert [o.status for o in outcomes] == ["accepted", "unchanged", "refused"]
    assert [o.file_name for o in outcomes][1:] == ["caf\ufffd.xlsx", "bad\ufffd.csv"]
    assert audit(home, "select file_name from audit.file_events order by event_at")[1:] == [
        ("caf\ufffd.xlsx",), ("bad\ufffd.csv",)]


def test_a_file_with_a_problem_in_every_one_of_100000_rows_is_refused_with_a_capped_list(fw, tmp_path):
    home = Home(tmp_path / "home").ensure()
    good = good_workbook(tmp_path, fw)
    path = tmp_path / "SYNTHETIC_fingertips_every_row_wrong.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in fingertips_rows(100_000):
            row[12] = "lots"
            writer.writerow(row)

    accepted, refused = ingest_files([good, path], home, fw)

    assert (accepted.status, refused.status) == ("accepted", "refused")
    assert len(refused.problems) == 201
    assert refused.problems[-1].reason == ("… and 99,800 more problems (100,000 in all); fix the first ones and "
                                           "send the file again")
    assert audit(home, "select count(*) from audit.rejections") == [(201,)]
    assert len(refused.line()) < 1_500 and refused.line().endswith("+198 more in audit.rejections")
    reasons = next(home.quarantine.glob("*.reasons.txt")).read_text(encoding="utf-8")
    assert len(reasons.splitlines()) == 201

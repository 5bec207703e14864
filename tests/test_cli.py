"""The `maturity` command line as a user meets it: one line per file, contracted exit codes, and a
bad file that never stops a good one — through the real Dagster ingest job and DuckDB."""

from __future__ import annotations

import duckdb
import pytest

from ingest.assessments.template import write_template
from pipelines.cli import main, parser
from tests.support.lock_holder import holding
from warehouse.home import Home
from warehouse.lock import EXIT_BUSY


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path / "data").ensure()


def _lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_a_refused_file_is_reported_and_quarantined_and_the_good_one_loads(home, tmp_path, framework, submitted, capsys):
    good = write_template(tmp_path / submitted[0].file_name, framework, submitted[0].content)
    bad = tmp_path / "minutes of the meeting.xlsx"
    bad.write_text("These are the minutes, not the scores.")

    assert main(["ingest", str(bad), str(good), "--home", str(home.root)]) == 1

    lines = _lines(capsys)
    assert len(lines) == 2
    assert lines[0].startswith("refused") and "minutes of the meeting.xlsx" in lines[0] and "not a readable" in lines[0]
    assert lines[1].startswith("accepted") and good.name in lines[1]
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        rejections = con.execute("select file_name, location, reason from audit.rejections").fetchall()
        loaded = con.execute("select file_name from raw.submissions").fetchall()
    assert rejections == [("minutes of the meeting.xlsx", "file", rejections[0][2])]
    assert loaded == [(good.name,)]
    quarantined = sorted(p.name for p in home.quarantine.iterdir())
    assert any(name.endswith("minutes of the meeting.xlsx") for name in quarantined)
    assert any(name.endswith(".reasons.txt") for name in quarantined)
    assert good.exists() and bad.exists()  # files given from elsewhere are left where they were


def test_identical_bytes_again_are_unchanged_and_exit_zero(home, tmp_path, framework, submitted, capsys):
    good = write_template(tmp_path / submitted[0].file_name, framework, submitted[0].content)
    assert main(["ingest", str(good), "--home", str(home.root)]) == 0
    capsys.readouterr()
    assert main(["ingest", str(good), "--home", str(home.root)]) == 0
    assert _lines(capsys)[0].startswith("unchanged")


def test_area_and_year_overrides_reach_the_warehouse(home, tmp_path, framework, submitted, capsys):
    good = write_template(tmp_path / "scores.xlsx", framework, submitted[0].content)
    assert main(["ingest", str(good), "--area", "Hammersmith & Fulham", "--year", "2021", "--home", str(home.root)]) == 0
    assert "Hammersmith and Fulham 2021" in _lines(capsys)[0]
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        assert con.execute("select area_code, assessment_year from raw.submissions").fetchall() == [("E09000013", 2021)]


def test_blank_template_is_written_and_refused_until_filled(home, tmp_path, capsys):
    out = tmp_path / "blank tool.xlsx"
    assert main(["template", "excel", str(out)]) == 0
    assert out.exists()
    capsys.readouterr()
    assert main(["ingest", str(out), "--home", str(home.root)]) == 1
    assert _lines(capsys)[0].startswith("refused")


def test_run_picks_up_the_inbox_and_empties_it(home, framework, submitted, capsys):
    write_template(home.inbox / submitted[0].file_name, framework, submitted[0].content)
    assert main(["run", "--home", str(home.root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("accepted") and "published" in out
    assert list(home.inbox.iterdir()) == []
    assert home.snapshot.exists()


def test_ingest_with_build_loads_the_given_file_and_publishes_in_one_run(home, tmp_path, framework, submitted, capsys):
    sent = write_template(tmp_path / submitted[0].file_name, framework, submitted[0].content)
    waiting = write_template(home.inbox / "SYNTHETIC_waiting.xlsx", framework, submitted[1].content)
    assert main(["ingest", str(sent), "--build", "--home", str(home.root)]) == 0
    out = capsys.readouterr().out
    assert out.split()[:2] == ["accepted", sent.name] and f"published {home.snapshot}" in out
    assert list(home.inbox.iterdir()) == [waiting]  # the given file only, not the inbox
    with duckdb.connect(str(home.snapshot), read_only=True) as con:
        assert con.execute("select count(*) from marts.enabler_maturity").fetchone()[0] > 0
    assert not home.run_log("ingest").exists()  # one run, not an ingest then a build


@pytest.mark.parametrize("where", [(), ("--area", "camden", "--year", "2024")])
def test_template_data_sharing_writes_a_questionnaire_the_ingest_path_reads(tmp_path, framework, capsys, where):
    from ingest.assessments import layout as L
    from ingest.core.book import Book
    from ingest.data_sharing.reader import DataSharingReader

    out = tmp_path / "questionnaire.xlsx"
    assert main(["template", "data-sharing", str(out), *where]) == 0
    assert str(out) in capsys.readouterr().out
    with Book(out) as book:
        assert DataSharingReader(framework).recognises(book)
        about = [book.text(L.ABOUT_SHEET, row, L.ABOUT_VALUE_COL) for row in (L.AREA_ROW, L.YEAR_ROW)]
    assert about == (["Camden", "2024"] if where else [None, None])


def test_template_data_sharing_refuses_an_unknown_area(tmp_path, capsys):
    assert main(["template", "data-sharing", str(tmp_path / "q.xlsx"), "--area", "Narnia"]) == 2
    assert "Narnia" in capsys.readouterr().err
    assert not (tmp_path / "q.xlsx").exists()


def test_the_demo_summary_counts_every_status_as_the_audit_trail_records_them(demo_home):
    from ingest.results import FileStatus
    from tests.support.demo import DEMO_OUTPUT_NAME

    printed = (demo_home.root.parent / DEMO_OUTPUT_NAME).read_text(encoding="utf-8")
    [summary] = [line for line in printed.splitlines() if line.startswith("ingested: ")]
    with duckdb.connect(str(demo_home.warehouse), read_only=True) as con:
        recorded = dict(con.execute(  # the inbox's files; the build reads the reference file on its own
            "select status, count(*) from audit.file_events where file_kind is distinct from 'statistical_neighbours' "
            "group by status").fetchall())
    assert summary == "ingested: " + ", ".join(f"{recorded.get(s.value, 0)} {s.value}" for s in FileStatus)
    assert recorded["accepted"] > 0 and recorded["refused"] == 1  # the demo's deliberately broken example


def test_the_next_ingest_removes_what_a_crashed_run_left(home, tmp_path, framework, submitted, capsys):
    staging = home.snapshot_staging("f00dcafe")  # a publish killed before its rename
    staging.write_bytes(b"half a snapshot")
    partial = home.archive / ".partial-0a1b-3f2e.xlsx"  # an archive copy killed before its rename
    partial.write_bytes(b"half a copy")
    good = write_template(tmp_path / submitted[0].file_name, framework, submitted[0].content)

    assert main(["ingest", str(good), "--home", str(home.root)]) == 0
    captured = capsys.readouterr()
    assert ("removed 2 leftover(s) of an interrupted run: archive/.partial-0a1b-3f2e.xlsx, "
            "published/.maturity.duckdb.f00dcafe.tmp") in captured.err.splitlines()
    assert captured.out.startswith("accepted")
    assert not staging.exists() and not partial.exists()


def test_a_resolution_file_waits_for_the_writer_and_gives_up_with_exit_3(home, tmp_path, capsys):
    duckdb.connect(str(home.warehouse)).close()
    out = tmp_path / "resolution.xlsx"
    with holding(home) as holder:
        code = main(["template", "resolution", str(out), "--home", str(home.root),
                     "--area", "Camden", "--year", "2024", "--wait", "0"])
    assert code == EXIT_BUSY and not out.exists()
    waiting, gave_up = capsys.readouterr().err.splitlines()
    assert waiting.startswith(f"waiting for another run to finish (pid {holder.pid}, `maturity run`, started ")
    assert gave_up.startswith("maturity template: gave up after 0 s: another run is still using the warehouse")


def test_the_exit_codes_are_in_the_help():
    assert "3 another run kept the warehouse for longer than --wait SECONDS" in " ".join(parser().format_help().split())

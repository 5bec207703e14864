"""What partnerships write beside their scores reaches the narrative marts (issue #14), on a copy of
the built warehouse with real dbt, Dagster, Great Expectations and the publish step: raw rows for
current submissions of the demo are inserted as the ingest writes them, `maturity build` runs, and
the marts are read back column for column. A superseded submission's narrative never appears; a
priority's enablers are joined to the next assessment's change in each; the regional prevalence
equals a count made here from the raw rows; the snapshot neutralises formula-like text, in lists too;
and a narrative mart that breaks the gate's rules is not published.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date

import dagster as dg
import duckdb
import pytest

from pipelines.assets.publish import _neutralised_columns
from pipelines.cli import main
from tests.test_pipeline_gate import _gate_job
from warehouse.home import HOME_ENV, Home

TWO_YEARS = "E09000007"  # Camden: one group in 2023 and in 2024
TWO_GROUPS = "E09000013"  # Hammersmith and Fulham: two groups in 2023
OLD = "0" * 64  # an earlier version of Camden's 2023 workbook, replaced by the current one
NARRATIVE_TABLES = ("reflections", "challenge_answers", "integration_models", "priorities", "submission_notes")
REFLECTION = "=SUM(A1) joint training for health visitors\n\nand children's centre staff"


def _current(con, area_code: str, year: int) -> list[tuple[str, str | None]]:
    return con.execute("select submission_id, group_label from raw.submissions where superseded_by is null "
                       "and area_code = ? and assessment_year = ? order by group_label", [area_code, year]).fetchall()


def _insert(con, table: str, rows: list[tuple]) -> None:
    marks = ", ".join("?" * len(rows[0]))
    con.executemany(f"insert into raw.{table} values ({marks})", rows)


@pytest.fixture(scope="module")
def narrated(built_home, tmp_path_factory, framework) -> Home:
    """A copy of the built home with narrative rows for current submissions (and one superseded),
    built once for the module: the tests only read it."""
    home = Home(tmp_path_factory.mktemp("narrated") / "data")
    shutil.copytree(built_home.root, home.root)
    theme = framework.themes[1]
    challenge = framework.challenges[1]
    model_today, model_aimed = framework.integration_models[0], framework.integration_models[1]
    statuses = [s.id for s in framework.challenge_statuses]
    with duckdb.connect(str(home.warehouse)) as con:
        ((camden, _),) = _current(con, TWO_YEARS, 2023)
        groups = [submission_id for submission_id, _ in _current(con, TWO_GROUPS, 2023)]
        assert len(groups) == 2
        # What the demo wrote for these submissions is replaced by rows this test states.
        for table in NARRATIVE_TABLES:
            con.execute(f"delete from raw.{table} where submission_id in (select unnest(?))", [[camden, *groups]])
        con.execute("insert into raw.submissions (submission_id, file_name, reader, area_code, assessment_year, "
                    "group_label, is_synthetic, entry, loaded_at, superseded_by) select ?, 'old.xlsx', reader, "
                    "area_code, assessment_year, group_label, is_synthetic, entry, loaded_at - interval 1 day, "
                    "submission_id from raw.submissions where submission_id = ?", [OLD, camden])
        _insert(con, "reflections", [
            (camden, "theme", theme.id, "reflection", REFLECTION, "'Reflections'!C6"),
            (OLD, "theme", theme.id, "reflection", "superseded reflection", "'Reflections'!C6"),
            (OLD, "enabler", "E01", "evidence", "superseded evidence", "'Reflections'!C9"),
        ])
        _insert(con, "integration_models", [
            (camden, "overall", model_today.id, model_aimed.id, "Coalition", "co-ordinated", "'Integration model'!C5"),
            (OLD, theme.id, model_aimed.id, None, None, None, "'Integration model'!C7"),
        ])
        _insert(con, "priorities", [
            (camden, 1, "Share case records across the hub", ["E09", "E11"], "E9 & E11", "Head of Early Help",
             date(2024, 3, 31), "March 2024", "'Priorities'!B6"),
            (camden, 2, "Listen to families", [], "families", None, None, None, "'Priorities'!B7"),
            (OLD, 1, "superseded priority", ["E01"], "E1", None, None, None, "'Priorities'!B6"),
        ])
        _insert(con, "submission_notes", [(camden, "'Priorities'!B12", "see minutes", "names no priority")])
        # Beside the demo's own answers: the two groups of one area answer differently (and one
        # gives no status), so the area's strongest status is what counts.
        answers = [(camden, challenge.id, statuses[0], "Yes - major issue", "more health visitors", "'Challenges'!D6"),
                   (OLD, challenge.id, statuses[-1], "No", "superseded", "'Challenges'!D6")]
        for j, c in enumerate(framework.challenges):
            for g, submission_id in enumerate(groups):
                status = None if (g, j) == (1, 5) else statuses[(j + g * 2) % len(statuses)]
                answers.append((submission_id, c.id, status, None, None, f"'Challenges'!D{6 + j}"))
        _insert(con, "challenge_answers", answers)
    assert main(["build", "--home", str(home.root)]) == 0
    return home


def _rows(con, sql: str, params=()) -> list[dict]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_each_section_reaches_its_mart_column_for_column(narrated, framework):
    theme, challenge = framework.themes[1], framework.challenges[1]
    model_today, model_aimed = framework.integration_models[0], framework.integration_models[1]
    status = framework.challenge_statuses[0]
    base = {"area_code": TWO_YEARS, "area_name": framework.area(TWO_YEARS).name, "assessment_year": 2023, "group_label": None,
            "is_synthetic": True}
    with duckdb.connect(str(narrated.warehouse), read_only=True) as con:
        where = "where area_code = ? and assessment_year = 2023"
        assert _rows(con, f"select * from marts.reflections {where}", [TWO_YEARS]) == [{
            **base, "level": "theme", "item_id": theme.id, "item_name": theme.name, "item_order": theme.order,
            "kind": "reflection", "text": REFLECTION}]
        assert _rows(con, f"select * from marts.challenges {where} and challenge_id = ?", [TWO_YEARS, challenge.id]) == [{
            **base, "challenge_id": challenge.id, "challenge_order": challenge.order, "challenge_name": challenge.name,
            "status": status.id, "status_label": status.label, "within_gift": "more health visitors"}]
        assert _rows(con, f"select * from marts.integration_model {where}", [TWO_YEARS]) == [{
            **base, "scope": "overall", "scope_name": "Overall", "scope_order": 0,
            "current_model": model_today.id, "current_model_name": model_today.name,
            "aspired_model": model_aimed.id, "aspired_model_name": model_aimed.name}]

        changes = {r["item_id"]: r for r in _rows(
            con, "select * from marts.maturity_change where area_code = ? and level = 'enabler' and previous_year = 2023 "
                 "and current_year = 2024", [TWO_YEARS])}
        enablers = {e.id: e for e in framework.enablers}
        priorities = _rows(con, f"select * from marts.priorities {where} order by priority_no, enabler_id", [TWO_YEARS])
        assert priorities == [
            {**base, "priority_no": 1, "text": "Share case records across the hub", "enabler_ids": ["E09", "E11"],
             "owner_role": "Head of Early Help", "review_date": date(2024, 3, 31), "enabler_id": e,
             "enabler_name": enablers[e].name, "next_year": 2024,
             "next_previous_n": changes[e]["previous_n"], "next_current_n": changes[e]["current_n"],
             "change": changes[e]["change"], "change_ci_low": changes[e]["change_ci_low"],
             "change_ci_high": changes[e]["change_ci_high"], "direction": changes[e]["direction"],
             "change_is_suppressed": changes[e]["is_suppressed"]}
            for e in ("E09", "E11")
        ] + [{**base, "priority_no": 2, "text": "Listen to families", "enabler_ids": [], "owner_role": None,
              "review_date": None, "enabler_id": None, "enabler_name": None, "next_year": 2024,
              "next_previous_n": None, "next_current_n": None, "change": None, "change_ci_low": None,
              "change_ci_high": None, "direction": None, "change_is_suppressed": None}]
        assert not any(changes[e]["is_suppressed"] for e in ("E09", "E11"))  # the join is of real figures
        assert all(p["change"] is not None for p in priorities[:2])


def test_a_superseded_submissions_narrative_does_not_appear(narrated):
    with duckdb.connect(str(narrated.warehouse), read_only=True) as con:
        for table in NARRATIVE_TABLES:
            raw, staged = con.execute(f"select (select count(*) from raw.{table} where submission_id = ?), "
                                      f"(select count(*) from staging.stg_raw__{table} where submission_id = ?)",
                                      [OLD, OLD]).fetchone()
            # Staging keeps every version, as raw does; the marts keep the current submission's only.
            assert (raw > 0, staged) == (table != "submission_notes", raw), table
        for table, column in (("reflections", "text"), ("challenges", "within_gift"), ("priorities", "text")):
            found = con.execute(f"select count(*) from marts.{table} where {column} like 'superseded%'").fetchone()[0]
            assert found == 0, table
        camden = "where area_code = ? and assessment_year = 2023"
        assert con.execute(f"select level, count(*) from marts.reflections {camden} group by level",
                           [TWO_YEARS]).fetchall() == [("theme", 1)]
        assert con.execute(f"select scope from marts.integration_model {camden}", [TWO_YEARS]).fetchall() == [("overall",)]


def test_prevalence_counts_each_area_once_at_its_strongest_status(narrated, framework):
    rank = {s.id: s.order for s in framework.challenge_statuses}
    with duckdb.connect(str(narrated.warehouse), read_only=True) as con:
        raw = con.execute(
            "select s.area_code, s.assessment_year, a.challenge_id, a.status from raw.challenge_answers a "
            "join raw.submissions s using (submission_id) where s.superseded_by is null").fetchall()
        maturity = {(a, y): m for a, y, m in con.execute(
            "select area_code, assessment_year, mean_score from marts.area_maturity where not is_suppressed").fetchall()}
        published = _rows(con, "select * from marts.challenge_prevalence "
                               "order by region_code, assessment_year, challenge_order")
    strongest: dict[tuple, str] = {}
    for area_code, year, challenge_id, status in raw:
        key = (area_code, year, challenge_id)
        if status is not None and (key not in strongest or rank[status] < rank[strongest[key]]):
            strongest[key] = status
    two_groups = {k: v for k, v in strongest.items() if k[0] == TWO_GROUPS and k[1] == 2023}
    assert two_groups  # the area with two groups is counted once per challenge
    years = sorted({year for _, year, _, _ in raw})
    expected = []
    # every area here is London's: London's rows, then England's, the same counts
    for geography, code, name in (("region", "E12000007", "London"), ("country", "E92000001", "England")):
        for year in years:
            for c in framework.challenges:
                areas = {a: s for (a, y, cid), s in strongest.items() if y == year and cid == c.id}
                counts = Counter(areas.values())
                means = {s: [maturity[(a, year)] for a, st in areas.items() if st == s and (a, year) in maturity]
                         for s in ("in_play", "not_in_play")}
                expected.append({
                    "geography": geography, "region_code": code, "region_name": name,
                    "assessment_year": year, "challenge_id": c.id, "challenge_name": c.name,
                    "challenge_order": c.order, "n_areas_answered": len(areas), "n_in_play": counts["in_play"],
                    "n_partly": counts["partly"], "n_not_in_play": counts["not_in_play"],
                    "mean_maturity_in_play": pytest.approx(sum(means["in_play"]) / len(means["in_play"]))
                    if means["in_play"] else None,
                    "n_maturity_in_play": len(means["in_play"]),
                    "mean_maturity_not_in_play": pytest.approx(sum(means["not_in_play"]) / len(means["not_in_play"]))
                    if means["not_in_play"] else None,
                    "n_maturity_not_in_play": len(means["not_in_play"]), "is_synthetic": True,
                })
    assert published == expected
    london = [r for r in published if r["geography"] == "region"]
    assert sum(r["n_areas_answered"] for r in london) < len(raw)  # groups and blanks were folded, not summed


def test_the_snapshot_publishes_the_narrative_marts_with_formula_text_neutralised(narrated):
    with duckdb.connect(str(narrated.snapshot), read_only=True) as con:
        camden = f"where area_code = '{TWO_YEARS}' and assessment_year = 2023"
        assert con.execute(f"select text from marts.reflections {camden}").fetchall() == [("'" + REFLECTION,)]
        lists = con.execute(f"select enabler_ids from marts.priorities {camden} and priority_no = 1").fetchall()
        assert lists == [(["E09", "E11"],), (["E09", "E11"],)]
        for table in ("challenges", "integration_model", "challenge_prevalence"):
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] > 0


def test_publishing_neutralises_every_element_of_a_text_list_and_refuses_other_nested_text():
    with duckdb.connect() as con:
        con.execute("attach ':memory:' as wh")
        con.execute("create schema wh.marts")
        con.execute("create table wh.marts.t as select ['=cmd|calc', 'E01', '-0.5', '@me', null]::varchar[] as ids, "
                    "'+x' as note union all select null, 'plain' union all select []::varchar[], null")
        rows = con.execute(f"select {_neutralised_columns(con, 'wh.marts.t')} from wh.marts.t").fetchall()
        assert rows == [(["'=cmd|calc", "E01", "-0.5", "'@me", None], "'+x"), (None, "plain"), ([], None)]
        con.execute("create table wh.marts.s as select {'label': '=x'} as detail")
        with pytest.raises(TypeError, match="unneutralised"):
            _neutralised_columns(con, "wh.marts.s")


def test_a_narrative_mart_breaking_its_rules_is_never_published(built_home, tmp_path, monkeypatch, framework):
    """Allowed values and grain of the narrative marts are the gate's alone: breaking them keeps the
    snapshot unpublished and names exactly the marts that broke."""
    home = Home(tmp_path / "data").ensure()
    shutil.copy(built_home.warehouse, home.warehouse)
    monkeypatch.setenv(HOME_ENV, str(home.root))
    with duckdb.connect(str(home.warehouse)) as con:
        assert con.execute("select count(*) from marts.challenges where status is not null").fetchone()[0] > 0
        con.execute("update marts.challenges set status = 'maybe' where status is not null")
        con.execute("insert into marts.integration_model select * from marts.integration_model limit 1")
        con.execute("update marts.priorities set change = 1.0, change_is_suppressed = true where enabler_id is not null")

    result = _gate_job().execute_in_process(raise_on_error=False)

    failed = {e.asset_key for e in result.get_asset_check_evaluations() if not e.passed}
    assert failed == {dg.AssetKey(["marts", name]) for name in ("challenges", "integration_model", "priorities")}
    assert not home.snapshot.exists()

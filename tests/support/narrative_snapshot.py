"""A published snapshot with the narrative marts of issue #14, for the dashboard and pack tests.

A copy of a built home's snapshot gets marts.reflections, marts.challenges, marts.integration_model,
marts.priorities and marts.challenge_prevalence with the contract's columns, filled the way
partnerships write: markdown and HTML typed into a reflection, a formula-like first character, line
breaks, a priority naming two enablers and one naming none, a challenge answered only with what is
within the partnership's gift, two groups in one area-year. Names and orders come from the
snapshot's reference tables and the framework; a priority's change is the snapshot's own
marts.maturity_change row, so a test can check the pack against that mart. One of those rows is
made withheld first (as a group too small in one year would make it), so the withheld wording is
exercised; the borough page and pack read the same change, so they stay consistent.

`without_narrative` drops the marts again: a snapshot published before they existed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from framework import load_framework
from warehouse.home import Home

CAMDEN = "E09000007"
HAMMERSMITH = "E09000013"  # two groups in 2023 in the built subset
CITY = "E09000001"
YEAR, PREVIOUS = 2024, 2023
GROUPS = ("Health partners", "Local authority and early education")
MARTS = ("reflections", "challenges", "integration_model", "priorities", "challenge_prevalence")

# Text as people type it: markdown, HTML and a directive a page must not render, formula triggers
# a spreadsheet must not run, line breaks, and plain prose.
MARKUP = "**Joint** training <b>first</b> [plan](http://example.invalid/x) :red[urgent] $x^2$"
MULTILINE = "Agree one outcome for 0–5s across health and the council.\n  1. review in March\n# not a heading"
FORMULA = '=HYPERLINK("http://example.invalid/?leak","evidence")'
PLUS_GIFT = "+ a joint rota for health visitors"
MINUS_PRIORITY = "-Reduce duplicated assessments"
AT_OWNER = "@Head of Early Help"


@dataclass(frozen=True)
class Priority:
    year: int
    no: int
    text: str
    enabler_ids: tuple[str, ...]
    owner_role: str | None
    review_date: date | None


CAMDEN_PRIORITIES = (
    Priority(PREVIOUS, 1, "Joint workforce plan across health and the council", ("E02", "E07"),
             "Director of Public Health", date(2024, 1, 31)),
    Priority(PREVIOUS, 2, "Shared data dashboard for the partnership board", (), None, None),
    Priority(YEAR, 1, "Single front door for families", ("E03", "E08"), AT_OWNER, date(2025, 3, 31)),
    Priority(YEAR, 2, MINUS_PRIORITY, (), None, None),
)
WITHHELD_CHANGE = ("E07",)  # Camden's change 2023 → 2024 in E07 is made withheld


def narrative_home(source: Home, root: Path) -> Home:
    """A home at `root` holding a copy of `source`'s snapshot with the narrative marts added."""
    home = Home(root).ensure()
    shutil.copyfile(source.snapshot, home.snapshot)
    add_narrative(home.snapshot)
    return home


def without_narrative(path: Path) -> None:
    """Drop the narrative marts from the snapshot at `path`, as one published before them."""
    with duckdb.connect(str(path)) as con:
        for mart in MARTS:
            con.execute(f"DROP TABLE IF EXISTS marts.{mart}")


def add_narrative(path: Path) -> None:
    """Write the five narrative marts into the snapshot at `path` (replacing any there)."""
    without_narrative(path)
    with duckdb.connect(str(path)) as con:
        _area_columns(con)
        _reflections(con)
        _challenges(con)
        _models(con)
        _priorities(con)
        _prevalence(con)
        con.execute("DROP MACRO area_rows")


def _area_columns(con) -> None:
    """A macro giving the columns every narrative mart carries, from the snapshot itself."""
    con.execute(
        """
        CREATE MACRO area_rows() AS TABLE
        SELECT a.area_code, a.area_name, m.assessment_year, m.is_synthetic
        FROM reference.areas AS a JOIN marts.area_maturity AS m USING (area_code)
        """
    )


def _reflections(con) -> None:
    themes = [t for (t,) in con.execute("SELECT theme_id FROM reference.themes ORDER BY theme_order").fetchall()]
    rows = [
        (CAMDEN, YEAR, None, "theme", themes[0], "reflection", MULTILINE),
        (CAMDEN, YEAR, None, "theme", themes[1], "reflection", MARKUP),
        (CAMDEN, YEAR, None, "enabler", "E01", "evidence", FORMULA),
        (CAMDEN, YEAR, None, "enabler", "E05", "evidence", "Family hubs open in 4 of 6 localities (hub dashboard, Q3)."),
        (CAMDEN, PREVIOUS, None, "theme", themes[0], "reflection", "Last year: we lacked a shared plan."),
        (HAMMERSMITH, PREVIOUS, GROUPS[0], "theme", themes[0], "reflection", "Health: GP links are weak."),
        (HAMMERSMITH, PREVIOUS, GROUPS[1], "theme", themes[0], "reflection", "Council: settings feel unheard."),
    ]
    con.execute("CREATE TEMP TABLE given_reflections (area_code VARCHAR, assessment_year INTEGER, group_label "
                "VARCHAR, level VARCHAR, item_id VARCHAR, kind VARCHAR, text VARCHAR)")
    con.executemany("INSERT INTO given_reflections VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(
        """
        CREATE TABLE marts.reflections AS
        SELECT a.area_code, a.area_name, a.assessment_year, g.group_label, a.is_synthetic, g.level, g.item_id,
            coalesce(t.theme_name, e.enabler_name) AS item_name,
            coalesce(t.theme_order, e.enabler_order) AS item_order, g.kind, g.text
        FROM given_reflections AS g
        JOIN area_rows() AS a USING (area_code, assessment_year)
        LEFT JOIN reference.themes AS t ON g.level = 'theme' AND t.theme_id = g.item_id
        LEFT JOIN reference.enablers AS e ON g.level = 'enabler' AND e.enabler_id = g.item_id
        """
    )


def _challenges(con) -> None:
    ids = [c for (c,) in con.execute("SELECT challenge_id FROM reference.challenges ORDER BY challenge_order").fetchall()]
    camden = ("in_play", "in_play", "partly", "not_in_play", "not_in_play", None)
    gifts = (PLUS_GIFT, "Protected time for the board", None, None, None, "Ask the ICB for a named lead")
    rows = [(CAMDEN, YEAR, None, c, s, g) for c, s, g in zip(ids, camden, gifts)]
    rows += [(CITY, YEAR, None, ids[0], "partly", None), (CITY, YEAR, None, ids[1], "in_play", "Share a post")]
    rows += [(HAMMERSMITH, PREVIOUS, GROUPS[0], ids[0], "in_play", "Health: fix the data feed"),
             (HAMMERSMITH, PREVIOUS, GROUPS[1], ids[0], "not_in_play", None)]
    con.execute("CREATE TEMP TABLE given_challenges (area_code VARCHAR, assessment_year INTEGER, group_label "
                "VARCHAR, challenge_id VARCHAR, status VARCHAR, within_gift VARCHAR)")
    con.executemany("INSERT INTO given_challenges VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TEMP TABLE status_labels (status VARCHAR, status_label VARCHAR, status_order INTEGER)")
    con.executemany("INSERT INTO status_labels VALUES (?, ?, ?)",
                    [(s.id, s.label, s.order) for s in load_framework().challenge_statuses])
    con.execute(
        """
        CREATE TABLE marts.challenges AS
        SELECT a.area_code, a.area_name, a.assessment_year, g.group_label, a.is_synthetic, g.challenge_id,
            c.challenge_order, c.challenge_name, g.status, s.status_label, g.within_gift
        FROM given_challenges AS g
        JOIN area_rows() AS a USING (area_code, assessment_year)
        JOIN reference.challenges AS c USING (challenge_id)
        LEFT JOIN status_labels AS s USING (status)
        """
    )


def _models(con) -> None:
    themes = [t for (t,) in con.execute("SELECT theme_id FROM reference.themes ORDER BY theme_order").fetchall()]
    models = [m for (m,) in con.execute("SELECT model_id FROM reference.integration_models ORDER BY model_order")
              .fetchall()]
    rows = [
        (CAMDEN, YEAR, None, "overall", models[0], models[1]),
        (CAMDEN, YEAR, None, themes[0], models[1], models[2]),
        (CAMDEN, YEAR, None, themes[1], models[0], None),
        (HAMMERSMITH, PREVIOUS, GROUPS[0], "overall", models[0], models[2]),
        (HAMMERSMITH, PREVIOUS, GROUPS[1], "overall", models[1], models[1]),
    ]
    con.execute("CREATE TEMP TABLE given_models (area_code VARCHAR, assessment_year INTEGER, group_label VARCHAR, "
                "scope VARCHAR, current_model VARCHAR, aspired_model VARCHAR)")
    con.executemany("INSERT INTO given_models VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute(
        """
        CREATE TABLE marts.integration_model AS
        SELECT a.area_code, a.area_name, a.assessment_year, g.group_label, a.is_synthetic, g.scope,
            CASE WHEN g.scope = 'overall' THEN 'Overall' ELSE t.theme_name END AS scope_name,
            coalesce(t.theme_order, 0) AS scope_order,
            g.current_model, cm.model_name AS current_model_name, g.aspired_model, am.model_name AS aspired_model_name
        FROM given_models AS g
        JOIN area_rows() AS a USING (area_code, assessment_year)
        LEFT JOIN reference.themes AS t ON t.theme_id = g.scope
        LEFT JOIN reference.integration_models AS cm ON cm.model_id = g.current_model
        LEFT JOIN reference.integration_models AS am ON am.model_id = g.aspired_model
        """
    )


def _priorities(con) -> None:
    con.execute(
        """
        UPDATE marts.maturity_change SET is_suppressed = true, change = NULL, change_ci_low = NULL,
            change_ci_high = NULL, direction = 'cannot be calculated'
        WHERE area_code = ? AND level = 'enabler' AND previous_year = ? AND current_year = ?
            AND list_contains(?, item_id)
        """,
        [CAMDEN, PREVIOUS, YEAR, list(WITHHELD_CHANGE)],
    )
    con.execute("CREATE TEMP TABLE given_priorities (area_code VARCHAR, assessment_year INTEGER, group_label VARCHAR, "
                "priority_no INTEGER, text VARCHAR, enabler_ids VARCHAR[], owner_role VARCHAR, review_date DATE)")
    con.executemany("INSERT INTO given_priorities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(CAMDEN, p.year, None, p.no, p.text, list(p.enabler_ids), p.owner_role, p.review_date)
                     for p in CAMDEN_PRIORITIES])
    con.execute(
        """
        CREATE TABLE marts.priorities AS
        WITH named AS (
            SELECT g.*, u.enabler_id
            FROM given_priorities AS g
            LEFT JOIN (SELECT area_code, assessment_year, priority_no, unnest(enabler_ids) AS enabler_id
                       FROM given_priorities) AS u USING (area_code, assessment_year, priority_no)
        ),
        next_years AS (
            SELECT area_code, assessment_year,
                lead(assessment_year) OVER (PARTITION BY area_code ORDER BY assessment_year) AS next_year
            FROM marts.area_maturity
        )
        SELECT a.area_code, a.area_name, a.assessment_year, n.group_label, a.is_synthetic, n.priority_no, n.text,
            n.enabler_ids, n.owner_role, n.review_date, n.enabler_id, e.enabler_name, y.next_year,
            c.previous_n AS next_previous_n, c.current_n AS next_current_n, c.change, c.change_ci_low,
            c.change_ci_high, c.direction, c.is_suppressed AS change_is_suppressed
        FROM named AS n
        JOIN area_rows() AS a USING (area_code, assessment_year)
        JOIN next_years AS y USING (area_code, assessment_year)
        LEFT JOIN reference.enablers AS e USING (enabler_id)
        LEFT JOIN marts.maturity_change AS c
            ON c.area_code = n.area_code AND c.level = 'enabler' AND c.item_id = n.enabler_id
            AND c.previous_year = n.assessment_year AND c.current_year = y.next_year
        """
    )


def _prevalence(con) -> None:
    """The regional summary, as the contract defines it, from the marts.challenges written above."""
    con.execute(
        """
        CREATE TABLE marts.challenge_prevalence AS
        WITH area_status AS (
            SELECT c.area_code, c.assessment_year, c.challenge_id, arg_min(c.status, s.status_order) AS status
            FROM marts.challenges AS c JOIN status_labels AS s USING (status)
            GROUP BY ALL
        )
        SELECT 'region' AS geography, 'E12000007' AS region_code, 'London' AS region_name, y.assessment_year, r.challenge_id, r.challenge_name, r.challenge_order,
            count(s.status) AS n_areas_answered,
            count(*) FILTER (WHERE s.status = 'in_play') AS n_in_play,
            count(*) FILTER (WHERE s.status = 'partly') AS n_partly,
            count(*) FILTER (WHERE s.status = 'not_in_play') AS n_not_in_play,
            avg(m.mean_score) FILTER (WHERE s.status = 'in_play' AND NOT m.is_suppressed) AS mean_maturity_in_play,
            count(m.mean_score) FILTER (WHERE s.status = 'in_play' AND NOT m.is_suppressed) AS n_maturity_in_play,
            avg(m.mean_score) FILTER (WHERE s.status = 'not_in_play' AND NOT m.is_suppressed)
                AS mean_maturity_not_in_play,
            count(m.mean_score) FILTER (WHERE s.status = 'not_in_play' AND NOT m.is_suppressed)
                AS n_maturity_not_in_play,
            coalesce(bool_or(m.is_synthetic), (SELECT is_synthetic FROM meta.snapshot)) AS is_synthetic
        FROM (SELECT DISTINCT assessment_year FROM marts.area_maturity) AS y
        CROSS JOIN reference.challenges AS r
        LEFT JOIN area_status AS s ON s.assessment_year = y.assessment_year AND s.challenge_id = r.challenge_id
        LEFT JOIN marts.area_maturity AS m ON m.area_code = s.area_code AND m.assessment_year = s.assessment_year
        GROUP BY ALL
        """
    )

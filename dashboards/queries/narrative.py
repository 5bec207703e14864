"""What a partnership said beside its scores (issue #14): its reflections per theme, its evidence
per enabler, which of the six challenges are in play, the integration model it sees today and the
one it aims for, and its priorities for action, with last assessment's priorities beside this
assessment's change in the enablers they named.

The marts are read as published (text as written; the snapshot writer has already neutralised text
a spreadsheet would execute). A snapshot published before these marts existed has none of them:
each query then returns None, so a page or pack can say the section was not collected rather than
that the partnership left it blank (an empty frame).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards.snapshot import Snapshot

# The narrative marts (the contract of issue #14); a snapshot may predate any of them.
REFLECTIONS = "reflections"
CHALLENGES = "challenges"
INTEGRATION_MODEL = "integration_model"
PRIORITIES = "priorities"
CHALLENGE_PREVALENCE = "challenge_prevalence"

_PRIORITY_COLUMNS = """
    p.area_code, p.area_name, p.assessment_year, p.group_label, p.priority_no, p.text, p.owner_role,
    p.review_date, p.enabler_id, p.enabler_name, e.enabler_order, p.next_year, p.next_previous_n,
    p.next_current_n, p.change, p.change_ci_low, p.change_ci_high, p.direction, p.change_is_suppressed
"""


@dataclass(frozen=True)
class Narrative:
    """One area-year's narrative, each frame None when the snapshot has no such mart (collected
    by a later version of the tool) and empty when the partnership left the section blank."""

    # marts.reflections: themes then enablers in the tool's order, each group's text in turn
    reflections: pd.DataFrame | None = None
    # marts.challenges in the tool's order, each group's answer in turn
    challenges: pd.DataFrame | None = None
    # marts.integration_model: overall first, then the themes, each group's answer in turn
    models: pd.DataFrame | None = None
    # marts.priorities of this assessment: one row per priority × named enabler (enabler_id null
    # for a priority naming none), by group, priority number and enabler order
    priorities: pd.DataFrame | None = None
    # marts.priorities of the area's previous assessment whose next_year is this year, with the
    # change since then in each enabler they named (null when marts.maturity_change has none)
    previous_priorities: pd.DataFrame | None = None
    # reference.integration_models in spectrum order: model_id, model_order, model_name, description
    spectrum: pd.DataFrame | None = None


def published_marts(snap: Snapshot) -> frozenset[str]:
    """The narrative marts this snapshot holds (read once per snapshot version)."""
    found = snap.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'")
    wanted = {REFLECTIONS, CHALLENGES, INTEGRATION_MODEL, PRIORITIES, CHALLENGE_PREVALENCE}
    return frozenset(set(found["table_name"]) & wanted)


def reflections(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame | None:
    if REFLECTIONS not in published_marts(snap):
        return None
    return snap.query(
        """
        SELECT area_code, area_name, assessment_year, group_label, level, item_id, item_name, item_order,
            kind, text
        FROM marts.reflections
        WHERE area_code = ? AND assessment_year = ?
        ORDER BY level = 'enabler', item_order, kind, group_label NULLS FIRST
        """,
        [area_code, year],
    )


def challenges(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame | None:
    if CHALLENGES not in published_marts(snap):
        return None
    return snap.query(
        """
        SELECT area_code, area_name, assessment_year, group_label, challenge_id, challenge_order,
            challenge_name, status, status_label, within_gift
        FROM marts.challenges
        WHERE area_code = ? AND assessment_year = ?
        ORDER BY challenge_order, group_label NULLS FIRST
        """,
        [area_code, year],
    )


def integration_models(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame | None:
    if INTEGRATION_MODEL not in published_marts(snap):
        return None
    return snap.query(
        """
        SELECT area_code, area_name, assessment_year, group_label, scope, scope_name, scope_order,
            current_model, current_model_name, aspired_model, aspired_model_name
        FROM marts.integration_model
        WHERE area_code = ? AND assessment_year = ?
        ORDER BY scope <> 'overall', scope_order, group_label NULLS FIRST
        """,
        [area_code, year],
    )


def priorities(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame | None:
    """This assessment's priorities (the columns of _PRIORITY_COLUMNS)."""
    return _priorities(snap, "p.assessment_year", area_code, year)


def previous_priorities(snap: Snapshot, area_code: str, year: int) -> pd.DataFrame | None:
    """The priorities set at the area's previous assessment, whose next assessment is `year`: each
    with the change in its enablers from then to now (marts.priorities' change columns)."""
    return _priorities(snap, "p.next_year", area_code, year)


def _priorities(snap: Snapshot, year_column: str, area_code: str, year: int) -> pd.DataFrame | None:
    """The area's marts.priorities rows whose `year_column` is `year`; None when the snapshot has no such mart."""
    if PRIORITIES not in published_marts(snap):
        return None
    return snap.query(
        f"""
        SELECT {_PRIORITY_COLUMNS}
        FROM marts.priorities AS p
        LEFT JOIN reference.enablers AS e USING (enabler_id)
        WHERE p.area_code = ? AND {year_column} = ?
        ORDER BY p.group_label NULLS FIRST, p.priority_no, e.enabler_order NULLS FIRST
        """,
        [area_code, year],
    )


def spectrum(snap: Snapshot) -> pd.DataFrame:
    """The spectrum of integration in order (coalition … unified), from the framework's reference table."""
    return snap.query("SELECT model_id, model_order, model_name, description FROM reference.integration_models "
                      "ORDER BY model_order")


def narrative(snap: Snapshot, area_code: str, year: int) -> Narrative:
    """Everything the partnership said for the area and year, as the borough page and packs show it."""
    return Narrative(
        reflections=reflections(snap, area_code, year),
        challenges=challenges(snap, area_code, year),
        models=integration_models(snap, area_code, year),
        priorities=priorities(snap, area_code, year),
        previous_priorities=previous_priorities(snap, area_code, year),
        spectrum=spectrum(snap),
    )


def challenge_prevalence(snap: Snapshot, year: int) -> pd.DataFrame | None:
    """marts.challenge_prevalence for the year, every region (and England), challenges in the tool's
    order."""
    if CHALLENGE_PREVALENCE not in published_marts(snap):
        return None
    return snap.query(
        """
        SELECT *
        FROM marts.challenge_prevalence
        WHERE assessment_year = ?
        ORDER BY region_code, challenge_order
        """,
        [int(year)],
    )

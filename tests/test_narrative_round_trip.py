"""Issue #14 end to end: what the demo's workbooks say beyond their scores, written by the template
writer, ingested and built by `maturity run` (the shared built home), reaches the marts exactly as
written, section by section; most borough-years have it; and each priority sits beside the change
marts.maturity_change gives for its enabler to the area's next assessment."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pytest


@pytest.fixture(scope="module")
def marts(built_home):
    with duckdb.connect(str(built_home.snapshot), read_only=True) as con:
        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        yield {
            "reflections": rows("select area_code, assessment_year, group_label, level, item_id, kind, text "
                                "from marts.reflections"),
            "challenges": rows("select area_code, assessment_year, group_label, challenge_id, status, within_gift "
                               "from marts.challenges"),
            "models": rows("select area_code, assessment_year, group_label, scope, current_model, aspired_model "
                           "from marts.integration_model"),
            "priorities": rows("select area_code, assessment_year, group_label, priority_no, text, enabler_ids, "
                               "owner_role, review_date, enabler_id, next_year, change, change_ci_low, "
                               "change_ci_high, direction, change_is_suppressed from marts.priorities"),
            "changes": {(a, i, p, c): rest for a, i, p, c, *rest in rows(
                "select area_code, item_id, previous_year, current_year, change, change_ci_low, change_ci_high, "
                "direction, is_suppressed from marts.maturity_change where level = 'enabler'")},
            "assessed": set(rows("select area_code, assessment_year from marts.area_maturity")),
        }


def _written(submitted):
    """(area, year, group) → the Narrative its workbook was written with."""
    return {(s.area_code, s.content.assessment_year, s.content.group_label): s.content.narrative
            for s in submitted if s.content.narrative is not None}


def _by_key(rows) -> dict[tuple, set]:
    grouped = defaultdict(set)
    for area, year, group, *rest in rows:
        grouped[(area, year, group)].add(tuple(tuple(v) if isinstance(v, list) else v for v in rest))
    return grouped


def test_every_section_of_every_workbook_reaches_its_mart_as_written(built_home, submitted, marts):
    written = _written(submitted)
    assert len(written) >= 6
    reflections, challenges = _by_key(marts["reflections"]), _by_key(marts["challenges"])
    models, priorities = _by_key(marts["models"]), _by_key(marts["priorities"])
    for key, n in written.items():
        assert reflections[key] == {("theme", t, "reflection", text) for t, text in n.reflections.items()} | {
            ("enabler", e, "evidence", text) for e, text in n.evidence.items()}, key
        assert challenges[key] == {(c, status, gift) for c, (status, gift) in n.challenges.items()}, key
        assert models[key] == {(scope, now, aim) for scope, (now, aim) in n.models.items()}, key
        published = {(no, text, ids, owner, review) for no, text, ids, owner, review, *_ in priorities[key]}
        assert published == {(no, p.text, p.enabler_ids, p.owner_role, p.review_date)
                             for no, p in enumerate(n.priorities, start=1)}, key
    # Nothing in the marts that no workbook wrote.
    assert set(reflections) | set(challenges) | set(models) | set(priorities) <= set(written)


def test_most_borough_years_have_every_section(submitted, marts):
    areas_years = {(s.area_code, s.content.assessment_year) for s in submitted}
    for section in ("reflections", "challenges", "models", "priorities"):
        covered = {(area, year) for area, year, *_ in marts[section]} & areas_years
        assert len(covered) >= 0.6 * len(areas_years), section


def test_each_priority_sits_beside_its_enablers_change_to_the_next_assessment(marts):
    joined = 0
    for area, year, _, _, _, ids, _, _, enabler, next_year, *change in marts["priorities"]:
        assert (enabler is None) == (not ids) and (enabler is None or enabler in ids)
        later = sorted(y for a, y in marts["assessed"] if a == area and y > year)
        assert next_year == (later[0] if later else None)
        expected = marts["changes"].get((area, enabler, year, next_year))
        if expected is None:
            assert change == [None] * 5
            continue
        figure, low, high, direction, suppressed = expected
        assert change == ([None, None, None] if suppressed else [figure, low, high]) + [direction, suppressed]
        joined += not suppressed
    assert joined >= 5  # the demo's priorities do meet a next assessment

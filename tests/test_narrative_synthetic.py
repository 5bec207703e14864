"""The synthetic demo's narrative sections (synthetic.narrative): most borough-years, deterministic,
marked synthetic, loosely consistent with each borough's story, and read back from the workbooks
exactly as generated."""

from __future__ import annotations

from collections import Counter

import pytest

from framework import load_framework
from ingest.assessments.template import write_template
from ingest.assessments.template_reader import TemplateWorkbookReader
from ingest.core.book import Book
from synthetic.generator import generate
from synthetic.narrative import CHALLENGE_SIGNALS, SYNTHETIC_PREFIX, narrative_for
from synthetic.seeding import DEFAULT_SEED
from synthetic.stories import stories


@pytest.fixture(scope="module")
def fw():
    return load_framework()


@pytest.fixture(scope="module")
def demo(fw):
    return generate(fw)


def test_most_borough_years_have_a_narrative_in_their_first_workbook(fw, demo):
    years = {(w.story.area_code, w.content.assessment_year) for w in demo}
    with_narrative = [w for w in demo if w.content.narrative is not None]
    assert len({(w.story.area_code, w.content.assessment_year) for w in with_narrative}) == len(with_narrative)
    assert 0.65 <= len(with_narrative) / len(years) <= 0.95
    first_groups = {(w.story.area_code, w.content.assessment_year): w for w in reversed(demo)}
    assert all(first_groups[(w.story.area_code, w.content.assessment_year)] is w for w in with_narrative)


def test_the_narrative_is_the_same_for_the_same_seed_and_differs_between_boroughs(fw, demo):
    again = generate(fw, area_codes=[demo[0].story.area_code])
    assert [w.content.narrative for w in again] == [w.content.narrative for w in demo[: len(again)]]
    distinct = {w.content.narrative.priorities for w in demo if w.content.narrative}
    assert len(distinct) > len(demo) // 2


def test_every_text_is_marked_synthetic(demo):
    for w in demo:
        n = w.content.narrative
        if n is None:
            continue
        texts = [*n.reflections.values(), *n.evidence.values(), *(p.text for p in n.priorities),
                 *(gift for _, gift in n.challenges.values() if gift)]
        assert texts and all(t.startswith(SYNTHETIC_PREFIX) for t in texts)


def test_statuses_and_models_are_varied_and_follow_the_story(fw, demo):
    plot = stories(fw)
    statuses = Counter(s for w in demo if w.content.narrative for s, _ in w.content.narrative.challenges.values())
    assert set(statuses) == {s.id for s in fw.challenge_statuses}
    models = Counter(m for w in demo if w.content.narrative for pair in w.content.narrative.models.values() for m in pair)
    assert set(models) == {m.id for m in fw.integration_models}
    # where the enabler a challenge rests on is low, the challenge is in play more often than where it is high
    signal = CHALLENGE_SIGNALS["technical_blockages"][0]
    low, high = [], []
    for w in demo:
        n, year = w.content.narrative, w.content.assessment_year
        if n and "technical_blockages" in n.challenges:
            level = plot[w.story.area_code].level(signal, year)
            (low if level < 2.4 else high).append(n.challenges["technical_blockages"][0] == "in_play")
    assert low and high and sum(low) / len(low) > sum(high) / len(high)


def test_priorities_name_weak_enablers_with_owners_and_reviews_in_the_next_year(fw, demo):
    plot = stories(fw)
    follow_ups = 0
    for w in demo:
        n, year = w.content.narrative, w.content.assessment_year
        if n is None:
            continue
        assert 2 <= len(n.priorities) <= 5
        weakest = sorted(plot[w.story.area_code].enabler_levels, key=lambda pair: pair[1])[0][0]
        assert any(weakest in p.enabler_ids for p in n.priorities) or "continue" in n.priorities[0].text
        for p in n.priorities:
            assert 1 <= len(p.enabler_ids) <= 3 and p.owner_role
            assert p.review_date.year == year + 1
        follow_ups += "continue last year's priority" in n.priorities[0].text
    assert follow_ups >= 5


def test_a_year_s_narrative_does_not_depend_on_which_years_are_generated(fw, demo):
    story = demo[0].story
    alone = narrative_for(fw, DEFAULT_SEED, story, 2025)
    assert alone == next((w.content.narrative for w in demo
                          if w.story.area_code == story.area_code and w.content.assessment_year == 2025
                          and w.content.narrative is not None), None)


def test_a_written_demo_workbook_reads_back_with_its_narrative(fw, demo, tmp_path):
    w = next(w for w in demo if w.content.narrative and w.content.narrative.models)
    with Book(write_template(tmp_path / w.file_name, fw, w.content)) as book:
        submission = TemplateWorkbookReader(fw).read(book)
    n = w.content.narrative
    assert {c.challenge_id: (c.status, c.within_gift) for c in submission.challenges} == dict(n.challenges)
    assert {m.scope: (m.current_model, m.aspired_model) for m in submission.models} == dict(n.models)
    assert [(p.text, p.enabler_ids, p.owner_role, p.review_date) for p in submission.priorities] == [
        (p.text, p.enabler_ids, p.owner_role, p.review_date) for p in n.priorities]
    assert len(submission.reflections) == len(n.reflections) + len(n.evidence)
    assert submission.unplaced == () and submission.notes == ()

"""The scaled demo (`maturity demo --scale K`): exactly K times the demo's assessments and
participants, in the same boroughs and years, each further group new rather than a copy, and the
same on every run."""

from __future__ import annotations

from collections import Counter

import pytest

from framework import load_framework
from framework.model import Framework
from pipelines.cli import parser
from synthetic import SyntheticWorkbook, generate

# Camden and Westminster (the demo's split borough-years are among theirs) and Barnet.
AREAS = ("E09000007", "E09000033", "E09000003")
SCALE = 3


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="module")
def demo(fw: Framework) -> list[SyntheticWorkbook]:
    return generate(fw, area_codes=AREAS)


@pytest.fixture(scope="module")
def scaled(fw: Framework) -> list[SyntheticWorkbook]:
    return generate(fw, area_codes=AREAS, scale=SCALE)


def _per_borough_year(workbooks: list[SyntheticWorkbook], count) -> Counter:
    totals: Counter = Counter()
    for wb in workbooks:
        totals[wb.story.area_code, wb.content.assessment_year] += count(wb)
    return totals


def test_scale_multiplies_assessments_and_participants_exactly(demo, scaled) -> None:
    workbooks, people = (lambda wb: 1), (lambda wb: len(wb.content.participants))
    assert len(scaled) == SCALE * len(demo)
    for count in (workbooks, people):
        base = _per_borough_year(demo, count)
        assert _per_borough_year(scaled, count) == Counter({key: SCALE * n for key, n in base.items()})
    # Some borough-year is split into two workbooks, so scaling multiplies groups, not just files.
    assert max(_per_borough_year(demo, workbooks).values()) == 2


def test_scale_one_is_the_demo_and_further_groups_are_new_submissions(fw, demo, scaled) -> None:
    assert generate(fw, area_codes=AREAS, scale=1) == demo
    assert [wb for wb in scaled if "synthetic-group" not in wb.file_name] == demo
    names = [wb.file_name for wb in scaled]
    assert len(set(names)) == len(names)
    assert all(name.startswith("SYNTHETIC_") and wb.content.is_synthetic for name, wb in zip(names, scaled))
    keys = Counter((wb.story.area_code, wb.content.assessment_year, wb.content.group_label) for wb in scaled)
    assert set(keys.values()) == {1}  # no further group would supersede another
    # A further group has the demo group's make-up but its own scores.
    first = next(wb for wb in demo if wb.content.group_label is None)
    again = next(wb for wb in scaled if wb.content.group_label == "Synthetic group 2"
                 and wb.file_name.startswith(first.file_name.removesuffix(".xlsx")))
    assert [p.sector for p in again.content.participants] == [p.sector for p in first.content.participants]
    assert [p.enabler_scores for p in again.content.participants] != [
        p.enabler_scores for p in first.content.participants]


def test_scaled_demo_is_deterministic(fw, scaled) -> None:
    assert generate(fw, area_codes=AREAS, scale=SCALE) == scaled


def test_scale_below_one_is_refused(fw, capsys) -> None:
    with pytest.raises(ValueError, match="scale must be at least 1"):
        generate(fw, area_codes=AREAS, scale=0)
    assert parser().parse_args(["demo", "--scale", "4"]).scale == 4
    with pytest.raises(SystemExit):
        parser().parse_args(["demo", "--scale", "0"])
    assert "must be a whole number of at least 1, not '0'" in capsys.readouterr().err

"""The national synthetic demo (`maturity demo --scope england`): workbooks, questionnaires,
outcome files and statistical neighbours for every current upper-tier authority in England, all
marked SYNTHETIC; and the London demo (the default scope) exactly as it was.

Fast: everything is generated in memory, or written for a few authorities, or written with the
xlsx writer replaced by a recorder; the full England pipeline run is benchmarks/scale.py --scope
england, not a test."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

import synthetic.data_sharing as data_sharing_module
import synthetic.generator as generator_module
from framework import load_framework
from framework.model import ENGLAND_CODE, LONDON_REGION_CODE, Framework
from ingest.core.identify import identify
from ingest.reference.neighbours import NEIGHBOURS, read_statistical_neighbours
from ingest.registry import read_content, read_outcome_file
from pipelines.cli import parser
from synthetic import DEFAULT_YEARS, generate, stories
from synthetic.generator import README_NAME, write_demo
from synthetic.neighbours import METHOD_ENGLAND, TITLE, england_neighbours, write_neighbours_demo
from synthetic.outcomes import synthetic_outcomes, write_outcome_demo
from synthetic.received_examples import write_received_examples
from synthetic.scope import ENGLAND, LONDON, can_assess, scope_codes

LEEDS, CUMBERLAND, NORTH_YORKSHIRE, CAMDEN = "E08000035", "E06000063", "E06000065", "E09000007"
CREATED_2023 = {"E06000063", "E06000064", "E06000065", "E06000066"}  # Cumberland, W&F, North Yorkshire, Somerset
# sha256 of repr(generate(fw)) for the London demo, computed from the committed tree before the
# England scope existed: the London demo's workbooks, stories and scores must not move.
LONDON_DEMO_DIGEST = "283a952557594891840dc7b867aa9443414ba13e418fa21269d6622c0ceca2d7"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="module")
def current(fw) -> set[str]:
    return {a.code for a in fw.areas if a.last_year is None}


@pytest.fixture(scope="module")
def national(fw):
    return generate(fw, scope=ENGLAND)


def _assessable(fw, codes) -> set[tuple[str, int]]:
    return {(c, y) for c in codes for y in DEFAULT_YEARS if can_assess(fw.area(c), y)}


def test_the_england_scope_is_every_current_authority_and_no_replaced_one(fw, current):
    codes = scope_codes(fw, ENGLAND)
    assert len(codes) == len(set(codes)) == 153
    assert set(codes) == current
    replaced = {a.code for a in fw.areas if a.last_year is not None}
    assert len(replaced) == 8 and not replaced & set(codes)
    assert scope_codes(fw, LONDON) == tuple(a.code for a in fw.london_areas)
    with pytest.raises(ValueError, match="wales"):
        scope_codes(fw, "wales")


def test_workbooks_for_every_current_authority_and_year_it_existed_in(fw, current, national):
    years = {(wb.story.area_code, wb.content.assessment_year) for wb in national}
    assert {code for code, _ in years} == current
    # 153 authorities x 4 years, less 2022 for the four authorities created on 1 April 2023,
    # which the warehouse would refuse (or, for "North Yorkshire", file under the old county)
    assert years == _assessable(fw, current)
    assert len(years) == 153 * len(DEFAULT_YEARS) - len(CREATED_2023)
    assert {code for code, year in {(c, y) for c in current for y in DEFAULT_YEARS} - years} == CREATED_2023
    assert all(wb.file_name.startswith("SYNTHETIC_") and wb.content.is_synthetic for wb in national)
    assert all(wb.content.area_name == fw.area(wb.story.area_code).name for wb in national)
    assert len({wb.file_name for wb in national}) == len(national)  # no two workbooks share a name


def test_stories_are_dealt_over_the_153(fw, current, national):
    plot = stories(fw, codes=scope_codes(fw, ENGLAND))
    assert set(plot) == current
    assert Counter(s.trajectory for s in plot.values()) == {"improving": 51, "stalling": 51, "declining": 51}
    assert sum(bool(s.split_years) for s in plot.values()) == round(153 / 5)
    assert {wb.story for wb in national} <= set(plot.values())
    # the same for a subset of the authorities as for the full run
    subset = generate(fw, area_codes=[LEEDS, CAMDEN], years=[2024], scope=ENGLAND)
    assert subset == [wb for wb in national if wb.story.area_code in (LEEDS, CAMDEN)
                      and wb.content.assessment_year == 2024]


def test_write_demo_writes_every_workbook_and_a_national_readme(tmp_path, monkeypatch, fw, national):
    written: list[Path] = []

    def record(path, _fw, content):
        assert content.is_synthetic
        written.append(path)
        return path

    monkeypatch.setattr(generator_module, "write_template", record)
    paths = write_demo(tmp_path / "inbox", fw, readme_folder=tmp_path, scope=ENGLAND)
    assert paths == written and len(paths) == len(national) > 153 * 3
    assert all(p.name.startswith("SYNTHETIC_") for p in paths)
    readme = (tmp_path / README_NAME).read_text(encoding="utf-8")
    assert readme.startswith("SYNTHETIC DEMO DATA")
    assert "every current upper-tier authority" in readme and "153" in readme
    assert "The boroughs are real London boroughs" not in readme


def test_written_workbooks_say_synthetic_and_name_their_authority(tmp_path, fw):
    paths = write_demo(tmp_path, fw, area_codes=[LEEDS, CUMBERLAND, NORTH_YORKSHIRE], years=[2022, 2023],
                       scope=ENGLAND)
    found = Counter()
    for path in paths:
        submission = read_content(path, fw)
        identity = identify(submission, path.name, fw)
        assert submission.is_synthetic and path.name.startswith("SYNTHETIC_")
        assert identity.area_code in path.name
        found[identity.area_code, identity.assessment_year] += 1
    # the authorities created in 2023 have no 2022 workbook; Leeds has both years
    assert {key for key in found} == {(LEEDS, 2022), (LEEDS, 2023), (CUMBERLAND, 2023), (NORTH_YORKSHIRE, 2023)}


def test_questionnaires_for_every_authority_and_year(tmp_path, monkeypatch, fw, current):
    written = []

    def record(path, _fw, area_name, year, answers, is_synthetic, completed_by):
        assert is_synthetic and "SYNTHETIC" in completed_by
        written.append((path, area_name, year))
        return path

    monkeypatch.setattr(data_sharing_module, "write_data_sharing_template", record)
    paths = data_sharing_module.write_data_sharing_demo(tmp_path, fw, scope=ENGLAND)
    names = {fw.area(c).name: c for c in current}
    assert len(paths) == len(_assessable(fw, current))
    assert {(names[name], year) for _, name, year in written} == _assessable(fw, current)
    assert all(p.name.startswith("SYNTHETIC_") and p.name.endswith("_data-sharing.xlsx") for p in paths)


def test_england_neighbours_ten_each_by_the_stated_rule(tmp_path, fw, current):
    groups = england_neighbours(fw)
    by_dfe = {fw.area(c).dfe_code: fw.area(c) for c in current}
    assert set(groups) == set(by_dfe) and len(groups) == 153
    for dfe, listed in groups.items():
        assert len(listed) == len(set(listed)) == NEIGHBOURS and dfe not in listed
        me = by_dfe[dfe]
        same_region = [d for d in by_dfe if by_dfe[d].region_code == me.region_code and d != dfe]
        expected = sorted(same_region, key=lambda d: (abs(int(d) - int(dfe)), int(d)))[:NEIGHBOURS]
        assert listed[: len(expected)] == expected  # nearest DfE numbers in the region first
    # the East Midlands has ten authorities: each takes one neighbour from outside it
    east_midlands = [d for d, a in by_dfe.items() if a.region_name == "East Midlands"]
    assert len(east_midlands) == 10
    assert all(by_dfe[groups[d][-1]].region_name != "East Midlands" for d in east_midlands)

    path = write_neighbours_demo(tmp_path / "neighbours.xlsx", fw, scope=ENGLAND)
    rows = read_statistical_neighbours(path, fw)
    assert {r.area_code for r in rows} == current
    assert Counter(r.area_code for r in rows) == dict.fromkeys(current, NEIGHBOURS)
    assert all(r.neighbour_area_code in current for r in rows)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == TITLE and "SYNTHETIC" in TITLE and "NOT DfE" in TITLE
    assert sheet["A2"].value == METHOD_ENGLAND and "nearest in DfE LA number" in METHOD_ENGLAND


def test_outcomes_cover_every_authority_each_region_and_england(fw, current):
    indicators, values, _ = synthetic_outcomes(fw, scope=ENGLAND)
    regions = {a.region_code for a in fw.areas if a.code in current}
    assert len(regions) == 9 and LONDON_REGION_CODE in regions
    per_period: dict[tuple, set[str]] = {}
    for v in values:
        per_period.setdefault((v.indicator_id, v.period.start_year), set()).add(v.area_code)
    assert len(per_period) == len(indicators) * (len(DEFAULT_YEARS) + 2)
    assert all(found == current | regions | {ENGLAND_CODE} for found in per_period.values())
    assert all(v.geography == "region" for v in values if v.area_code in regions)
    # a region's figure is its authorities' counts summed (withheld ones included, as publishers'
    # regional figures are: checked where none is withheld), England's all of them
    by_key = {(v.indicator_id, v.period.start_year, v.area_code): v for v in values}
    region_of = {c: fw.area(c).region_code for c in current}
    checked = 0
    for indicator, start in per_period:
        for region in regions:
            own = [by_key[indicator, start, c] for c in current if region_of[c] == region]
            if all(v.denominator is not None for v in own):
                checked += 1
                assert by_key[indicator, start, region].denominator == sum(v.denominator for v in own)
                assert by_key[indicator, start, region].count == sum(v.count for v in own)
        total = by_key[indicator, start, ENGLAND_CODE].denominator
        assert total == sum(by_key[indicator, start, r].denominator for r in regions)
    assert checked >= len(per_period) * len(regions) - 2  # the City of London's two withheld figures


def test_outcome_files_read_back_with_every_authority(tmp_path, fw, current):
    paths = write_outcome_demo(tmp_path, fw, scope=ENGLAND)
    assert all(p.name.startswith("SYNTHETIC_") for p in paths)
    regions = {a.region_code for a in fw.areas if a.code in current}
    for path in paths:
        if "metadata" in path.name:
            continue
        read = read_outcome_file(path)
        assert {v.area_code for v in read.values} == current | regions | {ENGLAND_CODE}, path.name


def test_received_examples_copy_the_scopes_own_camden(tmp_path, fw):
    corrected, broken = write_received_examples(tmp_path / "examples", fw, scope=ENGLAND)
    [original] = write_demo(tmp_path / "demo", fw, area_codes=[CAMDEN], years=[2024], scope=ENGLAND)
    assert corrected.name == original.name.replace(".xlsx", "_corrected.xlsx")
    assert read_content(corrected, fw).scores == read_content(original, fw).scores  # only a name corrected
    assert broken.name.startswith("SYNTHETIC_")


def test_the_london_demo_is_unchanged(fw):
    london = generate(fw)
    assert hashlib.sha256(repr(london).encode()).hexdigest() == LONDON_DEMO_DIGEST
    assert generate(fw, scope=LONDON) == london
    assert stories(fw) == stories(fw, codes=scope_codes(fw, LONDON))
    assert synthetic_outcomes(fw) == synthetic_outcomes(fw, scope=LONDON)
    # and the England demo is a demo of its own: London's boroughs get other stories there
    national = stories(fw, codes=scope_codes(fw, ENGLAND))
    assert any(national[c] != s for c, s in stories(fw).items())


def test_the_command_line_takes_a_scope(fw):
    assert parser().parse_args(["demo"]).scope == LONDON
    args = parser().parse_args(["demo", "--scope", "england", "--scale", "2"])
    assert (args.scope, args.scale) == (ENGLAND, 2)
    with pytest.raises(SystemExit):
        parser().parse_args(["demo", "--scope", "wales"])


def test_scale_works_in_the_england_scope(fw):
    base = generate(fw, area_codes=[LEEDS, CUMBERLAND], scope=ENGLAND)
    scaled = generate(fw, area_codes=[LEEDS, CUMBERLAND], scope=ENGLAND, scale=3)
    assert len(scaled) == 3 * len(base)
    assert sum(len(wb.content.participants) for wb in scaled) == 3 * sum(len(wb.content.participants) for wb in base)
    assert [wb for wb in scaled if "synthetic group" not in (wb.content.group_label or "").lower()] == base

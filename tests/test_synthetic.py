"""The synthetic demo: deterministic, clearly marked, shaped like real returns, and carrying the
designed stories that downstream statistics are meant to find."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from statistics import mean, pstdev

import numpy as np
import pytest
from openpyxl import load_workbook

from framework import load_framework
from framework.model import Framework
from ingest.assessments import layout as L
from ingest.registry import read_content
from synthetic import DEFAULT_YEARS, SyntheticWorkbook, generate, stories, write_demo

CAMDEN, WESTMINSTER = "E09000007", "E09000033"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="module")
def demo(fw: Framework) -> list[SyntheticWorkbook]:
    return generate(fw)


def by_borough_year(workbooks: list[SyntheticWorkbook]) -> dict[tuple[str, int], list[SyntheticWorkbook]]:
    grouped: dict[tuple[str, int], list[SyntheticWorkbook]] = defaultdict(list)
    for wb in workbooks:
        grouped[wb.story.area_code, wb.content.assessment_year].append(wb)
    return grouped


def enabler_cells(workbooks: list[SyntheticWorkbook]) -> dict[tuple[str, int, str], list[int]]:
    """Non-skipped enabler scores per borough-year and enabler, across split workbooks."""
    cells: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for wb in workbooks:
        for p in wb.content.participants:
            for enabler_id, score in p.enabler_scores.items():
                if score is not None:
                    cells[wb.story.area_code, wb.content.assessment_year, enabler_id].append(score)
    return cells


def test_same_inputs_give_identical_workbooks(fw, demo):
    assert generate(fw) == demo
    assert generate(fw, seed=1) != demo


def test_a_subset_equals_the_same_part_of_the_full_run(fw, demo):
    subset = generate(fw, area_codes=[WESTMINSTER, CAMDEN], years=(2025, 2023))
    expected = [
        wb for code in (WESTMINSTER, CAMDEN) for year in (2025, 2023) for wb in demo
        if wb.story.area_code == code and wb.content.assessment_year == year
    ]  # fmt: skip
    assert subset == expected
    assert len(subset) >= 4


def test_unknown_area_is_refused(fw):
    with pytest.raises(ValueError, match="E09999999"):
        generate(fw, area_codes=["E09999999"])


def test_every_borough_and_year_is_present_by_default(fw, demo):
    codes = {a.code for a in fw.london_areas}
    assert len(codes) == 33
    assert set(by_borough_year(demo)) == {(c, y) for c in codes for y in DEFAULT_YEARS}
    assert all(wb.content.area_name == fw.area(wb.story.area_code).name for wb in demo)


def test_group_sizes_fit_the_tool(demo):
    totals = []
    for (code, year), workbooks in by_borough_year(demo).items():
        total = sum(len(wb.content.participants) for wb in workbooks)
        totals.append(total)
        assert 3 <= total <= 12, (code, year, total)
        assert all(2 <= len(wb.content.participants) <= 10 for wb in workbooks), (code, year)
    assert len(set(totals)) >= 6  # sizes vary rather than sitting at one value


def test_some_borough_years_split_into_two_labelled_workbooks(demo):
    split = {key: wbs for key, wbs in by_borough_year(demo).items() if len(wbs) > 1}
    assert 5 <= len(split) <= 40
    for (code, year), workbooks in by_borough_year(demo).items():
        labels = [wb.content.group_label for wb in workbooks]
        story = workbooks[0].story
        if story.is_split(year):
            assert len(labels) == 2 and None not in labels and labels[0] != labels[1]
        else:
            assert labels == [None]


def test_every_score_is_on_the_scale_or_skipped(fw, demo):
    enabler_ids = {e.id for e in fw.enablers}
    indicator_ids = {i.id for i in fw.indicators}
    valid = {1, 2, 3, 4, 5, None}
    for wb in demo:
        for p in wb.content.participants:
            assert set(p.enabler_scores) == enabler_ids
            assert set(p.indicator_scores) <= indicator_ids
            assert set(p.enabler_scores.values()) <= valid
            assert set(p.indicator_scores.values()) <= valid


def test_every_workbook_is_marked_synthetic(demo):
    names = [wb.file_name for wb in demo]
    assert len(set(names)) == len(names)
    for wb in demo:
        assert wb.content.is_synthetic
        assert "SYNTHETIC" in wb.file_name
        assert re.fullmatch(r"[A-Za-z0-9_.-]+\.xlsx", wb.file_name), wb.file_name
    assert "SYNTHETIC_E09000007_Camden_2024" in " ".join(names)


def test_participants_come_from_several_sectors_and_both_levels(fw, demo):
    for (code, year), workbooks in by_borough_year(demo).items():
        people = [p for wb in workbooks for p in wb.content.participants]
        assert all(p.sector in fw.sectors and p.role_level in fw.role_levels for p in people)
        assert len({p.sector for p in people}) >= 2, (code, year)
    for wb in demo:
        labels = [p.label for p in wb.content.participants]
        assert len(set(labels)) == len(labels)
    everyone = [p for wb in demo for p in wb.content.participants]
    assert {p.sector for p in everyone} == set(fw.sectors)
    assert {p.role_level for p in everyone} == set(fw.role_levels)


def test_trajectories_come_through_in_the_scores(fw, demo):
    first, last = DEFAULT_YEARS[0], DEFAULT_YEARS[-1]
    cells = enabler_cells(demo)
    overall = {
        (code, year): mean(s for (c, y, _), scores in cells.items() if (c, y) == (code, year) for s in scores)
        for code, year in by_borough_year(demo)
    }
    change: dict[str, list[float]] = defaultdict(list)
    for code, story in stories(fw).items():
        change[story.trajectory].append(overall[code, last] - overall[code, first])
    assert {t: len(v) for t, v in change.items()} == {"improving": 11, "stalling": 11, "declining": 11}
    assert mean(change["improving"]) > 0.6
    assert mean(change["declining"]) < -0.5
    assert abs(mean(change["stalling"])) < 0.3


def test_polarised_enablers_are_more_spread_than_the_rest(demo):
    plot = {wb.story.area_code: wb.story for wb in demo}
    polarised, other = [], []
    for (code, year, enabler_id), scores in enabler_cells(demo).items():
        if len(scores) >= 3:
            (polarised if enabler_id in plot[code].polarised_in(year) else other).append(pstdev(scores))
    assert len(polarised) >= 50
    assert mean(polarised) > mean(other) + 0.5
    # both camps show: low (1–2) and high (4–5) scores side by side
    split_cells = [s for (c, y, e), s in enabler_cells(demo).items() if e in plot[c].polarised_in(y)]
    assert mean(min(s) <= 2 and max(s) >= 4 for s in split_cells) > 0.8


def test_enablers_differ_in_level_with_information_sharing_lowest(fw, demo):
    pooled: dict[str, list[int]] = defaultdict(list)
    for (_, _, enabler_id), scores in enabler_cells(demo).items():
        pooled[enabler_id].extend(scores)
    means = {enabler_id: mean(scores) for enabler_id, scores in pooled.items()}
    assert set(means) == {e.id for e in fw.enablers}
    assert min(means, key=means.get) == "E09"
    assert max(means.values()) - min(means.values()) > 0.6


def test_each_borough_s_low_enablers_sit_below_its_others(demo):
    gaps = []
    for (code, year), workbooks in by_borough_year(demo).items():
        story = workbooks[0].story
        cells = {e: s for (_, _, e), s in enabler_cells(workbooks).items() if e not in story.polarised_in(year)}
        low = [x for e, s in cells.items() if e in story.low_enablers for x in s]
        rest = [x for e, s in cells.items() if e not in story.low_enablers for x in s]
        if low:
            gaps.append(mean(low) - mean(rest))
    assert mean(gaps) < -0.6
    assert mean(g < 0 for g in gaps) > 0.85


def test_skips_are_realistic(fw, demo):
    people = [p for wb in demo for p in wb.content.participants]
    scores = [s for p in people for s in p.enabler_scores.values()]
    assert 0.02 < scores.count(None) / len(scores) < 0.07
    heavy = [p for p in people if sum(s is None for s in p.enabler_scores.values()) >= 4]
    assert 5 <= len(heavy) < 0.05 * len(people)
    def skip_rate(group: list) -> float:
        return mean(s is None for p in group for s in p.enabler_scores.values())

    council = [p for p in people if p.sector == "Local authority"]
    partners = [p for p in people if p.sector != "Local authority"]
    assert skip_rate(council) < skip_rate(partners)  # partners know less of the council's side
    thin = [key for key, s in enabler_cells(demo).items() if len(s) < 3]
    assert len(thin) < 0.01 * len(enabler_cells(demo))


def test_about_half_dig_deeper_and_agree_with_their_enabler_score(fw, demo):
    people = [p for wb in demo for p in wb.content.participants]
    diggers = [p for p in people if p.indicator_scores]
    assert 0.3 < len(diggers) / len(people) < 0.6
    dug_enablers = [{fw.indicator(i).enabler_id for i in p.indicator_scores} for p in diggers]
    assert any(len(d) <= 4 for d in dug_enablers)  # only the low or polarised enablers
    assert any(len(d) >= 10 for d in dug_enablers)  # or all of them
    pairs = [
        (p.enabler_scores[fw.indicator(i).enabler_id], s)
        for p in diggers for i, s in p.indicator_scores.items() if s is not None
    ]  # fmt: skip
    assert all(e is not None for e, _ in pairs)  # no indicator scores under a skipped enabler
    assert np.corrcoef(np.array(pairs, dtype=float).T)[0, 1] > 0.6


def test_a_few_participants_score_everything_the_same(demo):
    people = [p for wb in demo for p in wb.content.participants]
    flat = [p for p in people if len(set(p.enabler_scores.values())) == 1]
    assert 5 <= len(flat) < 0.06 * len(people)
    assert any(set(p.enabler_scores.values()) == {3} for p in flat)


@pytest.fixture(scope="module")
def written(fw, demo, tmp_path_factory) -> tuple[Path, list[tuple[SyntheticWorkbook, Path]]]:
    """Camden and one split borough written to disk, each path beside the workbook it should hold."""
    folder = tmp_path_factory.mktemp("demo")
    split_code = next(wb.story.area_code for wb in demo if wb.content.group_label and wb.story.area_code != CAMDEN)
    paths = write_demo(folder, fw, area_codes=[CAMDEN, split_code])
    expected = [wb for code in (CAMDEN, split_code) for wb in demo if wb.story.area_code == code]
    return folder, list(zip(expected, paths, strict=True))


def test_write_demo_writes_openable_marked_workbooks(written):
    folder, pairs = written
    assert [path.name for _, path in pairs] == [wb.file_name for wb, _ in pairs]
    assert any(wb.content.group_label for wb, _ in pairs)
    assert "synthetic" in (folder / "README-SYNTHETIC.txt").read_text(encoding="utf-8").lower()
    for _, path in pairs:
        book = load_workbook(path, read_only=True)
        about = book[L.ABOUT_SHEET]
        assert about.cell(L.SYNTHETIC_ROW, L.ABOUT_VALUE_COL).value == L.SYNTHETIC_MARK
        assert about.cell(L.BANNER_ROW, 1).value == L.SYNTHETIC_BANNER
        book.close()


def test_written_workbooks_read_back_with_the_same_scores(fw, written):
    for wb, path in written[1]:
        submission = read_content(path, fw)
        assert submission.is_synthetic and submission.group_label == wb.content.group_label
        labels = {p.participant_id: p.label for p in submission.participants}
        read = {
            (labels[r.participant_id], r.grain, r.item_id): r.score for r in submission.scores if r.score is not None
        }
        written_scores = {
            (p.label, grain, item): score
            for p in wb.content.participants
            for grain, scores in (("enabler", p.enabler_scores), ("indicator", p.indicator_scores))
            for item, score in scores.items() if score is not None
        }  # fmt: skip
        assert read == written_scores

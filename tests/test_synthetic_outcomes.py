"""The demo's outcome figures: labelled synthetic, complete where publishers are complete, withheld
where they withhold, the same on every run, and carrying exactly the association they were designed
with (checked here on the latent maturity they were built from; through measured ratings in
tests/test_evaluation.py)."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from evaluation import panel_estimate
from ingest.outcomes.model import GEOGRAPHIES, POLARITIES, SOURCES
from ingest.registry import read_outcome_file
from synthetic.outcomes import latent_overall, synthetic_outcomes, write_outcome_demo
from synthetic.seeding import DEFAULT_SEED
from synthetic.stories import DEFAULT_YEARS, stories

ENGLAND, LONDON, CITY = "E92000001", "E12000007", "E09000001"


@pytest.fixture(scope="module")
def demo(framework):
    return synthetic_outcomes(framework)


def _values(values) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_id": v.indicator_id,
                "source": v.source,
                "area_code": v.area_code,
                "geography": v.geography,
                "start": v.period.start_year,
                "label": v.period.label,
                "period_type": v.period.period_type,
                "end": v.period.end_year,
                "value": v.value,
                "count": v.count,
                "denominator": v.denominator,
                "reason": v.missing_reason,
            }
            for v in values
        ]
    )


def test_same_every_time_and_seed_matters(framework, demo):
    assert synthetic_outcomes(framework) == demo
    assert synthetic_outcomes(framework, seed=DEFAULT_SEED + 1)[1] != demo[1]


def test_indicators_are_real_ones_labelled_synthetic(demo):
    indicators, _, designed = demo
    assert {(i.source, i.indicator_id) for i in indicators} == {
        ("ees", "gld_percentage"), ("fingertips", "92517"), ("fingertips", "20101"), ("ees", "referral_rate")
    }  # fmt: skip
    for info in indicators:
        assert info.indicator_name.startswith("SYNTHETIC")
        assert info.source in SOURCES and info.polarity in POLARITIES
    assert {(d.source, d.indicator_id) for d in designed} == {(i.source, i.indicator_id) for i in indicators}
    assert sorted(d.per_point != 0 for d in designed) == [False, False, True, True]


def test_every_area_and_benchmark_has_a_row_per_period(framework, demo):
    frame = _values(demo[1])
    assert set(frame["geography"]) <= set(GEOGRAPHIES)
    expected_starts = list(range(min(DEFAULT_YEARS) - 2, max(DEFAULT_YEARS) + 1))
    codes = {a.code for a in framework.london_areas} | {ENGLAND, LONDON}
    for _, rows in frame.groupby("indicator_id"):
        assert sorted(rows["start"].unique()) == expected_starts
        per_period = rows.groupby("start")["area_code"].apply(set)
        assert all(found == codes for found in per_period)
        assert not rows.duplicated(["area_code", "start"]).any()
    benchmarks = frame[frame["area_code"].isin([ENGLAND, LONDON])]
    assert benchmarks["value"].notna().all()


def test_periods_are_labelled_as_each_publisher_writes_them(demo):
    frame = _values(demo[1]).drop_duplicates(["indicator_id", "start"]).set_index(["indicator_id", "start"])
    assert tuple(frame.loc[("92517", 2022), ["label", "period_type", "end"]]) == ("2022/23", "financial", 2023)
    assert tuple(frame.loc[("20101", 2022), ["label", "period_type", "end"]]) == ("2022", "calendar", 2022)
    assert tuple(frame.loc[("gld_percentage", 2022), ["label", "period_type", "end"]]) == ("202223", "academic", 2023)
    assert tuple(frame.loc[("referral_rate", 2024), ["label", "period_type", "end"]]) == ("202425", "financial", 2025)


def test_lags_reach_only_published_years(demo):
    """Lag 2 meets only the first two assessment years: the latest period starts in the last one."""
    starts = set(_values(demo[1])["start"])
    for lag, years in [(0, DEFAULT_YEARS), (1, DEFAULT_YEARS[:3]), (2, DEFAULT_YEARS[:2])]:
        assert [y for y in DEFAULT_YEARS if y + lag in starts] == list(years)


def test_small_borough_figures_are_withheld_never_zero(demo):
    frame = _values(demo[1])
    withheld = frame[frame["value"].isna()]
    assert set(withheld["area_code"]) == {CITY}
    assert Counter(withheld["source"]) == {"ees": 1, "fingertips": 1}
    assert withheld["reason"].str.len().gt(0).all()
    assert withheld[withheld["source"] == "ees"]["reason"].str.match(r"^(c|low):").all()
    assert withheld[["count", "denominator"]].isna().all().all()


def test_values_are_rounded_and_agree_with_their_counts(demo):
    everything = _values(demo[1])
    frame = everything.dropna(subset=["value"])
    assert (frame["value"].round(1) == frame["value"]).all()
    per = frame["indicator_id"].map({"referral_rate": 10_000}).fillna(100)
    assert ((frame["count"] / frame["denominator"] * per).round(1) == frame["value"]).all()
    boroughs = frame[frame["geography"] == "local_authority"]
    london = frame[frame["area_code"] == LONDON].set_index(["indicator_id", "start"])
    sums = boroughs.groupby(["indicator_id", "start"])[["count", "denominator"]].sum()
    # London counts every borough, including a figure withheld from the borough's own row
    complete = sums.index.difference(everything[everything["value"].isna()].set_index(["indicator_id", "start"]).index)
    assert len(complete) == len(sums) - 2
    assert (london.loc[complete, "count"] == sums.loc[complete, "count"]).all()


def test_designed_slope_is_there_on_latent_maturity_and_absent_otherwise(framework, demo):
    """On the latent level the outcomes were built from, the panel recovers each design: its
    interval covers per_point (0 where there is none)."""
    _, values, designed = demo
    plot = stories(framework)
    frame = _values(values)
    boroughs = frame[(frame["geography"] == "local_authority") & frame["value"].notna()]
    for d in designed:
        rows = boroughs[(boroughs["indicator_id"] == d.indicator_id) & (boroughs["start"] - d.lag).isin(DEFAULT_YEARS)]
        years = rows["start"] - d.lag
        panel = pd.DataFrame(
            {
                "area": rows["area_code"],
                "year": years,
                "exposure": [latent_overall(plot[a], y) for a, y in zip(rows["area_code"], years)],
                "outcome": rows["value"],
            }
        )
        estimate = panel_estimate(panel)
        assert estimate.low <= d.per_point <= estimate.high, d


def test_baselines_do_not_depend_on_maturity(framework, demo):
    """Across boroughs, outcome minus the designed term is unrelated to maturity: the between-area
    correlation reflects only the designed slope."""
    _, values, designed = demo
    plot = stories(framework)
    frame = _values(values)
    first = frame[(frame["geography"] == "local_authority") & (frame["start"] == DEFAULT_YEARS[0])].dropna(
        subset=["value"]
    )
    for d in designed:
        rows = first[first["indicator_id"] == d.indicator_id]
        maturity = pd.Series(
            [latent_overall(plot[a], DEFAULT_YEARS[0] - d.lag) for a in rows["area_code"]], index=rows.index
        )
        rest = rows["value"] - d.per_point * maturity
        assert abs(rest.corr(maturity)) < 0.45


def test_written_files_are_synthetic_and_read_back_unchanged(tmp_path, framework, demo):
    paths = write_outcome_demo(tmp_path, framework)
    assert all(p.name.startswith("SYNTHETIC_") for p in paths)
    read = [read_outcome_file(p) for p in paths]
    assert all(f is not None and f.is_synthetic for f in read)
    assert {f.reader for f in read} == {"fingertips", "fingertips_metadata", "ees"}
    got = {
        (v.indicator_id, v.area_code, v.period.start_year): (v.value, v.missing_reason) for f in read for v in f.values
    }
    expected = {(v.indicator_id, v.area_code, v.period.start_year): (v.value, v.missing_reason) for v in demo[1]}
    assert got == expected
    polarities = {i.indicator_id: i.polarity for f in read for i in f.indicators if f.reader == "fingertips_metadata"}
    assert polarities == {"92517": "higher_is_better", "20101": "lower_is_better"}

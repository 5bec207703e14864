"""The measures over whole frames (measures.grouped, measures.item_measures, measures.pointers) give,
to the last bit, what the one-group measures give group by group: generated inputs against simple
per-group Python (the models' former implementations, kept here as the oracles)."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import measures
from measures.grouped import by_count_vector, exact_group_sum, expand, group_codes, score_counts
from measures.intervals import mean_variance, welch_interval, welch_intervals
from measures.item_measures import COLUMNS, KEYS, measure
from measures.pointers import pointers


def _bits(frame: pd.DataFrame) -> list[int]:
    """Every value to the last bit (assert_frame_equal overlooks last bits of Float64 columns)."""
    return pd.util.hash_pandas_object(frame, index=False).tolist()


# --- grouped primitives ------------------------------------------------------------------------

averages = st.builds(lambda k, a: a / k, st.integers(1, 55), st.integers(0, 10**6)).map(lambda v: 1 + (v % 4))
doubles_on_scale = st.one_of(averages, st.floats(1, 5), st.sampled_from([1.1, 2.2, 3.3, 0.1 + 0.2 + 1, 4.999999999999999]))


@settings(derandomize=True, max_examples=100)
@given(st.lists(st.lists(doubles_on_scale, min_size=1, max_size=40), min_size=1, max_size=8))
def test_exact_group_sum_is_fsum_for_every_group(groups):
    values = np.array([v for g in groups for v in g])
    group = np.array([i for i, g in enumerate(groups) for _ in g])
    order = np.random.default_rng(len(values)).permutation(len(values))
    got = exact_group_sum(values[order], group[order], len(groups) + 1)
    assert got[:-1].tolist() == [math.fsum(g) for g in groups]
    assert got[-1] == 0.0  # an empty group


def test_exact_group_sum_refuses_values_it_cannot_hold_exactly():
    with pytest.raises(ValueError, match=r"\[1, 8\)"):
        exact_group_sum(np.array([0.5]), np.array([0]), 1)


def test_counts_and_distinct_vectors():
    frame = pd.DataFrame({"k": ["b", "a", "a", "b", "a"], "score": [5.0, 1.0, 1.0, 5.0, 3.0]})
    keys, group = group_codes(frame, ["k"])
    assert keys["k"].tolist() == ["a", "b"]
    counts = score_counts(frame["score"].to_numpy(), group, len(keys))
    assert counts.tolist() == [[2, 0, 1, 0, 0], [0, 0, 0, 0, 2]]
    seen = []
    assert by_count_vector(np.vstack([counts, counts]), lambda c: (seen.append(c), sum(expand(c)))[1:]) == [
        (5,), (10,), (5,), (10,)]
    assert len(seen) == 2  # each distinct vector measured once
    with pytest.raises(ValueError, match="1..5"):
        score_counts(np.array([6.0]), np.array([0]), 1)


scores = st.lists(st.integers(1, 5), min_size=1, max_size=15)


@settings(derandomize=True, max_examples=100)
@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=6))
def test_welch_intervals_equal_welch_interval(pairs):
    moments = [(mean_variance([float(v) for v in a]), mean_variance([float(v) for v in b])) for a, b in pairs]
    got = welch_intervals(
        [m[0][0] for m in moments], [m[0][1] for m in moments], [len(a) for a, _ in pairs],
        [m[1][0] for m in moments], [m[1][1] for m in moments], [len(b) for _, b in pairs],
    )
    for i, (a, b) in enumerate(pairs):
        want = welch_interval(a, b)
        nan = float("nan")
        assert got.estimate[i] == want.estimate
        for field in ("low", "high", "df"):
            value = getattr(want, field)
            assert repr(float(getattr(got, field)[i])) == repr(nan if value is None else float(value))
        assert bool(got.clipped[i]) == want.clipped


# --- item measures (int_item_scores_measured) ----------------------------------------------------

def _measure_per_group(scores: pd.DataFrame, low_mean_below: float, polarised_below: float) -> pd.DataFrame:
    """The former per-group implementation of int_item_scores_measured."""
    rows = []
    for key, group in scores[scores["score"].notna()].groupby(KEYS, sort=True):
        values = group["score"].tolist()
        averaged = bool(group["is_average"].any())
        interval = measures.mean_interval(values, level=0.95, averaged=averaged)
        sd = statistics.stdev(values) if len(values) > 1 else None
        if averaged:
            counts, agreement, consensus, polarised = [None] * 5, None, None, None
        else:
            counts = list(measures.frequencies(values))
            agreement = measures.agreement(counts)
            consensus = measures.consensus(counts, width=4)
            polarised = measures.is_polarised(counts, below=polarised_below)
        low = measures.is_low(interval.estimate, below=low_mean_below)
        rows.append([*key, *counts, interval.estimate, sd, interval.low, interval.high, interval.clipped,
                     agreement, consensus, low, polarised, bool(low) or bool(polarised)])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("count_1", "count_2", "count_3", "count_4", "count_5"):
        frame[column] = frame[column].astype("Int64")
    for column in ("ci_mean", "sd", "ci_low", "ci_high", "agreement", "consensus"):
        frame[column] = frame[column].astype("Float64")
    for column in ("ci_clipped", "is_low", "is_polarised", "dig_deeper"):
        frame[column] = frame[column].astype("boolean")
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    return frame


person_average = st.builds(lambda k, extra: (k + extra) / k, st.integers(1, 55), st.integers(0, 220)).filter(
    lambda v: v <= 5)
whole_group = st.tuples(st.just(False), st.lists(st.one_of(st.integers(1, 5).map(float), st.none()), min_size=1,
                                                  max_size=14))
averaged_group = st.tuples(st.just(True), st.lists(st.one_of(person_average, st.none()), min_size=1, max_size=14))


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.lists(st.one_of(whole_group, averaged_group), min_size=1, max_size=10))
def test_item_measures_equal_the_per_group_measures(groups):
    rows = [("E09000001" if i % 2 else "E09000002", 2023 + i % 3, "theme" if averaged else "enabler", f"X{i:02d}",
             score, averaged) for i, (averaged, values) in enumerate(groups) for score in values]
    frame = pd.DataFrame(rows, columns=[*KEYS, "score", "is_average"])
    want = _measure_per_group(frame, 2.5, 0.0)
    got = measure(frame.sample(frac=1, random_state=1), 2.5, 0.0)
    assert list(got.columns) == list(want.columns)
    if len(want):  # an empty result keeps the input's key types, where the former one had object
        assert got.dtypes.tolist() == want.dtypes.tolist()
    assert _bits(got) == _bits(want)


def test_item_measures_refuse_a_score_off_the_scale():
    frame = pd.DataFrame([("E09000001", 2024, "enabler", "E01", 7.0, False)], columns=[*KEYS, "score", "is_average"])
    with pytest.raises(ValueError, match="1..5"):
        measure(frame, 2.5, 0.0)


# --- case-study pointers -------------------------------------------------------------------------

def test_pointers_name_each_reason_and_skip_withheld_and_unknown_flags():
    flags = [(True, False, False), (False, True, False), (True, True, False), (True, True, True), (None, None, False)]
    maturity = pd.DataFrame(
        [("E09000001", 2024, f"E0{i}", low, pol, bool(low) or bool(pol), withheld, False)
         for i, (low, pol, withheld) in enumerate(flags, start=1)],
        columns=["area_code", "assessment_year", "enabler_id", "is_low", "is_polarised", "dig_deeper",
                 "is_suppressed", "is_synthetic"],
    )
    boxes = pd.DataFrame({"box": ["A", "B"], "title": ["a", "b"], "boroughs": ["x", "y"]})
    links = pd.DataFrame({"box": ["A", "B", "A", "A", "A"], "enabler_id": ["E01", "E02", "E03", "E04", "E05"]})
    out = pointers(maturity, boxes, links)
    assert out[["enabler_id", "reason", "box"]].values.tolist() == [
        ["E01", "low", "A"], ["E02", "polarised", "B"], ["E03", "low and polarised", "A"]]

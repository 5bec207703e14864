"""The score parser: every way of writing 1–5 is read as that score, every way of skipping as a skip,
and nothing else becomes a score."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from framework import load_framework
from ingest.core.scores import SKIPS, is_skip, parse_score

SCALE = load_framework().scale
POINT = {p.score: p for p in SCALE}


@pytest.mark.parametrize("value", ["N/A", "n/a", "-", "skip", "don't know", " Don’t Know ", "NA", "–", "SKIPPED",
                                   "n / a", "", "   ", None])
def test_skips_in_any_form_are_skips(value):
    assert parse_score(value, SCALE) is None


@pytest.mark.parametrize("value, expected", [
    ("4 - Most descriptors in place and embedded", 4), ("4: Most descriptors in place", 4),
    ("2) Some in place, not embedded", 2), ("1. No descriptors in place. No plan to achieve this.", 1),
    ("5 All in place, impact evident", 5), ("3 – some descriptors in place…", 3), ("4.0 - most in place", 4),
])
def test_a_score_with_its_own_label_or_descriptor_is_that_score(value, expected):
    assert parse_score(value, SCALE) == expected


@pytest.mark.parametrize("value, reason", [
    (0, "score 0 is outside 1–5"),
    (6, "score 6 is outside 1–5"),
    ("three", "'three' is not a score from 1 to 5"),
    ("3/4", "'3/4' is not a score from 1 to 5"),
    ("3 or 4", "'3 or 4' is not a score from 1 to 5"),
    ("4 - pretty good", "'4 - pretty good' is not a score from 1 to 5"),
    ("4 - No descriptors in place", "'4 - No descriptors in place' gives 4 with the words of score 1"),
    ("6 - All in place", "score 6 is outside 1–5"),
    ("4e0", "'4e0' is not a score from 1 to 5"),
    ("٤", "'٤' is not a score from 1 to 5"),
    ("?", "'?' is not a score from 1 to 5"),
])
def test_anything_else_is_refused_with_a_reason_for_people(value, reason):
    with pytest.raises(ValueError) as error:
        parse_score(value, SCALE)
    assert str(error.value) == reason


def test_descriptors_are_only_read_when_the_scale_is_given():
    with pytest.raises(ValueError):
        parse_score("4 - Most descriptors in place")


def written_forms(score: int) -> st.SearchStrategy[object]:
    """A score as a number, as text, or followed by (the start of) its own label or descriptor."""
    point = POINT[score]
    words = st.sampled_from([point.label, point.descriptor]).flatmap(
        lambda text: st.integers(min_value=1, max_value=len(text)).map(lambda cut: text[:cut]))
    worded = st.tuples(st.sampled_from([" - ", ": ", ") ", ". ", " ", " – ", "-"]), words,
                       st.sampled_from(["", "…", "..."])).map(lambda t: f"{score}{t[0]}{t[1]}{t[2]}")
    return st.one_of(st.sampled_from([score, float(score), str(score), f" {score} ", f"{score}.0", f"{score}.00\n"]),
                     worded.filter(lambda text: re.search(r"[A-Za-z]", text[1:]) is not None))


@given(st.integers(min_value=1, max_value=5).flatmap(lambda n: st.tuples(st.just(n), written_forms(n))))
def test_every_score_in_every_form_is_read(case):
    score, written = case
    assert parse_score(written, SCALE) == score


@given(st.integers(min_value=-10**15, max_value=10**15).filter(lambda n: not 1 <= n <= 5),
       st.sampled_from([int, float, str, lambda n: f" {n}.0 "]))
def test_other_whole_numbers_are_never_scores(number, form):
    with pytest.raises(ValueError, match=f"^score {number} is outside 1–5$"):
        parse_score(form(number), SCALE)


@given(st.sampled_from(sorted(SKIPS)), st.sampled_from([str.upper, str.lower, str.title, lambda s: f"  {s}\t"]))
def test_skip_words_in_any_case_and_spacing_are_skips(word, form):
    assert parse_score(form(word), SCALE) is None
    assert is_skip(form(word))


def looks_like_a_score(text: str) -> bool:
    """What the parser may read as a score: a number first, then nothing or words."""
    return re.match(r"\s*[+-]?\.?\d", text) is not None


@given(st.text(max_size=60))
def test_random_text_is_never_a_score(text):
    assume(not looks_like_a_score(text))
    try:
        found = parse_score(text, SCALE)
    except ValueError:
        return
    assert found is None and (not text.strip() or is_skip(text))

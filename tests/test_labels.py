"""Label matching: every way the framework's own words are written names the right item, never
another, and text that is not a label names nothing."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from framework import load_framework
from ingest.core.labels import MIN_PREFIX, Ambiguous, LabelMatcher, Match

FW = load_framework()
MATCHER = LabelMatcher.for_framework(FW)
GRAIN = {**{e.id: "enabler" for e in FW.enablers}, **{i.id: "indicator" for i in FW.indicators}}


def labels_of(item_id: str) -> list[str]:
    """Every full label the framework gives an item."""
    if GRAIN[item_id] == "indicator":
        return [item_id, FW.indicator(item_id).text]
    enabler = FW.enabler(item_id)
    return [enabler.id, enabler.name, enabler.statement, *enabler.aliases]


LABELS = [(item_id, label) for item_id in GRAIN for label in labels_of(item_id)]


def plain(text: str) -> str:
    """An independent, simpler closing-up than the matcher's: letters and digits, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"['’‘`´\"“”]", "", text).replace("&", " and ")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


PLAIN_LABELS = [plain(label) for _, label in LABELS] + [plain(t.name) for t in FW.themes]


# --- the framework's own words ------------------------------------------------------------------


@pytest.mark.parametrize("item_id, label", LABELS)
def test_every_label_of_the_framework_names_its_own_item(item_id, label):
    assert MATCHER.match(label) == Match(item_id, GRAIN[item_id])
    assert MATCHER.match(label, GRAIN[item_id]) == Match(item_id, GRAIN[item_id])


@pytest.mark.parametrize("written, grain_hint, item_id", [
    ("E3", None, "E03"), ("E03", None, "E03"), ("e 3", None, "E03"), ("Enabler 3", None, "E03"),
    ("Enabler no. 12", None, "E12"), ("3.", "enabler", "E03"), ("3", "enabler", "E03"), ("03", "enabler", "E03"),
    ("E3.2", None, "E03.2"), ("3.2", None, "E03.2"), ("Indicator 3.2", None, "E03.2"), ("E03.2", "indicator", "E03.2"),
    ("3. Joint monitoring and governance", None, "E03"), ("E9 - Info sharing", None, "E09"),
    ("Info sharing", None, "E09"), ("Senior leadership", None, "E01"), ("Do, review, reform", None, "E12"),
    ("DO REVIEW REFORM", None, "E12"), ("Communicating the 'why'", None, "E04"), ("information-sharing", None, "E09"),
])
def test_numbers_ids_and_short_labels_people_use(written, grain_hint, item_id):
    assert MATCHER.match(written, grain_hint) == Match(item_id, GRAIN[item_id])


@pytest.mark.parametrize("written, grain_hint", [
    ("3", None), ("3.", None), ("3", "indicator"), ("E13", None), ("E0", None), ("13", "enabler"),
    ("E01.9", None), ("Indicator 12.7", None), ("E3.2", "enabler"), ("Leaders", None), ("Sustained", None),
    ("Average", None), ("Total", None), ("Notes", None), ("Health", None), ("Local authority", None), ("", None),
])
def test_what_names_no_item(written, grain_hint):
    assert MATCHER.match(written, grain_hint) is None


def test_a_cut_off_label_that_starts_two_items_is_ambiguous_and_says_which():
    first, second = FW.indicators_for(FW.enablers[7].id)[2:4]
    found = MATCHER.match(first.text[:32] + "...")
    assert found == Ambiguous((first.id, second.id))


def test_a_grain_hint_settles_a_short_label_shared_by_an_enabler_and_its_indicator():
    enabler = FW.enablers[8]
    assert isinstance(MATCHER.match(enabler.name.split()[0]), (Ambiguous, type(None)))
    assert MATCHER.match(enabler.name, "enabler") == Match(enabler.id, "enabler")


# --- properties ---------------------------------------------------------------------------------


def restyled(draw, text: str) -> str:
    """The same words with other case, spacing, quotes and dashes, as people retype them."""
    swaps = {"'": ["'", "’", "‘", ""], "’": ["'", "’", ""], "‘": ["'", "‘", ""],
             "-": ["-", "–", "—", " "],
             "—": ["-", "—", " — "], " ": [" ", "  ", "\n"], ",": [",", "", " ,"]}
    out = []
    for char in text:
        char = draw(st.sampled_from(swaps[char])) if char in swaps else char
        out.append(char.upper() if draw(st.booleans()) else char.lower())
    return draw(st.sampled_from(["", " ", "\t"])) + "".join(out) + draw(st.sampled_from(["", " ", "."]))


@st.composite
def retyped_labels(draw) -> tuple[str, str]:
    item_id, label = draw(st.sampled_from(LABELS))
    return item_id, restyled(draw, label)


@given(retyped_labels())
def test_retyped_labels_still_name_their_own_item(case):
    item_id, written = case
    assert MATCHER.match(written) == Match(item_id, GRAIN[item_id])


@st.composite
def cut_off_labels(draw) -> tuple[str, str]:
    """A statement, indicator, name or alias cut after at least MIN_PREFIX characters of its words."""
    item_id, label = draw(st.sampled_from([(i, t) for i, t in LABELS if len(plain(t)) > MIN_PREFIX]))
    cut = draw(st.integers(min_value=1, max_value=len(label)))
    assume(len(plain(label[:cut])) >= MIN_PREFIX)
    return item_id, label[:cut] + draw(st.sampled_from(["", "…", "...", " …"]))


@given(cut_off_labels(), st.sampled_from([None, "hint"]))
def test_a_cut_off_label_never_names_another_item(case, hint):
    """...unless what is left is another item's whole label ("Information-sharing" is E09's)."""
    item_id, written = case
    found = MATCHER.match(written, GRAIN[item_id] if hint else None)
    whole_label_of = {i for i, label in LABELS if plain(label) == plain(written)}
    assert (found == Match(item_id, GRAIN[item_id])
            or (isinstance(found, Ambiguous) and item_id in found.candidates)
            or (isinstance(found, Match) and found.item_id in whole_label_of))


def test_cut_off_statements_of_every_enabler_and_indicator_are_unique_well_before_their_end():
    for item_id, text in [(e.id, e.statement) for e in FW.enablers] + [(i.id, i.text) for i in FW.indicators]:
        assert MATCHER.match(text[: len(text) * 3 // 4] + "…") == Match(item_id, GRAIN[item_id])


def is_label_text(text: str) -> bool:
    """True when text could genuinely be a label: the start of one of the framework's, or any digits."""
    said = plain(text)
    if re.search(r"\d", unicodedata.normalize("NFKC", text)):
        return True
    return any(label.startswith(said) for label in PLAIN_LABELS)


@given(st.text(max_size=80), st.sampled_from([None, "enabler", "indicator"]))
def test_random_text_names_nothing(text, hint):
    assume(not is_label_text(text))
    assert MATCHER.match(text, hint) is None


@given(st.lists(st.sampled_from(["the", "early", "years", "partners", "services", "local", "families", "and",
                                 "leaders", "integration", "plan", "health", "data"]), min_size=1, max_size=8))
def test_framework_like_words_in_another_order_name_nothing(vocabulary):
    text = " ".join(vocabulary)
    assume(not is_label_text(text))
    assert MATCHER.match(text) is None


@given(st.integers().filter(lambda n: not 1 <= n <= len(FW.enablers)))
def test_numbers_outside_the_framework_name_nothing(number):
    assert MATCHER.match(str(number), "enabler") is None
    assert MATCHER.match(f"E{number}") is None

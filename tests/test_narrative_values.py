"""Placing what people write in the narrative sections: challenge statuses, challenges, models,
themes, enablers and review dates (ingest.core.narrative_values), and the framework words they
are placed by (challenges.yaml statuses and short names, spectrum.yaml short names)."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest
import yaml

from framework import FrameworkError, load_framework
from framework.loader import DATA_DIR
from ingest.core.narrative_values import (
    challenge_of,
    date_of,
    enabler_of,
    enablers_of,
    model_of,
    status_of,
    theme_of,
)


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def test_statuses_are_loaded_most_in_play_first_with_their_short_forms(fw):
    assert [(s.id, s.order, s.label) for s in fw.challenge_statuses] == [
        ("in_play", 1, "In play"), ("partly", 2, "Partly in play"), ("not_in_play", 3, "Not in play"),
    ]
    assert {"yes", "y"} <= set(fw.challenge_statuses[0].short_forms)
    assert {"partly", "partial", "somewhat"} <= set(fw.challenge_statuses[1].short_forms)
    assert {"no", "n"} <= set(fw.challenge_statuses[2].short_forms)


def test_every_challenge_and_model_has_short_names(fw):
    assert all(c.short_names for c in fw.challenges)
    assert "capacity" in next(c for c in fw.challenges if c.id == "stretched_capacity").short_names
    assert "co-ordinated" in next(m for m in fw.integration_models if m.id == "coordinated").short_names


def _copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def _edit(path, change):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_short_name_given_to_two_challenges_is_refused(tmp_path):
    data = _copy(tmp_path)
    _edit(data / "challenges.yaml", lambda doc: doc["challenges"][1]["short_names"].append("Technical"))
    with pytest.raises(FrameworkError, match="'technical' names .*stretched_capacity.*technical_blockages"):
        load_framework(data)


def test_a_status_form_given_to_two_statuses_is_refused(tmp_path):
    data = _copy(tmp_path)
    _edit(data / "challenges.yaml", lambda doc: doc["statuses"][2]["short_forms"].append("Partly"))
    with pytest.raises(FrameworkError, match="'partly' names"):
        load_framework(data)


def test_statuses_out_of_order_or_missing_are_refused(tmp_path):
    data = _copy(tmp_path)
    _edit(data / "challenges.yaml", lambda doc: doc.update(statuses=doc["statuses"][::-1]))
    with pytest.raises(FrameworkError, match="challenges.yaml: statuses: expected ids"):
        load_framework(data)
    _edit(data / "challenges.yaml", lambda doc: doc.pop("statuses"))
    with pytest.raises(FrameworkError, match="challenges.yaml: statuses"):
        load_framework(data)


@pytest.mark.parametrize("text, expected", [
    ("In play", "in_play"), ("in play", "in_play"), ("Yes", "in_play"), ("YES!", "in_play"), ("y", "in_play"),
    ("yes - major issue", "in_play"), ("Yes, very much so", "in_play"), (True, "in_play"),
    ("Partly in play", "partly"), ("partly", "partly"), ("Partial", "partly"), ("somewhat", "partly"),
    ("Partly – in some teams", "partly"),
    ("Not in play", "not_in_play"), ("no", "not_in_play"), ("N", "not_in_play"), ("No, not here", "not_in_play"),
    ("not_in_play", "not_in_play"), ("Not in play at all", "not_in_play"), (False, "not_in_play"),
    ("maybe", None), ("n/a", None), ("", None), (None, None), ("Nope", None), ("unsure", None),
])
def test_status_of(fw, text, expected):
    assert status_of(text, fw) == expected


@pytest.mark.parametrize("text, expected", [
    ("Technical blockages", "technical_blockages"), ("technical", "technical_blockages"),
    ("TECH", "technical_blockages"), ("Capacity", "stretched_capacity"),
    ("2. Stretched capacity", "stretched_capacity"), ("stretched_capacity", "stretched_capacity"),
    ("Capacity (strategic and operational)", "stretched_capacity"), ("Culture", "cultural_barriers"),
    ("Cultural barriers challenge", "cultural_barriers"), ("Levels - footprints", "tensions_about_levels"),
    ("Tensions about levels", "tensions_about_levels"), ("Shifting landscapes", "shifting_landscapes"),
    ("landscape", "shifting_landscapes"), ("Competing priorities", "competing_priorities"),
    ("Priorities", "competing_priorities"),
    ("Leadership", None), ("Information sharing", None), ("", None), (None, None), ("Capacity building plan", None),
])
def test_challenge_of(fw, text, expected):
    assert challenge_of(text, fw) == expected


@pytest.mark.parametrize("text, expected", [
    ("Coalition models", "coalition"), ("coalition", "coalition"), ("Coalition model", "coalition"),
    ("Co-ordinated", "coordinated"), ("Coordinated model", "coordinated"), ("co ordinated", "coordinated"),
    ("We are mostly coordinated", "coordinated"), ("UNIFIED", "unified"), ("the unified model", "unified"),
    ("between coalition and coordinated", None), ("Coalition / coordinated", None), ("X", None), ("", None),
    (None, None), ("partnership", None),
])
def test_model_of(fw, text, expected):
    assert model_of(text, fw) == expected


@pytest.mark.parametrize("text, expected", [
    ("Purpose and priorities", "purpose_priorities"), ("people & place", "people_place"),
    ("Partnership and processes", "partnership_process"), ("Theme 2", "people_place"), ("T3", "partnership_process"),
    ("t1", "purpose_priorities"), ("Theme 4", None), ("Overall", None), ("E01", None), (None, None),
])
def test_theme_of(fw, text, expected):
    assert theme_of(text, fw) == expected


@pytest.mark.parametrize("text, expected", [
    ("E01", "E01"), ("E1", "E01"), ("e 9", "E09"), ("3", "E03"), (3.0, "E03"), ("Enabler 3", "E03"),
    ("E03 Joint monitoring and governance", "E03"), ("Info sharing", "E09"), ("Senior leadership", "E01"),
    ("Purpose and priorities", None), ("Data", None), ("E13", None), (None, None), (True, None),
])
def test_enabler_of(fw, text, expected):
    assert enabler_of(text, fw) == expected


@pytest.mark.parametrize("text, ids, unplaced", [
    ("E01, E05", ("E01", "E05"), ()), ("E1 & E5", ("E01", "E05"), ()), ("1, 5", ("E01", "E05"), ()),
    ("(E3, E7)", ("E03", "E07"), ()), ("E7; E3; E7", ("E03", "E07"), ()), ("E3 and E7", ("E03", "E07"), ()),
    ("E05 Mutual understanding", ("E05",), ()), ("Valuing families and community", ("E11",), ()),
    ("Info sharing / leadership", ("E01", "E09"), ()), ("Senior leadership + Common agenda", ("E01", "E02"), ()),
    ("Shared vision; Data", (), ("Shared vision", "Data")), ("E9, better data", ("E09",), ("better data",)),
    ("", (), ()), (None, (), ()),
])
def test_enablers_of(fw, text, ids, unplaced):
    assert enablers_of(text, fw) == (ids, unplaced)


@pytest.mark.parametrize("value, expected", [
    (date(2026, 3, 31), date(2026, 3, 31)), (datetime(2026, 3, 1, 9, 30), date(2026, 3, 1)),
    (46112, date(2026, 3, 31)), (46112.0, date(2026, 3, 31)),
    ("31/03/2026", date(2026, 3, 31)), ("31/3/26", date(2026, 3, 31)), ("1.4.2026", date(2026, 4, 1)),
    ("2026-03-31", date(2026, 3, 31)), ("31 March 2026", date(2026, 3, 31)), ("31st Mar 2026", date(2026, 3, 31)),
    ("March 31, 2026", date(2026, 3, 31)),
    # a month alone means its last day
    ("March 2026", date(2026, 3, 31)), ("Feb 2028", date(2028, 2, 29)), ("Mar-26", date(2026, 3, 31)),
    ("03/2026", date(2026, 3, 31)), ("2026-09", date(2026, 9, 30)), ("Sept 2026", date(2026, 9, 30)),
    ("2026", None), ("next spring", None), ("30/02/2026", None), ("", None), (None, None), (3, None), (True, None),
])
def test_date_of(value, expected):
    assert date_of(value) == expected

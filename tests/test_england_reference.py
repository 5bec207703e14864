"""England's upper-tier authorities as reference data (framework/data/england_authorities.yaml): the 161
codes, who replaced whom, the calendar years each can hold an assessment in, the names people write,
and the checks that refuse an edit breaking any of them."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from framework import FrameworkError, load_framework
from framework.loader import DATA_DIR
from framework.model import Framework

# The shared data lives beside the project on these machines, wherever the checkout is (CI clones elsewhere).
SHARED_CSV = Path("/work/shared/data/england-local-authorities.csv")
LONDON_REGIONS = {"Inner London", "Outer London"}


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


def by_name(fw: Framework, name: str, current: bool = True):
    [found] = [a for a in fw.england_authorities if a.name == name and (not a.replaced_by) == current]
    return found


def shared_rows() -> list[dict[str, str]]:
    with SHARED_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- the list ---------------------------------------------------------------------------------------


def test_161_codes_of_which_153_are_current_and_the_8_replaced_are_the_ones_dfe_stopped_publishing(fw):
    latest = max(int(r["last_reporting_year"]) for r in shared_rows())
    stopped = {r["gss_code"] for r in shared_rows() if int(r["last_reporting_year"]) < latest}

    assert len({a.gss_code for a in fw.england_authorities}) == 161
    assert sum(1 for a in fw.england_authorities if not a.replaced_by) == 153
    assert {a.gss_code for a in fw.england_authorities if a.replaced_by} == stopped
    assert len(stopped) == 8


def test_every_london_code_and_name_is_unchanged_and_equal_to_the_areas(fw):
    london = {(a.gss_code, a.dfe_code, a.name) for a in fw.england_authorities if a.region_name in LONDON_REGIONS}
    in_csv = {(r["gss_code"], r["dfe_code"], r["name"]) for r in shared_rows() if r["region_name"] in LONDON_REGIONS}

    assert london == {(area.code, area.dfe_code, area.name) for area in fw.london_areas} == in_csv
    assert len(london) == 33


@pytest.mark.parametrize("replaced, successors", [
    ("Cumbria", {"Cumberland", "Westmorland and Furness"}),
    ("Bournemouth", {"Bournemouth, Christchurch and Poole"}),
    ("Poole", {"Bournemouth, Christchurch and Poole"}),
    ("Northamptonshire", {"North Northamptonshire", "West Northamptonshire"}),
    ("Buckinghamshire", {"Buckinghamshire"}),
    ("North Yorkshire", {"North Yorkshire"}),
    ("Somerset", {"Somerset"}),
])
def test_a_replaced_authority_names_its_current_successors(fw, replaced, successors):
    old = by_name(fw, replaced, current=False)
    named = [a for code in old.replaced_by for a in fw.england_authorities if a.gss_code == code]

    assert {a.name for a in named} == successors
    assert all(not a.replaced_by and a.gss_code != old.gss_code for a in named)


def test_the_unitary_successors_keep_the_county_number_under_a_new_code(fw):
    for name, old_code, new_code in [("Buckinghamshire", "E10000002", "E06000060"),
                                     ("North Yorkshire", "E10000023", "E06000065"),
                                     ("Somerset", "E10000027", "E06000066")]:
        old, new = by_name(fw, name, current=False), by_name(fw, name)
        assert (old.gss_code, old.replaced_by, new.gss_code) == (old_code, (new_code,), new_code)
        assert old.dfe_code == new.dfe_code


# --- validity in calendar years of assessment ------------------------------------------------------


def holds(fw: Framework, authority, year: int) -> bool:
    first, last = fw.assessment_years(authority)
    return (first is None or first <= year) and (last is None or year <= last)


@pytest.mark.parametrize("name, current, year, expected", [
    ("Cumbria", False, 2022, True),
    ("Cumbria", False, 2023, True),  # until 31 March 2023
    ("Cumbria", False, 2024, False),
    ("Cumberland", True, 2022, False),
    ("Cumberland", True, 2023, True),  # from 1 April 2023
    ("Bournemouth, Christchurch and Poole", True, 2018, False),
    ("Bournemouth, Christchurch and Poole", True, 2019, True),
    ("Bournemouth", False, 2018, True),
    ("Bournemouth", False, 2020, False),
    ("Buckinghamshire", False, 2020, True),
    ("Buckinghamshire", True, 2020, True),
    ("Buckinghamshire", True, 2019, False),
])
def test_validity_follows_the_1_april_reorganisations_in_calendar_years(fw, name, current, year, expected):
    assert holds(fw, by_name(fw, name, current), year) is expected


def test_an_authority_no_reorganisation_touched_has_no_limit_either_way(fw):
    leeds = by_name(fw, "Leeds")

    assert leeds.first_reporting_year == 2013  # where DfE's figures start, not where Leeds does
    assert fw.assessment_years(leeds) == (None, None)
    assert all(fw.assessment_years(fw_area) == (None, None)
               for fw_area in fw.england_authorities if fw_area.region_name in LONDON_REGIONS)


def test_the_rule_is_documented_in_the_yaml_header_with_the_attribution():
    text = (DATA_DIR / "england_authorities.yaml").read_text(encoding="utf-8")
    header = text[: text.index("\nsource:")]

    assert "1 April" in header and "calendar year" in header and "replaced_by" in header
    assert "Open Government Licence v3.0" in yaml.safe_load(text)["source"]


# --- the checks refuse bad edits ---------------------------------------------------------------------


def edited_copy(tmp_path: Path, edit: Callable[[dict], None]) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = data_dir / "england_authorities.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data_dir


def refusal(tmp_path: Path, edit: Callable[[dict], None]) -> str:
    with pytest.raises(FrameworkError) as caught:
        load_framework(edited_copy(tmp_path, edit))
    return str(caught.value)


def row(doc: dict, gss_code: str) -> dict:
    [found] = [r for r in doc["authorities"] if r["gss_code"] == gss_code]
    return found


def test_an_alias_given_to_two_authorities_is_refused_unless_it_is_a_shared_name(tmp_path):
    def edit(doc):
        row(doc, "E08000035").setdefault("aliases", []).append("Bradford")  # Leeds, called Bradford

    assert "'bradford' names ['Bradford', 'Leeds']" in refusal(tmp_path, edit)


def test_a_shared_name_that_names_one_authority_is_refused(tmp_path):
    def edit(doc):
        doc["shared_names"] = ["Kingston", "Leeds"]

    assert "shared_names: 'Leeds' names ['Leeds'], not two authorities" in refusal(tmp_path, edit)


def test_a_successor_that_is_missing_or_itself_replaced_is_refused(tmp_path):
    def edit(doc):
        row(doc, "E10000006")["replaced_by"] = ["E06000063", "E06000099"]
        row(doc, "E06000028")["replaced_by"] = ["E06000029"]  # Bournemouth by Poole, itself replaced

    message = refusal(tmp_path, edit)
    assert "[E10000006].replaced_by: E06000099 is not listed" in message
    assert "[E06000028].replaced_by: E06000029 is 'Poole', itself replaced" in message


def test_an_authority_dfe_stopped_publishing_must_name_its_successor(tmp_path):
    def edit(doc):
        del row(doc, "E10000006")["replaced_by"]
        row(doc, "E08000035")["replaced_by"] = ["E08000036"]  # Leeds, still published

    message = refusal(tmp_path, edit)
    assert "[E10000006]: last published in 2023, before 2025, but replaced_by names no successor" in message
    assert "[E08000035].replaced_by: it is still published in 2025" in message


def test_a_london_name_that_differs_from_the_areas_is_refused(tmp_path):
    def edit(doc):
        row(doc, "E09000007")["name"] = "London Borough of Camden"
        row(doc, "E09000013")["aliases"] = ["H and F"]

    message = refusal(tmp_path, edit)
    assert "London area E09000007 (202 'Camden', areas.yaml) has 202 'London Borough of Camden'" in message
    assert "[E09000013].aliases: a London authority's aliases are areas.yaml's" in message

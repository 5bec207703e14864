"""The framework package: the tool's content as data, its validation, and its warehouse tables."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from framework import FrameworkError, load_framework
from framework.loader import DATA_DIR
from framework.tables import FRAMEWORK_TABLES, framework_tables

SEED = Path(__file__).resolve().parents[1] / "framework" / "sources" / "beyond-boundaries-self-evaluation-tool.txt"

# The PDF extraction interleaves the grid's left column into this bullet; its two halves are
# each verbatim, in order.
SPLIT_IN_SEED = {"E01.1": 9}  # indicator id -> number of words in the first half


@pytest.fixture(scope="module")
def fw():
    return load_framework()


@pytest.fixture(scope="module")
def seed_text() -> str:
    return " ".join(SEED.read_text(encoding="utf-8").split())


def test_packaged_framework_is_read_once():
    assert load_framework() is load_framework()


def test_three_themes_in_order(fw):
    assert [(t.id, t.order, t.name) for t in fw.themes] == [
        ("purpose_priorities", 1, "Purpose and priorities"),
        ("people_place", 2, "People and place"),
        ("partnership_process", 3, "Partnership and process"),
    ]


def test_twelve_enablers_in_order_each_in_its_theme(fw):
    assert [e.id for e in fw.enablers] == [f"E{n:02d}" for n in range(1, 13)]
    assert [e.order for e in fw.enablers] == list(range(1, 13))
    themes = {e.id: e.theme_id for e in fw.enablers}
    assert {themes[f"E{n:02d}"] for n in range(1, 5)} == {"purpose_priorities"}
    assert {themes[f"E{n:02d}"] for n in range(5, 9)} == {"people_place"}
    assert {themes[f"E{n:02d}"] for n in range(9, 13)} == {"partnership_process"}
    assert fw.theme("people_place").enabler_ids == ("E05", "E06", "E07", "E08")
    assert fw.enabler("E09").name == "Information sharing"
    assert fw.enabler("E12").name == "Do, review, reform"


def test_indicator_counts_per_enabler(fw):
    counts = Counter(i.enabler_id for i in fw.indicators)
    assert [counts[e.id] for e in fw.enablers] == [6, 5, 4, 4, 3, 5, 5, 6, 4, 4, 5, 4]
    assert len(fw.indicators) == 55
    assert fw.enabler("E08").indicator_ids == tuple(f"E08.{n}" for n in range(1, 7))


def test_indicator_ids_are_stable(fw):
    assert fw.indicator("E01.1").text.startswith("Long-term commitment to improving early years outcomes")
    assert fw.indicator("E03.4").text.startswith("Integrated or closely alighed commissioners")
    assert fw.indicator("E05.3").text.startswith("Experience of working in different roles")
    assert fw.indicator("E06.1").text.startswith("Professionals in different services and agencies know each other")
    assert fw.indicator("E08.4").text.startswith("Parents of children aged 0 to 5 have opportunities to ‘drop-in”")
    assert fw.indicator("E10.4").text.endswith("such as schools, social care, and housing")
    assert fw.indicator("E12.4").text == (
        "Insight into families’ pressures and experiences of services informs planning at every level"
    )
    assert [i.order for i in fw.indicators_for("E02")] == [1, 2, 3, 4, 5]


def test_every_indicator_text_is_verbatim_from_the_seed(fw, seed_text):
    for indicator in fw.indicators:
        text = indicator.text
        assert "  " not in text and text == text.strip()
        assert not text.startswith(("e ", "® ", "¢ ")), indicator.id
        if indicator.id in SPLIT_IN_SEED:
            words = text.split(" ")
            head, tail = " ".join(words[: SPLIT_IN_SEED[indicator.id]]), " ".join(words[SPLIT_IN_SEED[indicator.id] :])
            assert head in seed_text and tail in seed_text[seed_text.index(head) + len(head) :], indicator.id
        else:
            assert text in seed_text, indicator.id


def test_challenge_examples_and_case_study_issues_come_from_the_seed(fw, seed_text):
    assert [c.id for c in fw.challenges] == [
        "technical_blockages", "stretched_capacity", "cultural_barriers",
        "tensions_about_levels", "shifting_landscapes", "competing_priorities",
    ]
    examples = [x for c in fw.challenges for x in c.examples]
    assert len(examples) == 21
    assert all(x in seed_text for x in examples)
    assert all(issue in seed_text for c in fw.case_studies for issue in c.issues)


def test_case_studies_boxes_and_enablers(fw):
    assert [c.box for c in fw.case_studies] == list("ABCDEFGHIJKL")
    assert [len(c.issues) for c in fw.case_studies] == [3, 3, 3, 2, 2, 3, 2, 2, 1, 3, 2, 3]
    by_box = {c.box: c for c in fw.case_studies}
    assert "E09" in by_box["G"].enabler_ids  # "Information sharing agreements"
    assert by_box["I"].enabler_ids == ("E11",)  # "Valuing families and the community as partners"


def test_spectrum_has_three_models(fw):
    assert [m.id for m in fw.integration_models] == ["coalition", "coordinated", "unified"]
    assert "single organisational structure" in fw.integration_models[2].description


def test_scale_is_complete(fw):
    assert [p.score for p in fw.scale] == [1, 2, 3, 4, 5]
    assert fw.scale[0].descriptor == "No descriptors in place. No plan to achieve this."
    assert fw.scale[4].descriptor == "All descriptors in place and well embedded. Impact is evident."
    assert all(p.label and p.descriptor for p in fw.scale)
    assert fw.skip_allowed is True
    assert "permitted to skip" in fw.skip_guidance
    assert fw.role_levels == ("Strategic", "Operational")
    assert "Health" in fw.sectors


def test_aliases_lead_to_one_enabler(fw):
    owners = Counter(a.casefold() for e in fw.enablers for a in e.aliases)
    assert max(owners.values()) == 1
    assert "Info sharing" in fw.enabler("E09").aliases
    assert "Continuous improvement" in fw.enabler("E12").aliases


def test_londons_33_areas_with_codes_and_inner_outer(fw):
    assert [a.code for a in fw.london_areas] == [f"E09{n:06d}" for n in range(1, 34)]
    assert Counter(a.inner_outer for a in fw.london_areas) == {"Inner London": 14, "Outer London": 19}
    assert fw.area("E09000011").name == "Greenwich" and fw.area("E09000011").inner_outer == "Outer London"
    assert fw.area("E09000014").inner_outer == "Inner London"  # Haringey, by the statistical definition
    assert fw.area("E09000013").dfe_code == "205"
    assert fw.area("E09000001").dfe_code == "201"
    assert "LBHF" in fw.area("E09000013").aliases
    assert len({a.dfe_code for a in fw.london_areas}) == 33
    assert {(a.region_code, a.region_name) for a in fw.london_areas} == {("E12000007", "London")}


def test_the_areas_are_every_english_authority_with_its_region_and_years(fw):
    assert len(fw.areas) == 161 and sum(a.last_year is None for a in fw.areas) == 153
    assert [a for a in fw.areas if a.code.startswith("E09")] == list(fw.london_areas)
    leeds = fw.area("E08000035")
    assert (leeds.region_code, leeds.region_name, leeds.inner_outer) == ("E12000003", "Yorkshire and The Humber", None)
    assert (fw.area("E10000006").first_year, fw.area("E10000006").last_year) == (None, 2023)  # Cumbria
    assert (fw.area("E06000063").first_year, fw.area("E06000063").last_year) == (2023, None)  # Cumberland
    assert {a.region_code for a in fw.areas} == {f"E1200000{n}" for n in range(1, 10)}
    assert len(fw.areas_in("E12000003")) == 15 and len(fw.areas_in("E12000007")) == 33

@pytest.mark.parametrize(
    ("on", "expected_icbs"),
    [
        (date(2023, 6, 30), {"QMJ": 5, "QRV": 8, "QMF": 8, "QKK": 6, "QWE": 6}),
        (date(2026, 6, 30), {"Z9B2Z": 13, "QMF": 8, "QKK": 6, "QWE": 6}),
    ],
)
def test_every_area_is_in_exactly_one_icb(fw, on, expected_icbs):
    icbs = [fw.icb_for(a.code, on) for a in fw.london_areas]
    assert all(m is not None for m in icbs)
    assert Counter(m.icb_code for m in icbs) == expected_icbs
    for area in fw.london_areas:
        assert sum(m.area_code == area.code and m.valid_from <= on and (m.valid_to is None or on <= m.valid_to)
                   for m in fw.icb_memberships) == 1


def test_icb_merger_boundary(fw):
    assert fw.icb_for("E09000019", date(2026, 3, 31)).icb_code == "QMJ"  # Islington
    assert fw.icb_for("E09000019", date(2026, 4, 1)).icb_code == "Z9B2Z"
    assert fw.icb_for("E09000023", date(2026, 4, 1)).icb_code == "QKK"  # Lewisham unaffected


def test_framework_tables_have_the_contracted_columns(fw):
    tables = framework_tables(fw)
    expected = {
        "themes": (["theme_id", "theme_order", "theme_name"], 3),
        "enablers": (["enabler_id", "enabler_order", "theme_id", "enabler_name", "statement", "aliases"], 12),
        "indicators": (["indicator_id", "enabler_id", "indicator_order", "indicator_text"], 55),
        "scale": (["score", "label", "descriptor"], 5),
        "challenges": (["challenge_id", "challenge_order", "challenge_name", "description", "examples"], 6),
        "challenge_statuses": (["status_id", "status_order", "status_label"], 3),
        "integration_models": (["model_id", "model_order", "model_name", "description"], 3),
        "case_studies": (["box", "title", "issues", "boroughs"], 12),
        "case_study_enablers": (["box", "enabler_id"], sum(len(c.enabler_ids) for c in fw.case_studies)),
        "data_sharing_questions": (["question_id", "question_order", "section", "question_text", "source",
                                    "linked_enabler_id", "linked_indicator_id", "note", "section_name",
                                    "evidence_prompt"], len(fw.data_sharing_questions)),
        "data_sharing_choices": (["answer", "answer_order", "answer_score", "meaning"], len(fw.data_sharing_choices)),
        "areas": (["area_code", "area_name", "dfe_code", "region_code", "region_name", "inner_outer", "first_year",
                   "last_year"], 161),
        "area_icbs": (["area_code", "icb_code", "icb_name", "valid_from", "valid_to"], len(fw.icb_memberships)),
        "tiles": (["area_code", "short_name", "tile_row", "tile_col"], 33),
    }
    assert set(tables) == set(expected)
    assert tuple(tables) == FRAMEWORK_TABLES  # the asset keys Dagster declares up front
    for name, (columns, rows) in expected.items():
        assert list(tables[name].columns) == columns, name
        assert len(tables[name]) == rows, name
    for name, column in [("themes", "theme_order"), ("enablers", "enabler_order"), ("indicators", "indicator_order"),
                         ("scale", "score"), ("challenges", "challenge_order"), ("challenge_statuses", "status_order"),
                         ("integration_models", "model_order")]:
        assert tables[name][column].dtype == "int64", (name, column)
    enablers = tables["enablers"].set_index("enabler_id")
    assert "Info sharing | " in enablers.loc["E09", "aliases"]
    icbs = tables["area_icbs"]
    assert isinstance(icbs["valid_from"].iloc[0], date)
    assert icbs["valid_to"].isna().sum() == sum(m.valid_to is None for m in fw.icb_memberships)


# --- refusing bad data ------------------------------------------------------------------------


def edited_copy(tmp_path: Path, file_name: str, edit: Callable[[dict], None]) -> Path:
    """A copy of the packaged data with one YAML file changed by `edit`."""
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = data_dir / file_name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data_dir


def refusal(data_dir: Path) -> FrameworkError:
    with pytest.raises(FrameworkError) as caught:
        load_framework(data_dir)
    return caught.value


def test_an_unedited_copy_loads(tmp_path):
    copy = load_framework(edited_copy(tmp_path, "tool.yaml", lambda doc: None))
    assert copy == load_framework()


def test_duplicate_enabler_id_is_refused(tmp_path):
    def edit(doc):
        doc["enablers"][1]["id"] = "E01"

    error = refusal(edited_copy(tmp_path, "tool.yaml", edit))
    assert "tool.yaml: enablers: duplicate id 'E01'" in str(error)


def test_indicator_under_unknown_enabler_is_refused(tmp_path):
    def edit(doc):
        doc["indicators"][0]["enabler"] = "E99"

    error = refusal(edited_copy(tmp_path, "tool.yaml", edit))
    assert "tool.yaml: indicators[E01.1].enabler: unknown enabler 'E99'" in str(error)


def test_missing_scale_point_is_refused(tmp_path):
    def edit(doc):
        del doc["scale"][2]

    error = refusal(edited_copy(tmp_path, "scale.yaml", edit))
    assert "scale.yaml: scale (scores): expected ids [1, 2, 3, 4, 5] in that order, got [1, 2, 4, 5]" in str(error)


def test_alias_shared_by_two_enablers_is_refused(tmp_path):
    def edit(doc):
        doc["enablers"][0]["aliases"].append("INFO SHARING")

    error = refusal(edited_copy(tmp_path, "tool.yaml", edit))
    assert "alias 'info sharing' is given 2 times, by ['E01', 'E09']" in str(error)


def test_gap_in_icb_membership_is_refused(tmp_path):
    def edit(doc):
        doc["icbs"][0]["valid_to"] = date(2026, 3, 30)

    error = refusal(edited_copy(tmp_path, "icbs.yaml", edit))
    assert "icbs.yaml: area E09000019 (Islington): in no ICB between 2026-03-30 and 2026-04-01" in str(error)


def test_tile_map_places_every_area_once_in_its_own_square(fw):
    squares = {(t.row, t.col) for t in fw.tiles}
    assert sorted(t.area_code for t in fw.tiles) == sorted(a.code for a in fw.london_areas)
    assert len(squares) == len(fw.tiles)
    # The City sits between Westminster and Tower Hamlets, as on a map.
    by_code = {t.area_code: t for t in fw.tiles}
    city, westminster, tower_hamlets = by_code["E09000001"], by_code["E09000033"], by_code["E09000030"]
    assert westminster.row == city.row == tower_hamlets.row
    assert westminster.col == city.col - 1 and tower_hamlets.col == city.col + 1


def test_two_boroughs_in_one_tile_square_are_refused(tmp_path):
    def edit(doc):
        doc["tiles"][1]["row"], doc["tiles"][1]["col"] = doc["tiles"][0]["row"], doc["tiles"][0]["col"]
        doc["tiles"][2]["short_name"] = "A much too long label"

    error = refusal(edited_copy(tmp_path, "tile_map.yaml", edit))
    assert "tile_map.yaml: tiles (row, col): duplicate id '1,5' (2 times)" in str(error)
    assert "'A much too long label' is longer than 9" in str(error)


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    def edit(doc):
        doc["enablers"][1]["id"] = "E01"
        doc["indicators"][0]["enabler"] = "E99"
        del doc["themes"][0]["name"]

    error = refusal(edited_copy(tmp_path, "tool.yaml", edit))
    message = str(error)
    assert "duplicate id 'E01'" in message
    assert "unknown enabler 'E99'" in message
    assert "tool.yaml: themes[0].name: expected non-empty text, got None" in message
    assert len(error.problems) >= 3


# --- the England list -------------------------------------------------------------------------

ENGLAND_CSV = Path("/work/shared/data/england-local-authorities.csv")


@pytest.mark.skipif(not ENGLAND_CSV.is_file(), reason="the shared reference data is not on this machine")
def test_england_list_holds_every_row_of_the_shared_csv(fw):
    with ENGLAND_CSV.open(newline="", encoding="utf-8") as f:
        expected = [(r["gss_code"], r["dfe_code"], r["name"], r["region_code"], r["region_name"],
                     int(r["first_reporting_year"]), int(r["last_reporting_year"])) for r in csv.DictReader(f)]
    listed = [(a.gss_code, a.dfe_code, a.name, a.region_code, a.region_name, a.first_reporting_year,
               a.last_reporting_year) for a in fw.england_authorities]
    assert listed == expected
    assert len(expected) == 161


def test_england_list_carries_its_attribution():
    text = (DATA_DIR / "england_authorities.yaml").read_text(encoding="utf-8")
    source = yaml.safe_load(text)["source"]
    assert "Children in need: referrals and re-referrals, 2013 to 2025" in source
    assert "Open Government Licence v3.0" in source


def test_a_dfe_number_names_its_current_authority(fw):
    assert fw.england_authority("873").gss_code == "E10000003"  # Cambridgeshire
    assert fw.england_authority("815").gss_code == "E06000065"  # North Yorkshire, unitary since 2023
    assert fw.england_authority("202").gss_code == fw.area("E09000007").code  # Camden
    assert fw.england_authority("999") is None


def test_a_dfe_number_given_twice_in_one_year_is_refused(tmp_path):
    def edit(doc):
        doc["authorities"][1]["dfe_code"] = doc["authorities"][0]["dfe_code"]  # Middlesbrough as 805

    error = refusal(edited_copy(tmp_path, "england_authorities.yaml", edit))
    assert "england_authorities.yaml: authorities (dfe_code): 805 is given to E06000001 and E06000002 in 2013" in str(error)


def test_a_london_area_differing_from_the_england_list_is_refused(tmp_path):
    def edit(doc):
        camden = next(a for a in doc["authorities"] if a["gss_code"] == "E09000007")
        camden["dfe_code"] = "299"

    error = refusal(edited_copy(tmp_path, "england_authorities.yaml", edit))
    assert "London area E09000007 (202 'Camden', areas.yaml) has 299 'Camden'" in str(error)

"""Outcome files as DfE and OHID publish them (issue #11): every real file in
/work/shared/data/published/ (SOURCES.md) is read with its documented result and named figures
arrive exactly as headline values; then hand-written files for what the real ones show only in
part: district rows beside an authority's own, filters without `Total`, header spellings, and a
CSV meant as an outcome file in none of the layouts."""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from ingest.batch.loading import ingest_files
from ingest.core.problems import Refused
from ingest.outcomes.loader import describe_outcome_file
from ingest.registry import read_content, read_outcome_file
from ingest.results import FileStatus
from warehouse.home import Home

PUBLISHED = Path("/work/shared/data/published")
EYFSP, EYFSP_FULL = "ees_eyfsp_headline_measures_2022.csv", "ees_eyfsp_headline_measures_2022_FULL.csv.gz"
REFERRALS, CIN = "ees_cin_referrals_rereferrals_2013_to_2025.csv", "ees_cin_b1_children_in_need_2013_to_2025.csv"
CPP, CLA = "ees_cin_d3_cpp_subsequent_2013_to_2025.csv", "ees_cla_number_and_rate_per_10k.csv"
CAMPYLOBACTER, SUICIDE = ("fingertips_export_campylobacter_93356_countyua.csv",
                          "fingertips_export_suicide_london_altered_header.csv")
CAMDEN, HACKNEY, HARTLEPOOL, ENGLAND = "E09000007", "E09000012", "E06000001", "E92000001"
LOOKED_AFTER = "population_type=Children looked after on 31 March each year"
DISTRICT_NOTE = ("values at another geographic level (such as Local authority district) under a code the file "
                 "also gives a Local authority row kept as geography 'other', never as the authority's own")

# Each file's outcome line, as `maturity ingest` prints it after "accepted NAME — ".
LINES = {
    EYFSP: "Explore Education Statistics: 8 indicators, 35256 values (152 local authorities, 12 benchmark areas), "
           f"periods 202122 to 202122, 12 withheld by the publisher; 1584 {DISTRICT_NOTE}",
    EYFSP_FULL: "Explore Education Statistics: 8 indicators, 102816 values (152 local authorities, 194 benchmark "
                f"areas), periods 202122 to 202122, 200 withheld by the publisher; 6144 {DISTRICT_NOTE}",
    REFERRALS: "Explore Education Statistics: 10 indicators, 21320 values (161 local authorities, 12 benchmark "
               "areas), periods 2013 to 2025, 390 withheld by the publisher",
    CIN: "Explore Education Statistics: 8 indicators, 17056 values (161 local authorities, 12 benchmark areas), "
         "periods 2013 to 2025, 118 withheld by the publisher",
    CPP: "Explore Education Statistics: 3 indicators, 6396 values (161 local authorities, 12 benchmark areas), "
         "periods 2013 to 2025, 95 withheld by the publisher",
    CLA: "Explore Education Statistics: 3 indicators, 7515 values (155 local authorities, 12 benchmark areas), "
         "periods 2021 to 2025, 158 withheld by the publisher; headline population_type=Children looked after on "
         "31 March each year (no Total; the documented choice among 3 values)",
    CAMPYLOBACTER: "Fingertips data: 1 indicator, 852 values (152 local authorities, 10 benchmark areas), "
                   "periods 2015 to 2017, 10 withheld by the publisher",
    SUICIDE: "Fingertips data: 5 indicators, 175 values (33 local authorities, 2 benchmark areas), "
             "periods 2012 - 14 to 2015 - 17, 2 withheld by the publisher",
}
# (file, indicator, area, geography, period, breakdown) → (value, is_headline, cell), looked up in the raw files.
FIGURES = {
    (EYFSP, "gld_percentage", CAMDEN, "local_authority", "202122", ""): (65.3, True, "'CSV'!W2231"),
    (EYFSP, "gld_percentage", CAMDEN, "other", "202122", ""): (65.3, True, "'CSV'!W4211"),  # its district row
    (EYFSP_FULL, "children_number", HARTLEPOOL, "local_authority", "202122", ""): (1018, True, "'CSV'!P2054"),
    (EYFSP_FULL, "children_number", HARTLEPOOL, "other", "202122", ""): (1078, True, "'CSV'!P11012"),
    (REFERRALS, "referral_count", CAMDEN, "local_authority", "2025", ""): (2086, True, "'CSV'!L134"),
    (REFERRALS, "referral_count", HACKNEY, "local_authority", "2024", ""): (3782, True, "'CSV'!L301"),
    (CIN, "Anypoint_child", CAMDEN, "local_authority", "2025", ""): (2890, True, "'CSV'!M134"),
    (CPP, "CPP_subsequent_percent", CAMDEN, "local_authority", "2024", ""): (32, True, "'CSV'!N299"),
    (CLA, "rate_per_10000", CAMDEN, "local_authority", "2025", LOOKED_AFTER): (58, True, "'CSV'!N408"),
    (CLA, "rate_per_10000", CAMDEN, "local_authority", "2025",
     "population_type=Children ceasing to be looked after each year"): (33, False, "'CSV'!N407"),
    (CLA, "rate_per_10000", HACKNEY, "local_authority", "2024", LOOKED_AFTER): (70, True, "'CSV'!N912"),
    (CAMPYLOBACTER, "93356", CAMDEN, "local_authority", "2016", "Age=All ages"): (116.174684480118, True, "'CSV'!M466"),
    (CAMPYLOBACTER, "93356", CAMDEN, "local_authority", "2016", "Age=0-9 yrs"): (17.5192711983182, False, "'CSV'!M618"),
    (CAMPYLOBACTER, "93356", ENGLAND, "country", "2016", "Age=All ages"): (89.1292253807248, True, "'CSV'!M337"),
    (SUICIDE, "41001", CAMDEN, "local_authority", "2015 - 17", ""): (13.1646040373325, True, "'CSV'!M10"),
    (SUICIDE, "91404", CAMDEN, "local_authority", "2012 - 14", ""): (25.5742953985138, True, "'CSV'!M115"),
}

pytestmark = pytest.mark.skipif(not PUBLISHED.is_dir(), reason="the published files are not on this machine")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, Path]:
    """Every outcome file by name; the gzip one unpacked to a .csv, the only form the inbox takes."""
    paths = {name: PUBLISHED / name for name in LINES if not name.endswith(".gz")}
    unpacked = tmp_path_factory.mktemp("published") / EYFSP_FULL.removesuffix(".gz")
    unpacked.write_bytes(gzip.decompress((PUBLISHED / EYFSP_FULL).read_bytes()))
    return {**paths, EYFSP_FULL: unpacked}


@pytest.fixture(scope="module")
def read(published):
    return {name: read_outcome_file(path) for name, path in published.items()}


def test_every_published_outcome_file_is_read_with_its_documented_result(read):
    for name, line in LINES.items():
        assert describe_outcome_file(read[name]) == line, name


def test_named_figures_arrive_exactly_as_published(read):
    for (name, indicator, area, geography, period, breakdown), (figure, headline, location) in FIGURES.items():
        [value] = [v for v in read[name].values if (v.indicator_id, v.area_code, v.geography, v.period.label,
                                                     v.breakdown) == (indicator, area, geography, period, breakdown)]
        assert (value.value, value.is_headline, value.location) == (figure, headline, location), (name, indicator, area)


def test_every_indicator_with_area_values_has_one_headline_per_area_and_period(read):
    for name, file in read.items():
        headlines = defaultdict(int)
        for v in file.values:
            if v.geography == "local_authority":
                headlines[(v.indicator_id, v.area_code, v.period.label)] += v.is_headline
        assert set(headlines.values()) == {1}, name


def test_the_withheld_figures_keep_the_publishers_reason(read):
    by_reason = defaultdict(int)
    for v in read[CPP].values:
        by_reason[v.missing_reason] += v.value is None
    assert {reason for reason, n in by_reason.items() if n} <= {"x: not available", "c: confidential",
                                                                "z: not applicable", "u: low reliability", "empty cell"}
    hackney = [v for v in read[CAMPYLOBACTER].values if v.area_code == HACKNEY and v.period.label == "2016"]
    assert all(v.value is not None for v in hackney)  # a figure with a note is still a figure


def test_a_real_file_loads_and_its_headline_rows_land_in_raw_outcome_values(tmp_path, framework):
    """Through the ingest path into the warehouse's raw tables; the dbt marts are built from these
    by the full pipeline (test_outcomes_e2e), which this test does not run: it would take minutes."""
    home = Home(tmp_path / "home").ensure()

    [outcome] = ingest_files([PUBLISHED / CLA], home, framework)

    assert (outcome.status, outcome.detail) == (FileStatus.ACCEPTED, LINES[CLA])
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        rows = con.execute(
            """select period_label, breakdown, value, location from raw.outcome_values
               where area_code = ? and indicator_id = 'rate_per_10000' and is_headline and geography = 'local_authority'
               order by period_label""", [CAMDEN]).fetchall()
    assert rows[-2:] == [("2024", LOOKED_AFTER, 59, "'CSV'!N909"), ("2025", LOOKED_AFTER, 58, "'CSV'!N408")]


# --- Hand-written files, in the publishers' layouts ----------------------------------------------------

EES_HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
              "old_la_code,new_la_code,la_name,lad_code,lad_name")
CAMDEN_LA = "E92000001,England,E12000007,London,202,E09000007,Camden"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_district_rows_beside_the_authoritys_are_their_own_geography_and_never_revise_it(tmp_path, framework):
    authority = write(tmp_path, "authority.csv", f"""{EES_HEADER},gender,gld_percentage
202223,Academic year,Local authority,{CAMDEN_LA},,,Total,66.1
202223,Academic year,Local authority,{CAMDEN_LA},,,Boys,60.2
""")
    district = write(tmp_path, "district.csv", f"""{EES_HEADER},gender,gld_percentage
202223,Academic year,Local authority district,{CAMDEN_LA},E09000007,Camden,Total,64.9
""")
    both = write(tmp_path, "both.csv", authority.read_text() + district.read_text().split("\n", 1)[1])

    read = read_outcome_file(both)
    assert {(v.geography, v.breakdown, v.value, v.is_headline) for v in read.values} == {
        ("local_authority", "", 66.1, True), ("local_authority", "gender=Boys", 60.2, False), ("other", "", 64.9, True)}
    assert read.notes == (f"1 {DISTRICT_NOTE}",)
    home = Home(tmp_path / "home").ensure()
    outcomes = ingest_files([authority, district], home, framework)
    # The district's figure has its own key: it revises nothing the authority's file loaded.
    assert [o.status for o in outcomes] == [FileStatus.ACCEPTED, FileStatus.ACCEPTED]


def test_two_rows_of_one_geography_that_disagree_refuse_the_file_naming_both_cells(tmp_path):
    path = write(tmp_path, "twice.csv", f"""{EES_HEADER},gender,gld_percentage
202223,Academic year,Local authority,{CAMDEN_LA},,,Total,66.1
202223,Academic year,Local authority,{CAMDEN_LA},,,Total,67.0
""")
    with pytest.raises(Refused) as refused:
        read_outcome_file(path)
    [problem] = refused.value.problems
    assert str(problem) == ("'CSV'!N3: gld_percentage for E09000007 (local_authority) in 202223 is given again "
                            "with other figures than at 'CSV'!N2")


def test_a_filter_with_one_value_and_no_total_counts_as_total(tmp_path):
    path = write(tmp_path, "cin.csv", f"""{EES_HEADER},category,referral_count
2025,Reporting year,National,E92000001,England,,,,,,,,Referrals,632830
2025,Reporting year,Local authority,{CAMDEN_LA},,,Referrals,2086
""")
    read = read_outcome_file(path)
    assert {(v.area_code, v.breakdown, v.is_headline, v.value) for v in read.values} == {
        (ENGLAND, "", True, 632830), (CAMDEN, "", True, 2086)}
    assert read.notes == ()


def test_filters_with_several_values_and_no_total_take_the_documented_or_first_value(tmp_path):
    path = write(tmp_path, "cla.csv", f"""{EES_HEADER},placement,population_type,children_count
2025,Reporting year,Local authority,{CAMDEN_LA},,,Foster,Children starting to be looked after each year,20
2025,Reporting year,Local authority,{CAMDEN_LA},,,Foster,Children looked after on 31 March each year,150
2025,Reporting year,Local authority,{CAMDEN_LA},,,Residential,Children looked after on 31 March each year,40
""")
    read = read_outcome_file(path)
    [headline] = [v for v in read.values if v.is_headline]
    assert (headline.breakdown, headline.value) == (f"placement=Foster; {LOOKED_AFTER}", 150)
    assert read.notes == (
        "headline placement=Foster (no Total; the first of its 2 values)",
        f"headline {LOOKED_AFTER} (no Total; the documented choice among 2 values)")


def test_fingertips_headers_are_matched_whatever_their_spelling_and_country_is_england(tmp_path):
    header = ("indicator_id;IndicatorName;AREA CODE;Area-Name;AreaType;sex;Age;Category_Type;Category;Timeperiod;"
              "Value;Lower_CI_95.0_limit;Upper CI 95.0 LIMIT;Count;Denominator;Value_note;Time_period_Sortable")
    path = write(tmp_path, "export.csv", f"""{header}
93356;Campylobacter;E92000001;England;Country;Persons;All ages;;;2016;89.1;88.3;89.9;50000;56000000;;20160000
93356;Campylobacter;E09000007;Camden;County & UA;Persons;All ages;;;2016;116.2;105.0;128.1;281;241900;;20160000
""")
    read = read_outcome_file(path)
    assert read.reader == "fingertips"
    assert {(v.area_code, v.geography, v.value, v.lower_ci, v.upper_ci, v.is_headline) for v in read.values} == {
        (ENGLAND, "country", 89.1, 88.3, 89.9, True), (CAMDEN, "local_authority", 116.2, 105.0, 128.1, True)}


def test_a_csv_meant_as_an_outcome_file_in_no_layout_says_which_were_tried(tmp_path, framework):
    path = write(tmp_path, "download.csv", "time_period,la_code,rate\n2025,E09000007,58\n")
    with pytest.raises(Refused) as refused:
        read_content(path, framework)
    [problem] = refused.value.problems
    assert str(problem) == (
        "file: an outcome file in none of the known layouts: tried Fingertips data (missing 'Indicator ID', "
        "'Indicator Name', 'Area Code', 'Area Name', 'Area Type', 'Sex', 'Age', 'Value'); "
        "Fingertips indicator definitions (missing 'Indicator ID', 'Indicator', one of 'Definition', 'Polarity', "
        "'Value type', 'Unit', 'Rationale'); Explore Education Statistics (missing 'time_identifier', "
        "'geographic_level', 'country_code'); generic long CSV (missing 'area_code', 'indicator_id', 'period', "
        "'value')")
    other = write(tmp_path, "notes.csv", "Participant,Comment\nAB,fine\n")
    with pytest.raises(Refused) as refused:
        read_content(other, framework)
    assert "not a Beyond Boundaries workbook" in str(refused.value.problems[0])

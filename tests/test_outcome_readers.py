"""Outcome files in the publishers' exact layouts, read; wrong ones refused naming their cells.

The files here are literal text in the form of real downloads (Fingertips exports, EES open-data
CSVs), not produced by our writers, so that the readers are tested against the layouts themselves.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from framework import load_framework
from ingest.core.problems import Problem, Refused
from ingest.outcomes.model import IndicatorInfo, OutcomeValue
from ingest.outcomes.periods import parse_period
from ingest.registry import read_outcome_file
from synthetic.outcome_files import (
    write_ees,
    write_fingertips_data,
    write_fingertips_metadata,
    write_generic,
)

FINGERTIPS_HEADER = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,"
    "Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,"
    "Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,"
    "Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal")
LBW = "20101,Low birth weight of term babies"
LBW_AGE = ">=37 weeks gestational age at birth"
FINGERTIPS = f"""{FINGERTIPS_HEADER}
{LBW},,,E92000001,England,England,Persons,{LBW_AGE},,,2021,2.76,2.72,2.81,2.70,2.83,15596,564585,,Cannot be calculated,Not compared,Not compared,20210000,,
{LBW},E92000001,England,E12000007,London,Region,Persons,{LBW_AGE},,,2021,3.02,2.93,3.12,2.87,3.18,2876,95187,,Cannot be calculated,Similar,Not compared,20210000,,
{LBW},E12000007,London,E09000002,Barking and Dagenham,Counties & UAs (from Apr 2023),Persons,{LBW_AGE},,,2021,3.68,3.32,4.08,3.13,4.32,129,3506,,Cannot be calculated,Worse,Similar,20210000,,
{LBW},E12000007,London,E09000002,Barking and Dagenham,Districts & UAs (from Apr 2023),Persons,{LBW_AGE},,,2021,3.68,3.32,4.08,3.13,4.32,129,3506,,Cannot be calculated,Worse,Similar,20210000,,
{LBW},E12000007,London,E09000001,City of London,Counties & UAs (from Apr 2023),Persons,{LBW_AGE},,,2021,,,,,,,,Value suppressed for disclosure control due to small count,Cannot be calculated,Not compared,Not compared,20210000,,
{LBW},E12000007,London,E09000002,Barking and Dagenham,Counties & UAs (from Apr 2023),Persons,{LBW_AGE},County & UA deprivation deciles in England (IMD2019),Most deprived decile (IMD2019),2021,3.9,3.5,4.3,,,98,2511,,,,,20210000,,
92196,Smoking status at time of delivery,E12000007,London,E09000002,Barking and Dagenham,Counties & UAs (from Apr 2023),Female,All ages,,,2022/23,5.1,4.6,5.7,,,172,3366,,Decreasing,Better,Similar,20220000,New data,
90366,Life expectancy at birth,E12000007,London,E09000002,Barking and Dagenham,Counties & UAs (from Apr 2023),Male,All ages,,,2020 - 22,76.1,75.6,76.6,,,,,,,Worse,Similar,20200000,,
90366,Life expectancy at birth,E12000007,London,E09000002,Barking and Dagenham,Counties & UAs (from Apr 2023),Female,All ages,,,2020 - 22,81.0,80.5,81.5,,,,,,,Worse,Similar,20200000,,
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def by_key(values) -> dict[tuple, OutcomeValue]:
    return {(v.indicator_id, v.area_code, v.period.label, v.breakdown): v for v in values}


def refusal(path: Path) -> list[Problem]:
    with pytest.raises(Refused) as raised:
        read_outcome_file(path)
    return raised.value.problems


# --- Fingertips data ------------------------------------------------------------------------------


def test_a_fingertips_export_with_a_bom_is_read_with_benchmarks_suppressions_and_breakdowns(tmp_path):
    read = read_outcome_file(write(tmp_path, "indicators-DistrictUA.data.csv", FINGERTIPS, "utf-8-sig"))

    assert (read.reader, read.source, read.is_synthetic) == ("fingertips", "fingertips", False)
    assert {(i.indicator_id, i.indicator_name, i.location) for i in read.indicators} == {
        ("20101", "Low birth weight of term babies", "'CSV'!B2"),
        ("92196", "Smoking status at time of delivery", "'CSV'!B8"),
        ("90366", "Life expectancy at birth", "'CSV'!B9")}
    values = by_key(read.values)
    assert len(read.values) == 8  # the borough listed under two area types is kept once
    england = values[("20101", "E92000001", "2021", "")]
    assert (england.geography, england.value, england.lower_ci, england.upper_ci, england.count, england.denominator) == (
        "country", 2.76, 2.72, 2.81, 15596, 564585)
    assert values[("20101", "E12000007", "2021", "")].geography == "region"
    borough = values[("20101", "E09000002", "2021", "")]
    assert (borough.geography, borough.value, borough.is_headline, borough.location) == ("local_authority", 3.68, True, "'CSV'!M4")
    assert borough.period.start_year == 2021 and borough.period.period_type == "calendar"
    city = values[("20101", "E09000001", "2021", "")]
    assert (city.value, city.missing_reason) == (None, "Value suppressed for disclosure control due to small count")
    decile = values[("20101", "E09000002", "2021",
                     "Category Type=County & UA deprivation deciles in England (IMD2019); Category=Most deprived decile (IMD2019)")]
    assert (decile.value, decile.is_headline) == (3.9, False)
    # An indicator published for one sex only: that sex is its headline.
    smoking = values[("92196", "E09000002", "2022/23", "")]
    assert (smoking.is_headline, smoking.period.period_type) == (True, "financial_or_academic")
    # Published for men and women only: the first sex in the file's order is the headline, named in the
    # notes, and each sex keeps its breakdown; a pooled period.
    male = values[("90366", "E09000002", "2020 - 22", "Sex=Male")]
    female = values[("90366", "E09000002", "2020 - 22", "Sex=Female")]
    assert (male.value, male.is_headline, male.period.period_type) == (76.1, True, "multi_year")
    assert female.is_headline is False
    assert read.notes == ("headline of indicator 90366 is Sex=Male (the first of Male, Female; none is Persons)",)


def test_newer_exports_with_a_time_period_range_and_another_comparator_in_windows_text(tmp_path):
    header = FINGERTIPS_HEADER.replace("Compared to Region", "Compared to Regions (statistical)") + ",Time period range"
    name = '"Admissions for babies under 14 days – rate per 1,000"'
    text = (f"{header}\n"
            f"93085,{name},E12000007,London,E09000005,Brent,Counties & UAs (from Apr 2023),Persons,<14 days,,,"
            "2022/23,55.2,51.3,59.3,,,731,13243,,,Similar,Similar,20220000,,,1y\n"
            f"93085,{name},,,E92000001,England,England,Persons,<14 days,,,"
            "2022/23,72.5,72.1,72.9,,,41234,568734,,,Not compared,Not compared,20220000,,,1y\n")

    read = read_outcome_file(write(tmp_path, "ft.csv", text, "cp1252"))

    [indicator] = read.indicators
    assert indicator.indicator_name == "Admissions for babies under 14 days – rate per 1,000"
    assert {(v.area_code, v.geography, v.value) for v in read.values} == {
        ("E09000005", "local_authority", 55.2), ("E92000001", "country", 72.5)}


def test_a_bad_fingertips_file_is_refused_with_every_problem_at_its_cell(tmp_path):
    lines = FINGERTIPS.splitlines()
    lines[4] = lines[4].replace(",2021,3.68,", ",2021,3.70,")  # the second area type disagrees with the first
    lines[5] = lines[5].replace("E09000001", "E0900001")
    lines[6] = lines[6].replace(",2021,3.9,", ",2021,abc,")
    lines[7] = lines[7].replace("2022/23", "2022/24")
    lines[8] = lines[8].replace(",76.1,75.6,", ",76.1,low,")

    problems = refusal(write(tmp_path, "bad.csv", "\n".join(lines)))

    assert problems == [
        Problem("'CSV'!M5", "indicator 20101 for E09000002 in 2021 is given again with other figures than at 'CSV'!M4"),
        Problem("'CSV'!E6", "area code 'E0900001' is not a GSS code (a letter and eight digits, e.g. E09000002)"),
        Problem("'CSV'!M7", "value 'abc' is not a number"),
        Problem("'CSV'!L8", "'2022/24' is not a year: its two years are not consecutive"),
        Problem("'CSV'!N9", "lower CI 'low' is not a number"),
    ]


def test_a_fingertips_file_without_its_columns_or_rows_is_refused(tmp_path):
    header = FINGERTIPS_HEADER.replace("Area Type,", "").replace("Time period,", "Period,")
    assert refusal(write(tmp_path, "cut.csv", header + "\n1,x\n")) == [
        Problem("file", "the column 'Area Type' is missing"), Problem("file", "the column 'Time period' is missing")]
    assert refusal(write(tmp_path, "empty.csv", FINGERTIPS_HEADER + "\n")) == [
        Problem("file", "there are no rows below the header")]


# --- Fingertips definitions -------------------------------------------------------------------------

METADATA = '''"Indicator ID","Indicator","Definition","Rationale","Data source","Unit","Value type","Year type","Polarity"
20101,"Low birth weight of term babies","Live births with a recorded birth weight under 2500g and a gestational age of at least 37 complete weeks as a percentage of all live births","Low birth weight increases the risk of childhood mortality","ONS","%","Proportion","Calendar","RAG - Low is good"
92196,"Smoking status at time of delivery","Mothers known to be smokers at the time of delivery","Smoking in pregnancy has well known detrimental effects","NHS England","%","Proportion","Financial","RAG - Low is good     "
90631,"Child development: percentage of children achieving a good level of development at 2 to 2 and a half years","Children who received an ASQ-3 review","Early development","OHID","%","Proportion","Financial","RAG - High is good"
93085,"Admissions of babies under 14 days","Emergency admissions","Admissions","HES","per 1,000","Crude rate","Financial","BOB - Blue orange blue"
90366,"Life expectancy at birth","Average years","Overarching","ONS","years","Life expectancy","Calendar",""
'''


def test_fingertips_definitions_give_units_value_types_and_polarity(tmp_path):
    read = read_outcome_file(write(tmp_path, "IndicatorMetadata.csv", METADATA))

    assert (read.reader, read.source, read.values) == ("fingertips_metadata", "fingertips", ())
    described = {i.indicator_id: (i.unit, i.value_type, i.polarity) for i in read.indicators}
    assert described == {
        "20101": ("%", "Proportion", "lower_is_better"),
        "92196": ("%", "Proportion", "lower_is_better"),
        "90631": ("%", "Proportion", "higher_is_better"),
        "93085": ("per 1,000", "Crude rate", "not_applicable"),
        "90366": ("years", "Life expectancy", None),
    }
    assert read.indicators[0].definition.startswith("Live births with a recorded birth weight")


# --- Explore Education Statistics ---------------------------------------------------------------------

EYFSP = """time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,characteristic_type,characteristic,gender,number_of_children,gld_number,gld_percentage,average_total_point_score
202223,Academic year,National,E92000001,England,,,,,,Total,Total,Total,617604,415262,67.2,z
202223,Academic year,Regional,E92000001,England,E12000007,London,,,,Total,Total,Total,101209,69625,68.8,z
202223,Academic year,Local authority,E92000001,England,E12000007,London,301,E09000002,Barking and Dagenham,Total,Total,Total,3197,2158,67.5,z
202223,Academic year,Local authority,E92000001,England,E12000007,London,301,E09000002,Barking and Dagenham,Total,Total,Boys,1640,1017,62,z
202223,Academic year,Local authority,E92000001,England,E12000007,London,201,E09000001,City of London,Total,Total,Total,c,c,c,z
202223,Academic year,Local authority,E92000001,England,E12000007,London,201,E09000001,City of London,Total,Total,Boys,low,x,,z
202122,Academic year,Local authority,E92000001,England,E12000007,London,301,E09000002,Barking and Dagenham,Total,Total,Total,3305,2148,65,z
"""


def test_the_eyfsp_headline_file_is_read_with_filters_symbols_and_benchmarks(tmp_path):
    read = read_outcome_file(write(tmp_path, "eyfsp_headline_measures_2023.csv", EYFSP))

    assert (read.reader, read.source) == ("ees", "ees")
    assert [(i.indicator_id, i.indicator_name, i.unit, i.location) for i in read.indicators] == [
        ("number_of_children", "Number of children", None, "'CSV'!N1"),
        ("gld_number", "Gld number", None, "'CSV'!O1"),
        ("gld_percentage", "Gld percentage", "%", "'CSV'!P1"),
        ("average_total_point_score", "Average total point score", None, "'CSV'!Q1")]
    values = by_key(read.values)
    national = values[("gld_percentage", "E92000001", "202223", "")]
    assert (national.geography, national.value, national.area_name) == ("country", 67.2, "England")
    assert values[("gld_percentage", "E12000007", "202223", "")].geography == "region"
    borough = values[("gld_percentage", "E09000002", "202223", "")]
    assert (borough.geography, borough.value, borough.is_headline, borough.location) == (
        "local_authority", 67.5, True, "'CSV'!P4")
    assert (borough.period.start_year, borough.period.period_type) == (2022, "academic")
    boys = values[("gld_percentage", "E09000002", "202223", "gender=Boys")]
    assert (boys.value, boys.is_headline) == (62, False)
    assert values[("gld_percentage", "E09000002", "202122", "")].period.start_year == 2021
    city = {k[0] + "|" + k[3]: (v.value, v.missing_reason) for k, v in values.items() if k[1] == "E09000001"}
    assert city == {
        "number_of_children|": (None, "c: confidential"), "gld_number|": (None, "c: confidential"),
        "gld_percentage|": (None, "c: confidential"), "average_total_point_score|": (None, "z: not applicable"),
        "number_of_children|gender=Boys": (None, "low: rounds to zero"), "gld_number|gender=Boys": (None, "x: not available"),
        "gld_percentage|gender=Boys": (None, "empty cell"), "average_total_point_score|gender=Boys": (None, "z: not applicable")}
    assert not any(v.value == 0 for v in read.values)


CIN_REFERRALS = """time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,la_name,old_la_code,referral_count,rereferral_count,rereferral_percent
2023,Reporting year,National,E92000001,England,,,,,,627940,134660,21.4
2023,Reporting year,Regional,E92000001,England,E12000007,London,,,,90780,15120,16.7
2023,Reporting year,Local authority,E92000001,England,E12000007,London,E09000007,Camden,202,2010,268,13.3
2023,Reporting year,Local authority,E92000001,England,E12000007,London,E09000001,City of London,201,97,c,c
"""


def test_children_in_need_referrals_count_by_the_year_they_end_in(tmp_path):
    read = read_outcome_file(write(tmp_path, "c1_children_in_need_referrals_and_rereferrals_2013_to_2023.csv", CIN_REFERRALS))

    values = by_key(read.values)
    camden = values[("referral_count", "E09000007", "2023", "")]
    assert (camden.value, camden.period.start_year, camden.period.period_type) == (2010, 2022, "financial_or_academic")
    assert values[("rereferral_percent", "E09000001", "2023", "")].missing_reason == "c: confidential"
    assert [i.unit for i in read.indicators] == [None, None, "%"]


def test_a_bad_ees_file_is_refused_naming_each_cell(tmp_path):
    lines = EYFSP.splitlines()
    lines[3] = lines[3].replace(",67.5,", ",abc,")
    lines[4] = lines[4].replace("E09000002", "E9000002")
    lines[7] = lines[7].replace("202122,", "202124,", 1)

    problems = refusal(write(tmp_path, "bad_eyfsp.csv", "\n".join(lines)))

    assert problems == [
        Problem("'CSV'!P4", "value 'abc' is not a number"),
        Problem("'CSV'!I5", "area code 'E9000002' is not a GSS code (a letter and eight digits, e.g. E09000002)"),
        Problem("'CSV'!A8", "'202124' is not a year: its two years are not consecutive"),
    ]


def test_an_ees_file_without_its_time_columns_is_refused(tmp_path):
    text = EYFSP.replace("time_identifier,", "").replace("Academic year,", "")
    assert refusal(write(tmp_path, "eyfsp.csv", text)) == [Problem("file", "the column 'time_identifier' is missing")]


# --- Generic long CSV ----------------------------------------------------------------------------------

GENERIC = """area_code,indicator_id,indicator_name,period,period_type,value,unit,polarity,lower_ci,upper_ci,breakdown,missing_reason
E09000002,hv_2_2_5_review,SYNTHETIC Health visitor 2-2.5 year reviews,2022/23,financial,78.5,%,higher_is_better,76.1,80.9,,
E09000001,hv_2_2_5_review,SYNTHETIC Health visitor 2-2.5 year reviews,2022/23,financial,,%,higher_is_better,,,,fewer than 10 children
E12000007,hv_2_2_5_review,SYNTHETIC Health visitor 2-2.5 year reviews,2022/23,financial,81.2,%,higher_is_better,,,,
E09000002,hv_2_2_5_review,SYNTHETIC Health visitor 2-2.5 year reviews,2022/23,financial,74,%,higher_is_better,,,ethnicity=Black,
E92000001,hv_2_2_5_review,SYNTHETIC Health visitor 2-2.5 year reviews,2022,,79.0,%,higher_is_better,,,,
"""


def test_the_generic_csv_is_read_with_geographies_from_codes(tmp_path):
    read = read_outcome_file(write(tmp_path, "local_returns.csv", GENERIC))

    assert (read.reader, read.source, read.is_synthetic) == ("generic", "generic", True)
    [indicator] = read.indicators
    assert (indicator.indicator_name, indicator.unit, indicator.polarity) == (
        "SYNTHETIC Health visitor 2-2.5 year reviews", "%", "higher_is_better")
    values = by_key(read.values)
    assert {k[1]: v.geography for k, v in values.items()} == {
        "E09000002": "local_authority", "E09000001": "local_authority", "E12000007": "region", "E92000001": "country"}
    assert values[("hv_2_2_5_review", "E09000001", "2022/23", "")].missing_reason == "fewer than 10 children"
    head = values[("hv_2_2_5_review", "E09000002", "2022/23", "")]
    assert (head.value, head.lower_ci, head.upper_ci, head.period.period_type, head.location) == (
        78.5, 76.1, 80.9, "financial", "'CSV'!F2")
    assert values[("hv_2_2_5_review", "E09000002", "2022/23", "ethnicity=Black")].is_headline is False


def test_a_bad_generic_csv_is_refused_with_all_its_problems(tmp_path):
    text = GENERIC.replace("78.5", "78.5%").replace(",2022,,", ",2022,fortnightly,").replace(
        "E12000007,hv_2_2_5_review,SYNTHETIC Health visitor 2-2.5 year reviews", "E12000007,hv_2_2_5_review,Reviews")

    problems = refusal(write(tmp_path, "returns.csv", text))

    assert problems == [
        Problem("'CSV'!F2", "value '78.5%' is not a number"),
        Problem("'CSV'!C4", "indicator name 'Reviews' of hv_2_2_5_review differs from "
                            "'SYNTHETIC Health visitor 2-2.5 year reviews' at 'CSV'!C2"),
        Problem("'CSV'!E6", "period type 'fortnightly' is not one of financial, academic, calendar, "
                            "financial_or_academic, multi_year, quarter, term, month"),
    ]


# --- What is not an outcome file ------------------------------------------------------------------------


def test_a_boroughs_own_csv_of_scores_and_other_files_are_not_outcome_files(tmp_path):
    framework = load_framework()
    enablers = framework.enablers
    for delimiter, encoding in ((",", "utf-8"), (";", "utf-8-sig"), ("\t", "cp1252")):
        path = tmp_path / f"scores{len(delimiter)}{encoding}.csv"
        with path.open("w", newline="", encoding=encoding) as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerows([["Participant", *(e.name for e in enablers)], ["AB", *(3 for _ in enablers)]])
        assert read_outcome_file(path) is None
    rows = tmp_path / "dig.csv"
    rows.write_text("Indicator,AB,CD\n" + "".join(f"{i.text},3,4\n" for i in framework.indicators[:5]))
    assert read_outcome_file(rows) is None
    assert read_outcome_file(write(tmp_path, "fingertips.xlsx", FINGERTIPS)) is None  # only .csv files
    assert read_outcome_file(write(tmp_path, "blank.csv", "")) is None
    archived = write(tmp_path, "0f3a9c", EYFSP)  # an archived copy named by its hash
    assert read_outcome_file(archived, "EYFSP.CSV").reader == "ees"
    assert read_outcome_file(archived, "SYNTHETIC_eyfsp.csv").is_synthetic


# --- Writers: the exact layouts, read back ------------------------------------------------------------

AREAS = (("E92000001", "England", "country"), ("E12000007", "London", "region"),
         ("E09000002", "Barking and Dagenham", "local_authority"), ("E09000007", "Camden", "local_authority"))


def value(indicator_id: str, area: tuple[str, str, str], period, figure: float | None, breakdown: str = "",
          reason: str | None = None, **figures) -> OutcomeValue:
    return OutcomeValue(source="x", indicator_id=indicator_id, area_code=area[0], area_name=area[1], geography=area[2],
                        period=period, breakdown=breakdown, is_headline=not breakdown, value=figure,
                        lower_ci=figures.get("lower_ci"), upper_ci=figures.get("upper_ci"), count=figures.get("count"),
                        denominator=figures.get("denominator"),
                        missing_reason=reason if figure is None else None, location="")


def same(read: list[OutcomeValue], written: list[OutcomeValue], source: str) -> None:
    def key(v: OutcomeValue) -> tuple:
        return (v.indicator_id, v.area_code, v.area_name, v.geography, v.period, v.breakdown, v.is_headline, v.value,
                v.lower_ci, v.upper_ci, v.count, v.denominator, v.missing_reason)
    assert all(v.source == source and v.location.startswith("'CSV'!") for v in read)
    assert Counter(map(key, read)) == Counter(map(key, written))


def test_fingertips_files_written_in_the_published_layout_read_back_the_same(tmp_path):
    indicators = [IndicatorInfo("fingertips", "20101", "SYNTHETIC Low birth weight of term babies", unit="%",
                                value_type="Proportion", polarity="lower_is_better", definition="Term babies under 2500g"),
                  IndicatorInfo("fingertips", "90366", "SYNTHETIC Life expectancy at birth", unit="years",
                                polarity="higher_is_better")]
    year, pooled, quarter = parse_period("2021"), parse_period("2020 - 22"), parse_period("2022/23 Q1")
    values = [value("20101", area, year, 3.1 + n / 7, lower_ci=2.9, upper_ci=3.8, count=120 + n, denominator=3500.0)
              for n, area in enumerate(AREAS)]
    values += [value("20101", AREAS[3], year, None, reason="Value suppressed for disclosure control due to small count",
                     breakdown="Sex=Male"),
               value("20101", AREAS[2], quarter, 4.25),
               value("20101", AREAS[2], year, 5.0, breakdown="Category Type=Ethnic groups; Category=Black"),
               # Men and women only: the first sex written is the headline.
               replace(value("90366", AREAS[2], pooled, 76.1, breakdown="Sex=Male"), is_headline=True),
               value("90366", AREAS[2], pooled, None, breakdown="Sex=Female", reason="empty cell")]

    data = write_fingertips_data(tmp_path / "SYNTHETIC_fingertips.csv", indicators, values)
    metadata = write_fingertips_metadata(tmp_path / "SYNTHETIC_fingertips_metadata.csv", indicators)

    with data.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:13] == FINGERTIPS_HEADER.split(",")[:13] and len(header) == 26
    read = read_outcome_file(data)
    assert read.is_synthetic
    same(list(read.values), values, "fingertips")
    described = read_outcome_file(metadata)
    assert [(i.indicator_id, i.indicator_name, i.unit, i.value_type, i.polarity, i.definition) for i in described.indicators] == [
        (i.indicator_id, i.indicator_name, i.unit, i.value_type, i.polarity, i.definition) for i in indicators]


def test_ees_files_written_wide_read_back_the_same(tmp_path):
    academic = parse_period("202223", "Academic year")
    reporting = parse_period("202122", "Reporting year")
    values = []
    for n, area in enumerate(AREAS):
        for period in (academic, reporting):
            values.append(value("gld_percentage", area, period, 60 + n + period.start_year % 10))
            values.append(value("gld_number", area, period, 1000.0 * (n + 1)))
            values.append(value("gld_percentage", area, period, 55.5 + n, breakdown="gender=Boys"))
            values.append(value("gld_number", area, period, None, breakdown="gender=Boys", reason="c: confidential"))

    path = write_ees(tmp_path / "SYNTHETIC_eyfsp.csv", values)

    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:10] == ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                                  "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]
    assert {r["old_la_code"] for r in rows if r["new_la_code"] == "E09000007"} == {"202"}
    assert {r["gender"] for r in rows} == {"Total", "Boys"}
    same(list(read_outcome_file(path).values), values, "ees")


def test_generic_files_written_read_back_the_same(tmp_path):
    indicators = [IndicatorInfo("generic", "hv_review", "SYNTHETIC Health visitor reviews", unit="%",
                                polarity="higher_is_better")]
    values = [value("hv_review", area, parse_period(label, kind), 70.5 + n, lower_ci=68.0, upper_ci=73.25)
              for n, area in enumerate(AREAS) for label, kind in (("2022/23", "financial"), ("2022", None))]
    values += [value("hv_review", AREAS[2], parse_period("2022/23", "financial"), None, breakdown="ethnicity=Black",
                     reason="fewer than 10 children")]

    read = read_outcome_file(write_generic(tmp_path / "SYNTHETIC_generic.csv", indicators, values))

    same(list(read.values), values, "generic")
    assert [(i.indicator_name, i.unit, i.polarity) for i in read.indicators] == [
        ("SYNTHETIC Health visitor reviews", "%", "higher_is_better")]


def test_a_fingertips_file_for_every_english_authority_reads_whole(tmp_path):
    """Its speed is measured in benchmarks/outcomes.py, not here."""
    areas = [(f"E06{n:06d}", f"Authority {n}", "local_authority") for n in range(300)]
    periods = [parse_period(f"{year}/{(year + 1) % 100:02d}") for year in range(2008, 2023)]
    sexes = ("", "Sex=Male", "Sex=Female")
    values = [value("90631", area, period, 50 + (n % 40) / 3, breakdown=sex, lower_ci=45.0, upper_ci=60.0,
                    count=100.0, denominator=200.0)
              for n, area in enumerate(areas) for period in periods for sex in sexes]
    path = write_fingertips_data(tmp_path / "all.csv", [IndicatorInfo("fingertips", "90631", "Child development")], values)

    read = read_outcome_file(path)

    assert len(read.values) == 13_500
    assert {v.breakdown for v in read.values if v.area_code == "E06000007"} == set(sexes)

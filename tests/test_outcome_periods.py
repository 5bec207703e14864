"""Published period labels and the rule that meets them with assessment years."""

from __future__ import annotations

import pytest

from ingest.outcomes.model import Period
from ingest.outcomes.periods import (
    ALIGNED_PERIOD_TYPES,
    LAGS,
    aligned_start_year,
    aligns,
    parse_period,
)


@pytest.mark.parametrize("label, identifier, start, end, kind", [
    ("2022/23", None, 2022, 2023, "financial_or_academic"),
    ("2022-23", None, 2022, 2023, "financial_or_academic"),
    ("2022/2023", None, 2022, 2023, "financial_or_academic"),
    ("1999/00", None, 1999, 2000, "financial_or_academic"),
    ("202223", None, 2022, 2023, "financial_or_academic"),
    ("202223", "Academic year", 2022, 2023, "academic"),
    ("202223", "Financial year", 2022, 2023, "financial"),
    ("202223", "Tax year", 2022, 2023, "financial"),
    ("2022/23", "Financial year", 2022, 2023, "financial"),
    ("2022", None, 2022, 2022, "calendar"),
    ("2022", "Calendar year", 2022, 2022, "calendar"),
    ("2023", "Reporting year", 2022, 2023, "financial_or_academic"),  # children in need: April 2022 – March 2023
    ("2020 - 22", None, 2020, 2022, "multi_year"),
    ("2021 - 22", None, 2021, 2022, "multi_year"),  # Fingertips pools calendar years with spaces round the dash
    ("2018/19 - 20/21", None, 2018, 2021, "multi_year"),
    ("2016/17 - 2018/19", None, 2016, 2019, "multi_year"),
    ("2022/23 Q1", None, 2022, 2022, "quarter"),  # April–June 2022
    ("2022/23 Q4", None, 2023, 2023, "quarter"),  # January–March 2023
    ("2022 Q3", None, 2022, 2022, "quarter"),
    ("2022/23 Q1 - 2022/23 Q4", None, 2022, 2023, "quarter"),
    ("202223", "Financial year Q4", 2023, 2023, "quarter"),
    ("202223", "Academic year Q2", 2022, 2023, "quarter"),  # December–February
    ("202223", "Spring term", 2023, 2023, "term"),
    ("202223", "Autumn term", 2022, 2022, "term"),
    ("Jan 2023", None, 2023, 2023, "month"),
    ("September 2022", None, 2022, 2022, "month"),
    ("2023-01", None, 2023, 2023, "month"),
    ("2023", "January", 2023, 2023, "month"),
    (" 2022 / 23 ", None, 2022, 2023, "financial_or_academic"),
    ("2020 – 22", None, 2020, 2022, "multi_year"),  # an en dash, as Excel sometimes saves it
])
def test_labels_become_a_start_year_and_a_type(label, identifier, start, end, kind):
    assert parse_period(label, identifier) == Period(label, start, end, kind)


@pytest.mark.parametrize("label, identifier, message", [
    ("2022/24", None, "not consecutive"),
    ("202224", None, "not consecutive"),
    ("2022", "Academic year", "single year"),
    ("202223", "Calendar year", "spans two years"),
    ("abc", None, "is not a time period we read"),
    ("", None, "empty"),
    ("2023-13", None, "up to 20 years"),
    ("2022", "Week 3", "time identifier 'Week 3'"),
    ("2022", "quarter", "is not a quarter period"),
])
def test_labels_that_are_no_period_are_refused_with_the_reason(label, identifier, message):
    with pytest.raises(ValueError, match=message):
        parse_period(label, identifier)


def test_the_period_starting_in_the_assessment_year_plus_the_lag_is_the_aligned_one():
    assert LAGS == (0, 1, 2)
    assert [aligned_start_year(2022, lag) for lag in LAGS] == [2022, 2023, 2024]
    # EYFSP for academic year 2022/23 is measured in summer 2023; it is the first to follow a 2022 assessment.
    eyfsp = parse_period("202223", "Academic year")
    assert aligns(eyfsp, 2022, 0) and aligns(eyfsp, 2021, 1) and aligns(eyfsp, 2020, 2)
    assert not aligns(eyfsp, 2023, 0)
    assert aligns(parse_period("2022"), 2022, 0)
    assert aligns(parse_period("2022/23"), 2022, 0)
    with pytest.raises(ValueError, match="lag 3"):
        aligned_start_year(2022, 3)


@pytest.mark.parametrize("label, identifier", [("2020 - 22", None), ("2022/23 Q1", None), ("Jan 2022", None),
                                               ("202223", "Spring term")])
def test_pooled_and_part_year_periods_are_never_aligned(label, identifier):
    period = parse_period(label, identifier)
    assert period.period_type not in ALIGNED_PERIOD_TYPES
    assert not any(aligns(period, year, lag) for year in range(2018, 2026) for lag in LAGS)

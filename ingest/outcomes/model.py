"""What an outcome file holds once read, whichever service published it.

Fingertips, Explore Education Statistics and the generic long CSV each have their own layout; their
readers all produce an `OutcomeFile`, so that loading, periods and the marts never need to know
which layout a value came from. Values are kept exactly as published (a suppressed value stays
missing, with the publisher's reason), and every value remembers the cell it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("fingertips", "ees", "generic")
# Where a row's area sits: our areas are the local authorities the framework lists; every other
# geography is kept as a benchmark, never as an area.
GEOGRAPHIES = ("local_authority", "region", "country", "other")
POLARITIES = ("higher_is_better", "lower_is_better", "not_applicable")


@dataclass(frozen=True)
class Period:
    """A published time period, reduced to the year it starts in so that it can meet assessment years.

    `period_type`: "financial" (April–March), "academic" (September–August), "calendar",
    "financial_or_academic" (written "2022/23" with nothing to say which), "multi_year" (a pooled
    period such as "2020 - 22"), "quarter", "term" or "month" (a part of a year).
    """

    label: str  # as published: "2022/23", "202223", "2020 - 22"
    start_year: int
    end_year: int  # the last calendar year the period touches ("2022/23" → 2023)
    period_type: str


@dataclass(frozen=True)
class IndicatorInfo:
    """One indicator as its publisher describes it. `indicator_id` is the publisher's own id as text:
    Fingertips "90631", an EES indicator column "gld_percentage", a generic file's indicator_id."""

    source: str  # one of SOURCES
    indicator_id: str
    indicator_name: str
    unit: str | None = None  # "%", "per 1,000", "Count"
    value_type: str | None = None  # Fingertips' "Value type": "Proportion", "Crude rate" …
    polarity: str | None = None  # one of POLARITIES; None when the file does not say
    definition: str | None = None
    location: str | None = None  # where the file describes it: "'CSV'!B2"


@dataclass(frozen=True)
class OutcomeValue:
    """One published figure: an indicator for one geography, period and breakdown.

    `value` is None when the publisher withheld or had no figure; `missing_reason` then says why
    in the publisher's terms ("x: not available", "c: confidential", "low: rounds to zero",
    "empty cell", or a Fingertips value note). A missing value is never 0.
    """

    source: str
    indicator_id: str
    area_code: str  # as published: GSS for local authorities, E12000007 London, E92000001 England
    area_name: str | None
    geography: str  # one of GEOGRAPHIES, as the file labels the row
    period: Period
    breakdown: str  # "" for a total figure; else e.g. "Sex=Male" or "characteristic=Boys"
    is_headline: bool  # the figure analyses use: the total, else the value docs/outcomes.md names
    value: float | None
    lower_ci: float | None
    upper_ci: float | None
    count: float | None
    denominator: float | None
    missing_reason: str | None
    location: str  # the value's cell: "'CSV'!L17"


@dataclass(frozen=True)
class OutcomeFile:
    """A reader's result. A metadata file has indicators and no values."""

    reader: str  # "fingertips", "fingertips_metadata", "ees", "generic"
    source: str  # one of SOURCES
    is_synthetic: bool  # the file says it is synthetic (its name, or SYNTHETIC in its text)
    indicators: tuple[IndicatorInfo, ...]
    values: tuple[OutcomeValue, ...]
    # What a person should know about how the file was read (a headline the file did not mark as
    # total, rows kept as another geography); appended to the outcome line, never silent.
    notes: tuple[str, ...] = ()

"""The demo's outcome figures, with a known association to maturity built in, so the evaluation
models can be shown finding a pattern that is there and not finding one that is not.

Four real indicators (real publishers' ids, names marked SYNTHETIC): two carry a designed
association with each borough's latent overall maturity from synthetic.stories, two carry none.
A borough's baseline is drawn independently of its maturity, so any association across or within
boroughs comes only from the designed slope. Outcome periods start from two years before the first
assessment year to the last one, as if the last assessment year's figures were the latest
published: lag 1 therefore pairs the first three assessment years and lag 2 only the first two.

The London demo (scope "london") covers London's boroughs, London and England, England's figure
drawn around its own level. The England demo (scope "england", synthetic.scope) covers every
current authority, each region (the sum of its authorities' counts and denominators, as a
publisher's regional figure is) and England (the sum of all of them); London's boroughs sit
`london_gap` from England's level there too, every other authority's baseline around England's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framework.model import ENGLAND_CODE, ENGLAND_NAME, LONDON_REGION_CODE, LONDON_REGION_NAME, Framework
from ingest.outcomes.model import IndicatorInfo, OutcomeValue, Period
from synthetic.outcome_files import write_ees, write_fingertips_data, write_fingertips_metadata
from synthetic.scope import LONDON as LONDON_SCOPE
from synthetic.scope import scope_codes
from synthetic.seeding import DEFAULT_SEED, rng_for
from synthetic.stories import DEFAULT_YEARS, AreaStory, stories

MARKER = "SYNTHETIC – "
ENGLAND = (ENGLAND_CODE, ENGLAND_NAME, "country")
LONDON = (LONDON_REGION_CODE, LONDON_REGION_NAME, "region")
SMALL_AREA = "E09000001"  # the City of London: a few dozen births a year, so figures get withheld
EARLIEST_LAG = 2  # outcome periods start this many years before the first assessment year
MATURITY_CENTRE = 3.0  # the designed term is per_point × (latent maturity − this)
BIRTHS_RANGE = (2000, 5000)  # births a year in a borough, which sizes each borough's denominators
SMALL_AREA_BIRTHS = 60


@dataclass(frozen=True)
class DesignedAssociation:
    """What the demo builds in: outcome units per 1 point of latent overall maturity `lag` years
    earlier (0.0: no association)."""

    indicator_id: str
    source: str
    lag: int
    per_point: float


@dataclass(frozen=True)
class _Design:
    info: IndicatorInfo
    period: str  # "academic", "financial" or "calendar"
    england: float  # England's value in the first assessment year
    london_gap: float  # how far London's boroughs sit from England on average
    between_sd: float  # spread of boroughs' baselines
    noise_sd: float  # a borough's year-to-year scatter
    trend: float  # common change per year
    year_sd: float  # a common shock per year
    per_point: float
    lag: int
    per: float  # 100 for a percentage, 10,000 for a rate per 10,000
    denominator_per_birth: float  # denominator size relative to a year's births
    withheld: tuple[int, str] | None = None  # (period start year, reason) withheld for SMALL_AREA


def _info(source: str, indicator_id: str, name: str, unit: str, value_type: str | None, polarity: str,
          definition: str) -> IndicatorInfo:  # fmt: skip
    return IndicatorInfo(source, indicator_id, MARKER + name, unit, value_type, polarity, "SYNTHETIC. " + definition)


DESIGNS = (
    _Design(
        _info("ees", "gld_percentage", "Percentage of children achieving a good level of development (EYFSP)", "%",
              None, "higher_is_better", "Children at the end of reception assessed as reaching a good level of "
              "development in the Early Years Foundation Stage Profile, as a percentage of those assessed."),
        "academic", england=65.2, london_gap=2.0, between_sd=3.0, noise_sd=1.0, trend=0.6, year_sd=0.3,
        per_point=3.0, lag=1, per=100, denominator_per_birth=1.0, withheld=(2023, "c: confidential"),
    ),
    _Design(
        _info("fingertips", "92517", "Breastfeeding prevalence at 6 to 8 weeks - current method", "%",
              "Proportion", "higher_is_better", "Infants totally or partially breastfed at their 6 to 8 week "
              "review, as a percentage of infants due a review."),
        "financial", england=49.2, london_gap=12.0, between_sd=6.0, noise_sd=1.5, trend=0.3, year_sd=0.4,
        per_point=4.0, lag=0, per=100, denominator_per_birth=0.95,
        withheld=(2022, "Value suppressed for disclosure control due to small count"),
    ),
    _Design(
        _info("fingertips", "20101", "Low birth weight of term babies", "%", "Proportion", "lower_is_better",
              "Live births at 37 weeks or more weighing under 2,500 g, as a percentage of live term births."),
        "calendar", england=2.8, london_gap=0.5, between_sd=0.5, noise_sd=0.3, trend=0.0, year_sd=0.05,
        per_point=0.0, lag=0, per=100, denominator_per_birth=0.93,
    ),
    _Design(
        _info("ees", "referral_rate", "Referrals to children's social care: rate per 10,000 children aged under 18",
              "per 10,000", None, "not_applicable", "Referrals to children's social care services in the year "
              "to 31 March, per 10,000 children aged under 18."),
        "financial", england=540.0, london_gap=-80.0, between_sd=110.0, noise_sd=35.0, trend=-5.0, year_sd=10.0,
        per_point=0.0, lag=0, per=10_000, denominator_per_birth=18.0,
    ),
)  # fmt: skip


def synthetic_outcomes(
    fw: Framework, seed: int = DEFAULT_SEED, years: Sequence[int] = DEFAULT_YEARS, scope: str = LONDON_SCOPE
) -> tuple[list[IndicatorInfo], list[OutcomeValue], list[DesignedAssociation]]:
    """Indicators, every borough's, London's and England's value per period, and the design; with
    scope "england", every current authority's, every region's and England's.

    `years` are the assessment years; outcome periods start from min(years) − 2 to max(years)."""
    codes = scope_codes(fw, scope)
    plot = stories(fw, seed, codes)
    starts = range(min(years) - EARLIEST_LAG, max(years) + 1)
    births = _births(fw, seed, codes)
    values = [v for design in DESIGNS
              for v in _values(fw, seed, design, plot, births, starts, min(years), codes, scope)]
    designed = [DesignedAssociation(d.info.indicator_id, d.info.source, d.lag, d.per_point) for d in DESIGNS]
    return [d.info for d in DESIGNS], values, designed


def write_outcome_demo(
    folder: Path, fw: Framework, seed: int = DEFAULT_SEED, years: Sequence[int] = DEFAULT_YEARS,
    scope: str = LONDON_SCOPE,
) -> list[Path]:
    """The demo's outcome files in the publishers' own layouts: one Fingertips data download with its
    metadata file, and one EES open-data file per publication."""
    folder.mkdir(parents=True, exist_ok=True)
    indicators, values, _ = synthetic_outcomes(fw, seed, years, scope)
    by_source = {s: [i for i in indicators if i.source == s] for s in ("fingertips", "ees")}
    fingertips_values = [v for v in values if v.source == "fingertips"]
    paths = [
        write_fingertips_data(folder / "SYNTHETIC_fingertips_data.csv", by_source["fingertips"], fingertips_values),
        write_fingertips_metadata(folder / "SYNTHETIC_fingertips_metadata.csv", by_source["fingertips"]),
    ]
    for info in by_source["ees"]:
        own = [v for v in values if v.indicator_id == info.indicator_id]
        paths.append(write_ees(folder / f"SYNTHETIC_ees_{info.indicator_id}.csv", own))
    return paths


def latent_overall(story: AreaStory, year: int) -> float:
    """The borough's designed overall maturity in a year: the mean of its enablers' latent levels."""
    levels = dict(story.enabler_levels)
    return sum(story.level(e, year) for e in levels) / len(levels)


def _births(fw: Framework, seed: int, codes: Sequence[str]) -> dict[str, int]:
    return {
        code: SMALL_AREA_BIRTHS
        if code == SMALL_AREA
        else int(rng_for(seed, code, "births").integers(*BIRTHS_RANGE))
        for code in codes
    }


def _values(
    fw: Framework,
    seed: int,
    d: _Design,
    plot: dict[str, AreaStory],
    births: dict[str, int],
    starts: range,
    first_year: int,
    codes: Sequence[str],
    scope: str = LONDON_SCOPE,
) -> list[OutcomeValue]:
    key = ("outcomes", d.info.source, d.info.indicator_id)
    out: list[OutcomeValue] = []
    for start in starts:
        period = _period(d, start)
        common = d.trend * (start - first_year) + float(rng_for(seed, *key, start).normal(0, d.year_sd))
        regions: dict[str, list] = {}  # region code → [name, counts, denominators]
        for code in codes:
            area = fw.area(code)
            baseline = float(rng_for(seed, *key, area.code, "baseline").normal(0, d.between_sd))
            designed = d.per_point * (latent_overall(plot[area.code], start - d.lag) - MATURITY_CENTRE)
            noise = float(rng_for(seed, *key, area.code, start).normal(0, d.noise_sd))
            gap = d.london_gap if area.region_code == LONDON_REGION_CODE else 0.0
            level = d.england + gap + common + baseline + designed + noise
            denominator = round(births[area.code] * d.denominator_per_birth)
            count = round(min(max(level, 0.0), d.per) / d.per * denominator)
            region = regions.setdefault(area.region_code, [area.region_name, 0, 0])
            region[1], region[2] = region[1] + count, region[2] + denominator
            reason = d.withheld[1] if d.withheld and (area.code, start) == (SMALL_AREA, d.withheld[0]) else None
            out.append(_value(d, (area.code, area.name, "local_authority"), period, count, denominator, reason))
        if scope == LONDON_SCOPE:  # London's boroughs, London, and England around its own level
            _, counts, denominators = regions[LONDON_REGION_CODE]
            out.append(_value(d, LONDON, period, counts, denominators, None))
            england_denominator = denominators * 8
            england = d.england + common
            out.append(_value(d, ENGLAND, period, round(england / d.per * england_denominator), england_denominator,
                              None))
            continue
        for region_code, (name, counts, denominators) in sorted(regions.items()):
            out.append(_value(d, (region_code, name, "region"), period, counts, denominators, None))
        out.append(_value(d, ENGLAND, period, sum(r[1] for r in regions.values()),
                          sum(r[2] for r in regions.values()), None))
    return out


def _value(
    d: _Design, where: tuple[str, str, str], period: Period, count: int, denominator: int, withheld: str | None
) -> OutcomeValue:
    """A published figure: the value as count / denominator rounded to 1 dp as publishers do, with
    Fingertips' Wilson score interval; a withheld figure keeps nothing that would reveal it."""
    code, name, geography = where
    value = round(count / denominator * d.per, 1)
    low, high = _wilson(count, denominator, d.per) if d.info.source == "fingertips" else (None, None)
    if withheld:
        value, low, high, count_out, denominator_out = None, None, None, None, None
    else:
        count_out, denominator_out = float(count), float(denominator)
    return OutcomeValue(
        source=d.info.source,
        indicator_id=d.info.indicator_id,
        area_code=code,
        area_name=name,
        geography=geography,
        period=period,
        breakdown="",
        is_headline=True,
        value=value,
        lower_ci=low,
        upper_ci=high,
        count=count_out,
        denominator=denominator_out,
        missing_reason=withheld,
        location="SYNTHETIC: generated, not read from a file",
    )


def _period(d: _Design, start: int) -> Period:
    if d.period == "calendar":
        return Period(str(start), start, start, "calendar")
    label = f"{start}/{(start + 1) % 100:02d}" if d.info.source == "fingertips" else f"{start}{(start + 1) % 100:02d}"
    return Period(label, start, start + 1, d.period)


def _wilson(count: int, n: int, per: float, z: float = 1.959964) -> tuple[float, float]:
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round((centre - half) * per, 1), round((centre + half) * per, 1)

"""Outcome files written in the publishers' exact layouts, for the demo and for tests.

The demo's outcome data must travel the same path a real download would, so it is written as a
Fingertips export, a Fingertips definitions file, an EES open-data CSV or our generic CSV, column
for column; reading a written file gives back the values it was written from. Callers name files
SYNTHETIC_… (and may put SYNTHETIC in indicator names) so that nobody mistakes them for real data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from framework import load_framework
from framework.model import ENGLAND_CODE, ENGLAND_NAME, LONDON_REGION_CODE, LONDON_REGION_NAME
from ingest.outcomes import ees, fingertips, fingertips_metadata, generic
from ingest.outcomes.csv_table import breakdown_pairs, number_text, write_rows
from ingest.outcomes.model import IndicatorInfo, OutcomeValue, Period

ENGLAND = (ENGLAND_CODE, ENGLAND_NAME)
LONDON = (LONDON_REGION_CODE, LONDON_REGION_NAME)
LA_AREA_TYPE = "Counties & UAs (from Apr 2023)"
_AREA_TYPES = {"country": "England", "region": "Region", "local_authority": LA_AREA_TYPE, "other": "Other"}
_POLARITY_WORDS = {"higher_is_better": "RAG - High is good", "lower_is_better": "RAG - Low is good",
                   "not_applicable": "Not applicable"}
_EES_LEVELS = {"country": "National", "region": "Regional", "local_authority": "Local authority"}
_EES_IDENTIFIERS = {"academic": "Academic year", "financial": "Financial year", "calendar": "Calendar year",
                    "financial_or_academic": "Reporting year"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def write_fingertips_data(path: Path, indicators: Sequence[IndicatorInfo], values: Sequence[OutcomeValue]) -> Path:
    names = {i.indicator_id: i.indicator_name for i in indicators}
    rows = []
    for v in values:
        parts = dict(breakdown_pairs(v.breakdown))
        unknown = set(parts) - {"Sex", "Age", "Category Type", "Category"}
        if unknown:
            raise ValueError(f"a Fingertips breakdown has no {', '.join(sorted(unknown))}")
        parent = _parent(v.geography, v.area_code)
        missing = v.value is None and v.missing_reason not in (None, "empty cell")
        rows.append([
            v.indicator_id, names.get(v.indicator_id, v.indicator_id), *parent, v.area_code, v.area_name or "",
            _AREA_TYPES[v.geography], parts.get("Sex", fingertips.HEADLINE_SEX), parts.get("Age", "All ages"),
            parts.get("Category Type", ""), parts.get("Category", ""), v.period.label, _figure(v.value),
            _figure(v.lower_ci), _figure(v.upper_ci), "", "", _figure(v.count), _figure(v.denominator),
            v.missing_reason if missing else "", "Cannot be calculated", "Not compared",
            "Not compared" if parent[0] else "", _sortable(v.period), "", "",
        ])
    return write_rows(path, fingertips.COLUMNS, rows)


def write_fingertips_metadata(path: Path, indicators: Sequence[IndicatorInfo]) -> Path:
    columns = fingertips_metadata.COLUMNS
    given = {"Indicator ID": "indicator_id", "Indicator": "indicator_name", "Definition": "definition",
             "Unit": "unit", "Value type": "value_type"}
    rows = []
    for info in indicators:
        row = {name: getattr(info, field) or "" for name, field in given.items()}
        row["Polarity"] = _POLARITY_WORDS.get(info.polarity or "", "")
        rows.append([row.get(name, "") for name in columns])
    return write_rows(path, columns, rows)


def write_ees(path: Path, values: Sequence[OutcomeValue]) -> Path:
    """One row per geography × period × breakdown and one column per indicator, as EES lays a file out."""
    dfe_codes = {a.code: a.dfe_code for a in load_framework().areas}
    filters: list[str] = []
    indicator_ids: list[str] = []
    rows: dict[tuple, dict[str, str]] = {}
    for v in values:
        parts = breakdown_pairs(v.breakdown)
        filters += [key for key, _ in parts if key not in filters]
        if v.indicator_id not in indicator_ids:
            indicator_ids.append(v.indicator_id)
        key = (v.geography, v.area_code, v.period, v.breakdown)
        if key not in rows:
            rows[key] = {**_ees_time(v.period), **_ees_place(v, dfe_codes), **dict(parts)}
        rows[key][v.indicator_id] = _figure(v.value) if v.value is not None else _symbol(v.missing_reason)
    has_la = any(key[0] == "local_authority" for key in rows)
    place = ["geographic_level", "country_code", "country_name", "region_code", "region_name"]
    place += ["old_la_code", "new_la_code", "la_name"] if has_la else []
    header = ["time_period", "time_identifier", *place, *filters, *indicator_ids]
    defaults = {**dict.fromkeys(filters, "Total"), **dict.fromkeys(indicator_ids, "x")}
    return write_rows(path, header, ([row.get(name, defaults.get(name, "")) for name in header] for row in rows.values()))


def write_generic(path: Path, indicators: Sequence[IndicatorInfo], values: Sequence[OutcomeValue]) -> Path:
    known = {i.indicator_id: i for i in indicators}
    rows = []
    for v in values:
        info = known.get(v.indicator_id)
        row = {
            "area_code": v.area_code, "area_name": v.area_name or "", "indicator_id": v.indicator_id,
            "indicator_name": info.indicator_name if info else "", "period": v.period.label,
            "period_type": v.period.period_type, "value": _figure(v.value), "lower_ci": _figure(v.lower_ci),
            "upper_ci": _figure(v.upper_ci), "count": _figure(v.count), "denominator": _figure(v.denominator),
            "missing_reason": v.missing_reason if v.value is None and v.missing_reason != "empty cell" else "",
            "breakdown": v.breakdown, "unit": (info.unit or "") if info else "",
            "polarity": (info.polarity or "") if info else "",
        }
        rows.append([row.get(name, "") for name in generic.COLUMNS])
    return write_rows(path, generic.COLUMNS, rows)


def _figure(value: float | None) -> str:
    return "" if value is None else number_text(value)


@cache
def _regions() -> dict[str, tuple[str, str]]:
    """GSS code → (region code, region name) of every authority in the framework."""
    return {a.code: (a.region_code, a.region_name) for a in load_framework().areas}


def _parent(geography: str, area_code: str) -> tuple[str, str]:
    """A local authority's region (London's for an E09 code), else England; a region's England."""
    if geography == "local_authority":
        return LONDON if area_code.startswith("E09") else _regions().get(area_code, ENGLAND)
    if geography == "region":
        return ENGLAND
    return ("", "")


def _sortable(period: Period) -> str:
    """Fingertips' "Time period Sortable": year, quarter and month as YYYYQQMM (20220000 for 2022/23)."""
    quarter = re.search(r"Q([1-4])\b", period.label)
    month = next((i + 1 for i, m in enumerate(_MONTHS) if period.period_type == "month" and m in period.label.lower()), 0)
    written = re.search(r"\d{4}", period.label)
    first_year = int(written.group()) if written else period.start_year
    return f"{first_year:04d}{int(quarter.group(1)) if quarter else 0:02d}{month:02d}"


def _ees_time(period: Period) -> dict[str, str]:
    identifier = _EES_IDENTIFIERS.get(period.period_type)
    if identifier is None:
        raise ValueError(f"EES open-data files here hold annual periods only, not {period.period_type} '{period.label}'")
    if period.period_type == "calendar":
        return {"time_period": str(period.start_year), "time_identifier": identifier}
    return {"time_period": f"{period.start_year}{(period.start_year + 1) % 100:02d}", "time_identifier": identifier}


def _ees_place(v: OutcomeValue, dfe_codes: dict[str, str]) -> dict[str, str]:
    level = _EES_LEVELS.get(v.geography)
    if level is None:
        raise ValueError(f"EES open-data files here hold national, regional and LA rows, not '{v.geography}'")
    place = {"geographic_level": level, "country_code": ENGLAND[0], "country_name": ENGLAND[1]}
    if v.geography == "country":
        place.update(country_code=v.area_code, country_name=v.area_name or "")
    elif v.geography == "region":
        place.update(region_code=v.area_code, region_name=v.area_name or "")
    else:
        region = LONDON if v.area_code.startswith("E09") else _regions().get(v.area_code, ("", ""))
        place.update(region_code=region[0], region_name=region[1], old_la_code=dfe_codes.get(v.area_code, ""),
                     new_la_code=v.area_code, la_name=v.area_name or "")
    return place


def _symbol(missing_reason: str | None) -> str:
    """The EES symbol a missing value is written as: its reason's first word when that is a symbol, else "x"."""
    first = re.split(r"[\s:]+", (missing_reason or "").strip(), maxsplit=1)[0].casefold()
    return first if first in ees.SYMBOLS else "x"

"""Which authorities a synthetic demo covers: London's 33 boroughs (the default demo), or every
current upper-tier authority in England (`maturity demo --scope england`, 153 authorities).

Stories are dealt over a scope's authorities together (synthetic.stories), so a London borough's
story in the England demo is not its story in the London demo: the two are separate demos, each
the same on every machine. Replaced authorities (Cumbria, Northamptonshire, …) are in no scope:
they cannot hold an assessment in the demo's years. Nor can an authority made by one before it
existed: Cumberland, Westmorland and Furness, North Yorkshire and Somerset (1 April 2023) have no
2022 workbook or questionnaire in the England demo, as the warehouse would refuse one (or read a
2022 "North Yorkshire" as the county it replaced). London's boroughs have no such limits.
"""

from __future__ import annotations

from framework.model import Area, Framework

LONDON, ENGLAND = "london", "england"
SCOPES = (LONDON, ENGLAND)
# What a scope covers, in words, with its number of authorities ({n}).
DESCRIPTIONS = {LONDON: "London's {n} boroughs", ENGLAND: "all {n} current upper-tier authorities in England"}


def scope_codes(fw: Framework, scope: str = LONDON) -> tuple[str, ...]:
    """The GSS codes a scope covers, in the framework's order (London: areas.yaml's; England: the
    current authorities, none replaced by a reorganisation)."""
    if scope == LONDON:
        return tuple(a.code for a in fw.london_areas)
    if scope == ENGLAND:
        return tuple(a.code for a in fw.areas if a.last_year is None)
    raise ValueError(f"no such demo scope {scope!r}: choose one of {', '.join(SCOPES)}")


def can_assess(area: Area, year: int) -> bool:
    """Whether `area` can hold an assessment in calendar year `year` (framework.model.Area's
    first_year and last_year; None is no limit)."""
    return (area.first_year is None or area.first_year <= year) and (area.last_year is None or year <= area.last_year)

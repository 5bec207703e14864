"""The designed truth behind the synthetic demo: what each borough's data is meant to show.

Downstream statistics (change over time, polarisation, low enablers, split groups) need something
real to find, and tests need to know what that is. Every borough therefore gets a story first; the
scores are then drawn around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from framework.model import Framework
from synthetic.seeding import DEFAULT_SEED, rng_for

DEFAULT_YEARS = (2022, 2023, 2024, 2025)
START_YEAR = DEFAULT_YEARS[0]  # the year in which a story's levels apply unchanged
TRAJECTORIES = ("improving", "stalling", "declining")
SPLITS = ("agency", "level")  # the two ways the tool suggests partners may score separately

# How far an enabler tends to sit from a borough's overall level. Information sharing (E09) is the
# enabler partnerships most often find hard; senior commitment (E01) is usually the strongest.
# Enablers missing from this table (a future framework) simply have no tendency.
ENABLER_TENDENCY = {
    "E01": 0.35, "E02": 0.10, "E03": 0.00, "E04": -0.20,
    "E05": 0.10, "E06": 0.20, "E07": -0.10, "E08": -0.30,
    "E09": -0.70, "E10": 0.15, "E11": -0.25, "E12": -0.30,
}  # fmt: skip
LOW_ENABLER_PENALTY = 0.9  # how far a borough's own weak spots sit below its level
BOROUGH_ENABLER_SD = 0.25  # each borough's own strengths and gaps beyond the typical pattern

# (base level range, yearly change range) per trajectory. Improving boroughs start lower and
# declining ones higher, which keeps both inside the 1–5 scale over four years.
_TRAJECTORY_RANGES = {
    "improving": ((2.0, 2.7), (0.30, 0.60)),
    "stalling": ((2.3, 3.2), (-0.08, 0.08)),
    "declining": ((2.9, 3.6), (-0.45, -0.20)),
}
_SPLIT_SHARE = 1 / 5  # about one borough in five scores as two groups in some years


@dataclass(frozen=True)
class AreaStory:
    """One borough's designed pattern; `level` is the latent group mean the scores scatter around."""

    area_code: str
    trajectory: str  # one of TRAJECTORIES
    yearly_change: float  # drift of every enabler's latent mean per year
    base_level: float  # latent mean in START_YEAR before enabler tendencies and weak spots
    enabler_levels: tuple[tuple[str, float], ...]  # (enabler_id, latent mean in START_YEAR)
    low_enablers: tuple[str, ...]  # this borough's weak spots, well below its level every year
    polarised_enablers: tuple[str, ...]  # where the group splits into low (1–2) and high (4–5) camps
    polarised_years: tuple[int, ...]  # the years in which that split shows
    split_years: tuple[int, ...]  # years scored as two workbooks with different group labels
    split_by: str  # one of SPLITS: by agency, or strategic vs operational staff
    typical_group_size: int  # group sizes vary around this from year to year

    def level(self, enabler_id: str, year: int) -> float:
        return dict(self.enabler_levels)[enabler_id] + self.yearly_change * (year - START_YEAR)

    def polarised_in(self, year: int) -> tuple[str, ...]:
        return self.polarised_enablers if year in self.polarised_years else ()

    def is_split(self, year: int) -> bool:
        return year in self.split_years


def stories(fw: Framework, seed: int = DEFAULT_SEED, codes: Iterable[str] | None = None) -> dict[str, AreaStory]:
    """A story for every authority dealt over, keyed by area code: `codes` (default: London's 33
    boroughs, the London demo; synthetic.scope gives the England demo's 153).

    Trajectories and splits are dealt out across those authorities together so that the shares hold
    exactly (a third improving, a third stalling, the rest declining; a fifth split); everything
    else depends only on the seed and the authority.
    """
    codes = sorted(area.code for area in fw.london_areas) if codes is None else sorted(set(codes))
    deal = rng_for(seed, "trajectories")
    shuffled = [codes[i] for i in deal.permutation(len(codes))]
    third = max(1, round(len(codes) / 3))
    trajectory = {code: TRAJECTORIES[min(i // third, 2)] for i, code in enumerate(shuffled)}
    split_codes = {codes[i] for i in deal.choice(len(codes), size=round(len(codes) * _SPLIT_SHARE), replace=False)}
    return {code: _story(fw, seed, code, trajectory[code], code in split_codes) for code in codes}


def _story(fw: Framework, seed: int, code: str, trajectory: str, splits: bool) -> AreaStory:
    rng = rng_for(seed, code, "story")
    (base_lo, base_hi), (change_lo, change_hi) = _TRAJECTORY_RANGES[trajectory]
    base = float(rng.uniform(base_lo, base_hi))
    enabler_ids = [e.id for e in fw.enablers]

    low = tuple(sorted(rng.choice(enabler_ids, size=int(rng.integers(1, 3)), replace=False).tolist()))
    others = [e for e in enabler_ids if e not in low]
    polarised = tuple(sorted(rng.choice(others, size=int(rng.integers(1, 4)), replace=False).tolist()))
    quirks = rng.normal(0, BOROUGH_ENABLER_SD, size=len(enabler_ids))
    levels = tuple(
        (e, round(base + ENABLER_TENDENCY.get(e, 0.0) + float(quirk) - LOW_ENABLER_PENALTY * (e in low), 3))
        for e, quirk in zip(enabler_ids, quirks)
    )
    return AreaStory(
        area_code=code,
        trajectory=trajectory,
        yearly_change=round(float(rng.uniform(change_lo, change_hi)), 3),
        base_level=round(base, 3),
        enabler_levels=levels,
        low_enablers=low,
        polarised_enablers=polarised,
        polarised_years=_run_of_years(rng, 2, 3),
        split_years=_run_of_years(rng, 1, 3) if splits else (),
        split_by=SPLITS[int(rng.integers(len(SPLITS)))],
        typical_group_size=int(rng.integers(4, 10)),
    )


def _run_of_years(rng: np.random.Generator, shortest: int, longest: int) -> tuple[int, ...]:
    """Consecutive default years: polarisation and separate scoring tend to persist, then resolve."""
    length = int(rng.integers(shortest, longest + 1))
    start = int(rng.integers(0, len(DEFAULT_YEARS) - length + 1))
    return DEFAULT_YEARS[start : start + length]

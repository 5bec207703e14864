"""Scores for one borough-year: each person's latent view of each enabler, rounded to the 1–5 scale.

A latent value is the borough's story level plus the person's leniency, their sector's and role's
perspective and noise; polarised enablers replace that with a low or a high camp. Indicator scores
("dig deeper") scatter around the same latent value, so they agree with the enabler score they
refine without copying it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from framework.model import Framework
from synthetic.groups import Member
from synthetic.seeding import rng_for
from synthetic.stories import AreaStory

CELL_NOISE = 0.5  # one person's reading of one enabler on the day
YEAR_SHOCK = 0.1  # the whole group's mood in a given year
# Councils rate their own system a little higher, health partners a little lower, and strategic
# leaders more optimistically than operational staff: differences the tool invites partners to compare.
KIND_BIAS = {"local_authority": 0.15, "health": -0.10}
ROLE_BIAS = 0.10  # + for strategic, − for operational
UNFAMILIAR_SKIP = 0.06  # extra chance of skipping an enabler outside one's sector's knowledge
POLARISED_SKIP_FACTOR = 0.3  # people with strong views rarely skip
LOW_CAMP, HIGH_CAMP = (1.4, (1, 2)), (4.5, (4, 5))  # latent centre and allowed scores of each camp
CAMP_NOISE = 0.35
MIN_SCORES = 3  # fewer scores than this make an enabler's average fragile
KEEP_THIN_CHANCE = 0.15  # it still happens in life, now and then
DIG_MODES = ("none", "all", "focus")
DIG_MODE_CHANCES = (0.15, 0.35, 0.50)
FOCUS_LOWEST = 2  # "focus" digs into the polarised enablers and the group's lowest ones
INDICATOR_NOISE = 0.45
INDICATOR_SKIP = 0.04


@dataclass(frozen=True)
class Scored:
    """A member with their scores; indicator_scores is empty when they did not dig deeper."""

    member: Member
    enabler_scores: dict[str, int | None]
    indicator_scores: dict[str, int | None]


def indicator_offsets(fw: Framework, seed: int, area_code: str) -> dict[str, float]:
    """How far each indicator sits from its enabler in this borough, the same every year, so
    indicator-level analysis has stable strengths and gaps to find."""
    rng = rng_for(seed, area_code, "indicators")
    return {ind.id: float(x) for ind, x in zip(fw.indicators, rng.normal(0, 0.35, size=len(fw.indicators)))}


def score_group(
    fw: Framework,
    story: AreaStory,
    year: int,
    members: list[Member],
    rng: np.random.Generator,
    offsets: dict[str, float],
) -> list[Scored]:
    shock = float(rng.normal(0, YEAR_SHOCK))
    polarised = story.polarised_in(year)
    latent: dict[tuple[int, str], float] = {}
    drawn: list[dict[str, int]] = [{} for _ in members]
    skipped: set[tuple[int, str]] = set()
    for enabler in fw.enablers:
        level = story.level(enabler.id, year) + shock
        camps = _camps(rng, members, level) if enabler.id in polarised else None
        for i, member in enumerate(members):
            if camps is None:
                view = level + _perspective(member) + float(rng.normal(0, CELL_NOISE))
                allowed = (1, 5)
            else:
                centre, allowed = HIGH_CAMP if camps[i] else LOW_CAMP
                view = centre + float(rng.normal(0, CAMP_NOISE))
            latent[i, enabler.id] = view
            drawn[i][enabler.id] = member.flat_score or _to_scale(view, allowed)
            if member.flat_score is None and rng.random() < _skip_chance(member, enabler.theme_id, camps is not None):
                skipped.add((i, enabler.id))
    _refill_thin_enablers(rng, fw, len(members), skipped)
    scores = [{e: (None if (i, e) in skipped else s) for e, s in row.items()} for i, row in enumerate(drawn)]
    dug = _dig_deeper(rng, fw, members, scores, latent, offsets, polarised)
    return [Scored(m, scores[i], dug[i]) for i, m in enumerate(members)]


def _perspective(member: Member) -> float:
    return member.leniency + KIND_BIAS.get(member.kind, 0.0) + (ROLE_BIAS if member.is_strategic else -ROLE_BIAS)


def _to_scale(view: float, allowed: tuple[int, int]) -> int:
    return int(np.clip(np.floor(view + 0.5), *allowed))


def _skip_chance(member: Member, theme_id: str, polarised: bool) -> float:
    chance = member.skip_rate + (UNFAMILIAR_SKIP if theme_id in member.unfamiliar_themes else 0.0)
    return chance * POLARISED_SKIP_FACTOR if polarised else chance


def _camps(rng: np.random.Generator, members: list[Member], level: float) -> list[bool]:
    """True for the high camp. The high camp's share follows the enabler's level, so a polarised
    enabler still moves with its borough's trajectory; camps follow agency and role lines more often
    than not, and each has at least two people (one in a group of three) so the split is visible."""
    share = float(np.clip((level - LOW_CAMP[0]) / (HIGH_CAMP[0] - LOW_CAMP[0]), 0.2, 0.8))
    high = [bool(rng.random() < share + _camp_lean(m)) for m in members]
    smallest = 1 if len(members) <= 3 else 2
    for side in (True, False):
        while sum(h == side for h in high) < smallest:
            others = [i for i, h in enumerate(high) if h != side]
            high[others[int(rng.integers(len(others)))]] = side
    return high


def _camp_lean(member: Member) -> float:
    agency = 0.2 * (member.kind == "local_authority") - 0.2 * (member.kind == "health")
    return agency + (0.1 if member.is_strategic else -0.1)


def _refill_thin_enablers(rng: np.random.Generator, fw: Framework, size: int, skipped: set[tuple[int, str]]) -> None:
    """Undo skips that would leave an enabler with fewer than three scores, except now and then."""
    for enabler in fw.enablers:
        skippers = [i for i in range(size) if (i, enabler.id) in skipped]
        missing = min(MIN_SCORES, size) - (size - len(skippers))
        if missing <= 0 or rng.random() < KEEP_THIN_CHANCE:
            continue
        for i in rng.choice(skippers, size=missing, replace=False):
            skipped.discard((int(i), enabler.id))


def _dig_deeper(
    rng: np.random.Generator,
    fw: Framework,
    members: list[Member],
    scores: list[dict[str, int | None]],
    latent: dict[tuple[int, str], float],
    offsets: dict[str, float],
    polarised: tuple[str, ...],
) -> list[dict[str, int | None]]:
    """Indicator scores for those who dig deeper: into every enabler, or only into the polarised
    and lowest ones; skipped enablers and enablers not dug into stay blank."""
    dug: list[dict[str, int | None]] = [{} for _ in members]
    mode = DIG_MODES[int(rng.choice(len(DIG_MODES), p=DIG_MODE_CHANCES))]
    if mode == "none":
        return dug
    focus = [e.id for e in fw.enablers]
    if mode == "focus":
        lowest = sorted(focus, key=lambda e: _group_mean(scores, e))[:FOCUS_LOWEST]
        focus = [e for e in focus if e in lowest or e in polarised]
    diggers = [i for i, m in enumerate(members) if m.digs_deeper and m.flat_score is None]
    if not diggers:
        diggers = [int(rng.integers(len(members)))]
    for i in diggers:
        for enabler_id in focus:
            if scores[i][enabler_id] is None:
                continue
            for indicator in fw.indicators_for(enabler_id):
                view = latent[i, enabler_id] + offsets[indicator.id] + float(rng.normal(0, INDICATOR_NOISE))
                dug[i][indicator.id] = None if rng.random() < INDICATOR_SKIP else _to_scale(view, (1, 5))
    return dug


def _group_mean(scores: list[dict[str, int | None]], enabler_id: str) -> float:
    present = [s[enabler_id] for s in scores if s[enabler_id] is not None]
    return float(np.mean(present)) if present else 3.0

"""Who sits round the table in a borough-year: sizes, sectors, roles, and each person's habits.

Sector and role names come from the framework; only their broad kind (local authority, health, early
education, voluntary) is inferred here, because the kind drives who attends and what people know.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from framework.model import Framework
from synthetic.stories import AreaStory

KINDS = ("local_authority", "health", "early_education", "voluntary", "other")
# Matched in this order, so "early years settings (private, voluntary and independent)" counts as
# early education rather than voluntary sector.
_KIND_WORDS = {
    "local_authority": ("local authority", "council", "children's services", "social care"),
    "health": ("health", "nhs", "icb", "midwi", "clinical"),
    "early_education": ("early education", "early years", "school", "nursery", "childcare", "childminder", "settings"),
    "voluntary": ("voluntary", "community", "charity", "faith", "vcs"),
}
# Attendance is mostly local authority and health, as in the research's workshops.
_KIND_WEIGHTS = {"local_authority": 0.36, "health": 0.24, "early_education": 0.22, "voluntary": 0.15, "other": 0.03}
# Themes a kind of participant often knows little about, so skips more (theme ids from DESIGN.md).
_UNFAMILIAR_THEMES = {
    "local_authority": (),
    "health": ("people_place",),
    "early_education": ("partnership_process",),
    "voluntary": ("purpose_priorities", "partnership_process"),
    "other": ("purpose_priorities", "partnership_process"),
}
# How a partnership splits when scoring by agency (the tool's own example is "Health partners").
AGENCY_GROUPS = (
    ("Local authority and early education", ("local_authority", "early_education")),
    ("Health partners", ("health",)),
)
STRATEGIC_SHARE = 0.45
LENIENCY_SD = 0.4  # people differ in how generously they read the descriptors
SKIP_RATE, HEAVY_SKIP_RATE, HEAVY_SKIPPER_SHARE = 0.012, 0.35, 0.05  # a few people skip many enablers
FLAT_SHARE, FLAT_SCORES = 0.03, (2, 3, 3, 3, 4)  # mostly "an average 3"
DIG_SHARE = 0.55  # of those who could, how many score indicators when the group digs deeper
MAX_WORKBOOK = 10  # the Excel tool holds up to 10 participants
MAX_GROUP = 12  # a borough-year scored as two groups
MIN_GROUP = 3


@dataclass(frozen=True)
class Member:
    """One participant and the habits that shape how they score."""

    sector: str
    kind: str  # one of KINDS
    role_level: str
    group_label: str | None  # which workbook they are in when the borough-year is split
    leniency: float  # a personal tendency to score high or low
    skip_rate: float  # chance of skipping an enabler they know
    unfamiliar_themes: tuple[str, ...]  # where they skip more
    flat_score: int | None  # scores every enabler the same, against the tool's advice
    digs_deeper: bool  # would score indicators if the group digs deeper

    @property
    def is_strategic(self) -> bool:
        return _is_strategic(self.role_level)


def _sector_kind(sector: str) -> str:
    text = sector.lower()
    for kind, words in _KIND_WORDS.items():
        if any(word in text for word in words):
            return kind
    return "other"


def compose(fw: Framework, story: AreaStory, year: int, rng: np.random.Generator) -> list[Member]:
    """The borough-year's participants; split years get two labelled sub-groups of at least two."""
    by_kind = _sectors_by_kind(fw)
    strategic, operational = _role_levels(fw)
    drift = int(rng.integers(-2, 3))
    if not story.is_split(year):
        size = int(np.clip(story.typical_group_size + drift, MIN_GROUP, MAX_WORKBOOK))
        kinds = _draw_kinds(rng, size, by_kind, tuple(by_kind))
        return [_member(rng, by_kind, kind, _draw_role(rng, strategic, operational), None) for kind in kinds]

    half = story.typical_group_size / 2 + drift / 2
    sizes = [int(np.clip(round(half) + int(rng.integers(-1, 2)), 2, MAX_GROUP // 2)) for _ in range(2)]
    members: list[Member] = []
    if story.split_by == "agency":
        for size, (label, kinds_here) in zip(sizes, _agency_groups(by_kind)):
            for kind in _draw_kinds(rng, size, by_kind, kinds_here):
                members.append(_member(rng, by_kind, kind, _draw_role(rng, strategic, operational), label))
    else:
        for size, level in zip(sizes, (strategic, operational)):
            for kind in _draw_kinds(rng, size, by_kind, tuple(by_kind)):
                members.append(_member(rng, by_kind, kind, level, f"{level} staff"))
    return members


def _sectors_by_kind(fw: Framework) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for sector in fw.sectors:
        grouped.setdefault(_sector_kind(sector), []).append(sector)
    return {kind: tuple(grouped[kind]) for kind in KINDS if kind in grouped}


def _is_strategic(role_level: str) -> bool:
    return role_level.lower().startswith("strateg")


def _role_levels(fw: Framework) -> tuple[str, str]:
    strategic = next((r for r in fw.role_levels if _is_strategic(r)), fw.role_levels[0])
    operational = next((r for r in fw.role_levels if r != strategic), strategic)
    return strategic, operational


def _agency_groups(by_kind: dict[str, tuple[str, ...]]) -> list[tuple[str, tuple[str, ...]]]:
    """Each agency workbook's label and kinds; a kind the framework lacks drops out, and a group
    left with none falls back to every kind rather than failing."""
    return [(label, tuple(k for k in kinds if k in by_kind) or tuple(by_kind)) for label, kinds in AGENCY_GROUPS]


def _draw_kinds(
    rng: np.random.Generator, size: int, by_kind: dict[str, tuple[str, ...]], allowed: tuple[str, ...]
) -> list[str]:
    """Kinds for `size` people: the first of local authority and health are always there (when
    allowed), so every group spans several sectors; the rest follow the attendance weights."""
    anchors = [k for k in ("local_authority", "health") if k in allowed][:size]
    weights = np.array([_KIND_WEIGHTS[k] for k in allowed])
    rest = rng.choice(list(allowed), size=size - len(anchors), p=weights / weights.sum()).tolist()
    kinds = anchors + rest
    return [kinds[i] for i in rng.permutation(len(kinds))]


def _draw_role(rng: np.random.Generator, strategic: str, operational: str) -> str:
    return strategic if rng.random() < STRATEGIC_SHARE else operational


def _member(
    rng: np.random.Generator,
    by_kind: dict[str, tuple[str, ...]],
    kind: str,
    role_level: str,
    group_label: str | None,
) -> Member:
    sectors = by_kind[kind]
    unfamiliar = _UNFAMILIAR_THEMES[kind] + (() if _is_strategic(role_level) else ("purpose_priorities",))
    heavy_skipper = rng.random() < HEAVY_SKIPPER_SHARE
    flat = rng.random() < FLAT_SHARE
    return Member(
        sector=sectors[int(rng.integers(len(sectors)))],
        kind=kind,
        role_level=role_level,
        group_label=group_label,
        leniency=float(rng.normal(0, LENIENCY_SD)),
        skip_rate=HEAVY_SKIP_RATE if heavy_skipper else SKIP_RATE,
        unfamiliar_themes=tuple(dict.fromkeys(unfamiliar)),
        flat_score=int(rng.choice(FLAT_SCORES)) if flat else None,
        digs_deeper=bool(rng.random() < DIG_SHARE),
    )

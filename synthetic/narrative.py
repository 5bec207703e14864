"""What the synthetic partnerships write beyond their scores (issue #14): reflections, evidence, the
six challenges, the integration model and priorities for action, for most borough-years.

It follows the borough's story (synthetic.stories) rather than the drawn scores, so that a year's
narrative can be made without scoring the years before it (a priority may follow up last year's),
and is loosely consistent with the scores all the same: the story's weak enablers are where
progress is needed and what the priorities address, an enabler that is low brings its challenge
into play, and the integration model follows the level. Every text starts with SYNTHETIC_PREFIX
and names nothing real beyond the framework's own words.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from framework.model import Framework
from ingest.assessments.model import Narrative, PriorityEntry
from ingest.core.narrative_values import date_of
from synthetic.seeding import rng_for
from synthetic.stories import START_YEAR, AreaStory

SYNTHETIC_PREFIX = "Synthetic example: "
NARRATIVE_SHARE = 0.8  # borough-years whose workbook has the sections filled in
# The enablers whose low level brings each challenge into play (ids missing from a future framework
# are passed over); a challenge with none follows the borough's level alone.
CHALLENGE_SIGNALS = {
    "technical_blockages": ("E09",),
    "stretched_capacity": ("E06", "E08"),
    "cultural_barriers": ("E04", "E05"),
    "tensions_about_levels": ("E07",),
    "shifting_landscapes": ("E12",),
    "competing_priorities": ("E01", "E02"),
}
IN_PLAY_BELOW, PARTLY_BELOW = 2.4, 3.1  # the level of a challenge's enablers that puts it in play, partly
MODEL_STEPS = (2.6, 3.5)  # overall level below which a partnership is a coalition, then coordinated
OWNER_ROLES = (
    "Head of Early Help", "Director of Public Health", "Head of Health Visiting", "Family Hubs manager",
    "Early years commissioning lead", "Designated nurse for safeguarding", "Start for Life programme lead",
    "Head of early years and childcare",
)
EVIDENCE = (
    "minutes of the joint board show it discussed at every meeting",
    "the annual partners' survey shows most staff agree",
    "case audits this year found it in most of the files reviewed",
    "parents at the forum described it unprompted",
    "the shared dashboard is reviewed quarterly",
    "staff workshop notes give several examples",
)
ACTIONS = (
    "agree a joint plan with named leads",
    "set up a quarterly review in the partnership forum",
    "run joint workshops for frontline staff",
    "map what each partner already does and close the gaps",
    "test a new approach in one locality first",
    "ask parents what would make the most difference",
)
GIFT = (
    "protect time on the partnership agenda for it",
    "agree local working arrangements while national rules stay as they are",
    "share what each partner knows before the next planning round",
    "start with the teams already working side by side",
    "raise it with the integrated care board together",
)
FOLLOW_UP_CHANCE = 0.4  # a year's first priority continues one of the year before
THEME_MODEL_CHANCE = 0.7


def narrative_for(fw: Framework, seed: int, story: AreaStory, year: int) -> Narrative | None:
    """The borough-year's narrative, or None for the fifth or so of years that leave it blank;
    the same for the same seed, borough and year however the demo is generated."""
    rng = rng_for(seed, story.area_code, year, "narrative")
    if rng.random() >= NARRATIVE_SHARE:
        return None
    levels = {e.id: story.level(e.id, year) for e in fw.enablers}
    overall = float(np.mean(list(levels.values())))
    by_level = sorted(levels, key=levels.__getitem__)
    names = {e.id: e.name for e in fw.enablers}
    return Narrative(
        reflections={t.id: _reflection(rng, [e for e in by_level if e in t.enabler_ids][:2], names) for t in fw.themes},
        evidence={e: _say(f"{names[e]} is working well: {_pick(rng, EVIDENCE)}.")
                  for e in by_level[::-1][: int(rng.integers(3, 7))]},
        challenges=_challenges(fw, rng, levels, overall),
        models=_models(fw, rng, levels, overall),
        priorities=_priorities(fw, seed, story, year, rng, by_level, names),
    )


def _say(text: str) -> str:
    return SYNTHETIC_PREFIX + text


def _pick(rng: np.random.Generator, choices: tuple[str, ...]) -> str:
    return choices[int(rng.integers(len(choices)))]


def _reflection(rng: np.random.Generator, lowest: list[str], names: dict[str, str]) -> str:
    needed = " and ".join(names[e].lower() for e in lowest)
    return _say(f"progress is most needed on {needed}; partners want to {_pick(rng, ACTIONS)}.")


def _challenges(fw: Framework, rng: np.random.Generator, levels: dict[str, float],
                overall: float) -> dict[str, tuple[str | None, str | None]]:
    """Each challenge's status from its signal enablers' level, with a little disagreement; now and
    then one left unanswered."""
    statuses = [s.id for s in fw.challenge_statuses]  # most in play first
    answers = {}
    for challenge in fw.challenges:
        signals = [levels[e] for e in CHALLENGE_SIGNALS.get(challenge.id, ()) if e in levels] or [overall]
        level = min(signals) + float(rng.normal(0, 0.3))
        if rng.random() < 0.1:
            continue
        status = statuses[0] if level < IN_PLAY_BELOW else statuses[1] if level < PARTLY_BELOW else statuses[-1]
        gift = _say(_pick(rng, GIFT) + ".") if status != statuses[-1] else None
        answers[challenge.id] = (status, gift)
    return answers


def _models(fw: Framework, rng: np.random.Generator, levels: dict[str, float],
            overall: float) -> dict[str, tuple[str | None, str | None]]:
    ids = [m.id for m in fw.integration_models]

    def placed(level: float) -> tuple[str, str]:
        step = sum(level >= edge for edge in MODEL_STEPS)
        return ids[min(step, len(ids) - 1)], ids[min(step + 1, len(ids) - 1)]

    models = {"overall": placed(overall)}
    if rng.random() < THEME_MODEL_CHANCE:
        models |= {t.id: placed(float(np.mean([levels[e] for e in t.enabler_ids])) + float(rng.normal(0, 0.2)))
                   for t in fw.themes}
    return models


def _priorities(fw: Framework, seed: int, story: AreaStory, year: int, rng: np.random.Generator,
                by_level: list[str], names: dict[str, str]) -> tuple[PriorityEntry, ...]:
    """Two to five priorities on the weakest enablers, each naming one to three of them, with an
    owner's role and a review date in the following year; sometimes last year's first continues."""
    theme_of = {e.id: e.theme_id for e in fw.enablers}
    priorities = []
    previous = narrative_for(fw, seed, story, year - 1) if year > START_YEAR else None
    if previous and previous.priorities and rng.random() < FOLLOW_UP_CHANCE:
        earlier = previous.priorities[0]
        text = earlier.text.removeprefix(SYNTHETIC_PREFIX)
        if not text.startswith("continue"):
            text = f"continue last year's priority ({text})"
        priorities.append(PriorityEntry(_say(text), earlier.enabler_ids, earlier.owner_role, _review(rng, year)))
    followed = {e for p in priorities for e in p.enabler_ids}
    for enabler_id in [e for e in by_level if e not in followed][: int(rng.integers(2, 6)) - len(priorities)]:
        related = [e for e in by_level if e != enabler_id and theme_of[e] == theme_of[enabler_id]]
        extra = related[: int(rng.integers(0, 3))]
        order = {e.id: e.order for e in fw.enablers}
        named = tuple(sorted((enabler_id, *extra), key=order.__getitem__))
        text = _say(f"{_pick(rng, ACTIONS)} to improve {names[enabler_id].lower()}")
        priorities.append(PriorityEntry(text, named, _pick(rng, OWNER_ROLES), _review(rng, year)))
    return tuple(priorities)


def _review(rng: np.random.Generator, year: int) -> date:
    """The last day of a month of the year after the assessment."""
    month = int(rng.integers(1, 13))
    return date_of(f"{month:02d}/{year + 1}")

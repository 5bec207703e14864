"""Synthetic data-sharing questionnaires, one per borough and year, with a designed link to E09.

The demo's comparison of questionnaire answers with E09 (information sharing) scores needs
something to find, so answers are drawn from each borough's latent level for the question's linked
enabler (E09 for every question; synthetic.stories) through an ordered logistic link: with the
choices ranked by score, P(answer at or above rank j) = logistic(SLOPE × (level − CENTRE) − τ_j),
thresholds τ spread evenly around 0. A borough one scale point higher on E09 therefore has
e^SLOPE times the odds of answering "yes" rather than less. This is an association built into
invented data, to show the comparison working; it says nothing about real boroughs.

Each borough-year draws from its own stream (seed, area, "data-sharing", year), separate from the
score workbooks' streams, so adding the questionnaires changes none of their draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from framework.model import Framework
from ingest.data_sharing.template import write_data_sharing_template
from synthetic.generator import file_name
from synthetic.scope import LONDON, can_assess, scope_codes
from synthetic.seeding import DEFAULT_SEED, rng_for
from synthetic.stories import DEFAULT_YEARS, AreaStory, stories

STREAM = "data-sharing"
FILE_LABEL = "data-sharing"  # the file name's last part: SYNTHETIC_<code>_<Area>_<year>_data-sharing.xlsx
SLOPE = 1.5  # log-odds per scale point of the linked enabler's latent level
CENTRE = 2.0  # the latent level at which the middle answer is the likeliest (about the demo's median E09)
THRESHOLD_SPREAD = 1.0  # thresholds run from −spread to +spread between the ranked choices
BLANK_SHARE = 0.04  # answers left blank: nobody in the partnership knew
EVIDENCE = (  # invented evidence by the answer's rank: lowest-scoring choice first
    "SYNTHETIC: not in place; raised at the {year} partnership board",
    "SYNTHETIC: in place for some teams; not yet across all partners (review due {next})",
    "SYNTHETIC: in place and used by all partners; last reviewed in {previous}",
)


def synthetic_answers(
    fw: Framework, seed: int, area_code: str, year: int, scope: str = LONDON
) -> dict[str, tuple[str | None, str | None]]:
    """Question id → (answer, evidence) for one borough and year; the same for the same arguments."""
    story = stories(fw, seed, scope_codes(fw, scope))[area_code]
    return _answers(fw, story, year, rng_for(seed, area_code, STREAM, year))


def write_data_sharing_demo(
    folder: Path,
    fw: Framework,
    seed: int = DEFAULT_SEED,
    area_codes: Sequence[str] | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    scope: str = LONDON,
) -> list[Path]:
    """One synthetic questionnaire per authority and year (default: every authority of the scope;
    no year it did not exist in), written into `folder`; returns the paths."""
    population = scope_codes(fw, scope)
    plot = stories(fw, seed, population)
    codes = list(population) if area_codes is None else list(area_codes)
    unknown = [code for code in codes if code not in plot]
    if unknown:
        raise ValueError(f"not areas of the framework: {', '.join(unknown)}")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for code in codes:
        area = fw.area(code)
        for year in (y for y in years if can_assess(area, y)):
            answers = _answers(fw, plot[code], year, rng_for(seed, code, STREAM, year))
            path = folder / file_name(code, area.name, year, FILE_LABEL)
            paths.append(write_data_sharing_template(path, fw, area.name, year, answers, is_synthetic=True,
                                                     completed_by="SYNTHETIC demo generator"))
    return paths


def _answers(
    fw: Framework, story: AreaStory, year: int, rng: np.random.Generator
) -> dict[str, tuple[str | None, str | None]]:
    ranked = sorted(fw.data_sharing_choices, key=lambda c: c.score)
    thresholds = np.linspace(-THRESHOLD_SPREAD, THRESHOLD_SPREAD, len(ranked) - 1)
    answers: dict[str, tuple[str | None, str | None]] = {}
    for question in fw.data_sharing_questions:
        blank, draw = rng.random(), rng.random()
        if blank < BLANK_SHARE:
            answers[question.id] = (None, None)
            continue
        eta = SLOPE * (story.level(question.linked_enabler_id, year) - CENTRE)
        at_or_above = 1 / (1 + np.exp(-(eta - thresholds)))  # P(rank ≥ j) for j = 1 … k−1, decreasing
        rank = int(np.sum(draw < at_or_above))
        answers[question.id] = (ranked[rank].answer, _evidence(rank, len(ranked), year))
    return answers


def _evidence(rank: int, n_choices: int, year: int) -> str:
    """Short invented evidence for an answer: the bottom, top or middle phrase by its rank."""
    phrase = EVIDENCE[0] if rank == 0 else EVIDENCE[-1] if rank == n_choices - 1 else EVIDENCE[1]
    return phrase.format(year=year, previous=year - 1, next=year + 1)

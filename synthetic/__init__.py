"""Deterministic synthetic demo submissions, so the pipeline can be shown and tested without real data."""

from synthetic.generator import SyntheticWorkbook, generate, write_demo
from synthetic.seeding import DEFAULT_SEED
from synthetic.stories import DEFAULT_YEARS, AreaStory, stories

__all__ = ["DEFAULT_SEED", "DEFAULT_YEARS", "AreaStory", "SyntheticWorkbook", "generate", "stories", "write_demo"]

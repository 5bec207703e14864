"""Random streams keyed by what they describe, not by call order.

Each (seed, area, year) gets its own generator, so generating a subset of boroughs or years gives
exactly the same workbooks as the full run for those boroughs and years.
"""

from __future__ import annotations

import zlib

import numpy as np

DEFAULT_SEED = 20220701  # the tool was published in July 2022


def rng_for(seed: int, *keys: str | int) -> np.random.Generator:
    """A generator that depends only on the seed and the keys (strings hashed stably, not by `hash`)."""
    entropy = [seed] + [zlib.crc32(k.encode("utf-8")) if isinstance(k, str) else k for k in keys]
    return np.random.default_rng(np.random.SeedSequence(entropy))

"""Grouped building blocks for the warehouse models: the measures over whole frames, without a Python
loop over rows or groups, and to the last bit what the one-group functions give.

Two facts make that possible. A group of whole 1-5 scores is fully described by how many people gave
each score (its count vector), so every measure of it is a function of five integers: it is computed
once per distinct count vector by the validated one-group function (`by_count_vector`), and the
number of distinct vectors grows far more slowly than the number of groups. And a sum of doubles
that lie in 1..5 is exact in integers once scaled by 2**52 (every such double is a whole multiple of
2**-52), so `exact_group_sum` gives math.fsum's correctly rounded sum for every group at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from measures.scale import CATEGORIES, SCALE_MIN, valid_scores

_SCALE = 2.0**52  # every double in [1, 8) is a whole multiple of 2**-52
_LIMB = 26  # 5 * 2**52 split into two limbs of at most 29 and 26 bits: int64 sums never overflow


def group_codes(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct groups of `keys` (sorted, one row each) and, for every row of `frame`, the
    position of its group among them."""
    grouped = frame.groupby(list(keys), sort=True)
    distinct = grouped.size().index.to_frame(index=False).astype(frame[list(keys)].dtypes.to_dict())
    return distinct, grouped.ngroup().to_numpy()


def score_counts(scores: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """groups × 5: how many rows of each group have each whole score 1 … 5. Raises ValueError for a
    score off the scale, as valid_scores does."""
    valid_scores(pd.unique(np.asarray(scores)))
    cells = np.asarray(group, dtype=np.int64) * CATEGORIES + (np.asarray(scores).astype(np.int64) - SCALE_MIN)
    return np.bincount(cells, minlength=n_groups * CATEGORIES).reshape(n_groups, CATEGORIES)


def by_count_vector(counts: np.ndarray, measure: Callable[[tuple[int, ...]], tuple]) -> list[tuple]:
    """`measure(count_vector)` for each row of `counts` (groups × 5), evaluated once per distinct
    vector: the one-group function's own answer, shared by every group with the same scores."""
    counts = np.asarray(counts, dtype=np.int64).reshape(-1, CATEGORIES)
    if len(counts) == 0:
        return []
    distinct, inverse = np.unique(counts, axis=0, return_inverse=True)
    results = [measure(tuple(int(c) for c in row)) for row in distinct]
    return [results[i] for i in np.ravel(inverse)]


def expand(counts: Sequence[int]) -> list[int]:
    """The whole scores a count vector stands for, in ascending order."""
    return [score for score, count in enumerate(counts, start=SCALE_MIN) for _ in range(int(count))]


def exact_group_sum(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group 0 … n_groups-1, math.fsum of its `values` (doubles in [1, 8)): the correctly
    rounded exact sum, whatever order the values come in; 0.0 for an empty group.

    Each value times 2**52 is a whole number below 2**55, split into a high and a low limb whose
    int64 sums cannot overflow; the carry is folded back and the two exact parts are added once,
    which IEEE arithmetic rounds correctly."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) and not ((values >= 1) & (values < 8)).all():
        raise ValueError("exact_group_sum takes values in [1, 8)")
    scaled = (values * _SCALE).astype(np.int64)
    high = _int_sum(scaled >> _LIMB, group, n_groups)
    low = _int_sum(scaled & ((1 << _LIMB) - 1), group, n_groups)
    high += low >> _LIMB
    low &= (1 << _LIMB) - 1
    return (high.astype(np.float64) * 2.0**_LIMB + low.astype(np.float64)) / _SCALE


def _int_sum(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Whole-number sums per group; exact in float64 while each sum stays below 2**53 (limbs below
    2**29: groups of up to 2**24 values)."""
    return np.bincount(group, weights=values, minlength=n_groups).astype(np.int64)

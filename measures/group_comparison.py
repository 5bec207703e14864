"""How groups within a partnership rated each enabler, against the rest of the partnership: the
logic of marts.group_comparison over the whole frame (the model's docstring and docs/measures.md give
the disclosure rule this applies).

Every figure of a group of whole scores follows from its count vector (measures.grouped), so the
parts of each split are counted with one grouped count, "everyone else" is the enabler's total count
less the part's, and the Welch intervals are computed for all rows at once (welch_intervals) from
each distinct count vector's exact mean and variance.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from measures.grouped import by_count_vector, expand, group_codes, score_counts
from measures.intervals import mean_variance, welch_intervals
from measures.scale import SCALE_MAX, SCALE_MIN

NOT_STATED = "Not stated"
EVERYONE_ELSE = "Everyone else"
KEYS = ["area_code", "assessment_year", "enabler_id"]
COLUMNS = [
    "area_code", "assessment_year", "enabler_id", "split", "group_label", "compared_with",
    "n_group", "n_others", "group_mean", "others_mean", "gap", "gap_ci_low", "gap_ci_high",
    "is_suppressed", "is_synthetic",
]
_SCORES = np.arange(SCALE_MIN, SCALE_MAX + 1)


def compare(scores: pd.DataFrame, role_levels: Sequence[str], min_n: int) -> pd.DataFrame:
    """`scores`: area_code, assessment_year, enabler_id, score, sector, role_level, is_synthetic —
    one row per person who scored an enabler. One row per published or withheld group."""
    given = scores[scores["score"].notna()].copy()
    for split in ("sector", "role_level"):
        given[split + "_part"] = given[split].where(
            given[split].notna() & (given[split].astype(str).str.strip() != ""), NOT_STATED)
    keys, key = group_codes(given, KEYS)
    score = given["score"].to_numpy()
    synthetic = np.bincount(key, weights=given["is_synthetic"].astype(bool).to_numpy(), minlength=len(keys)) > 0
    totals = score_counts(score, key, len(keys))

    sectors, sector_key, sector_counts = _parts(given, key, "sector_part")
    cells, cell_key, cell_counts = _parts(given.assign(cell=given["sector_part"] + "\x1f" + given["role_level_part"]),
                                          key, "cell")
    sector_withheld = _any_small(sector_key, sector_counts, min_n, len(keys))
    linked = ~sector_withheld & _any_small(cell_key, cell_counts, min_n, len(keys))
    roles, role_key, role_counts = _parts(given, key, "role_level_part")
    role_withheld = _any_small(role_key, role_counts, min_n, len(keys)) | linked

    stated = (sectors["sector_part"] != NOT_STATED).to_numpy()
    sector_rows = pd.DataFrame({"key": sector_key[stated], "split": "sector",
                                "group_label": sectors["sector_part"].to_numpy()[stated],
                                "compared_with": EVERYONE_ELSE})
    sector_group = sector_counts[stated]
    sector_others = totals[sector_key[stated]] - sector_group

    first, second = role_levels[0], role_levels[1]
    label = roles["role_level_part"].to_numpy()
    at_first = pd.Series(np.flatnonzero(label == first), index=role_key[label == first])
    at_second = pd.Series(np.flatnonzero(label == second), index=role_key[label == second])
    both = at_first.index.intersection(at_second.index)
    role_rows = pd.DataFrame({"key": both.to_numpy(), "split": "role_level", "group_label": first,
                              "compared_with": second})
    role_group = role_counts[at_first[both].to_numpy()].reshape(-1, len(_SCORES))
    role_others = role_counts[at_second[both].to_numpy()].reshape(-1, len(_SCORES))

    rows = pd.concat([sector_rows, role_rows], ignore_index=True)
    group = np.concatenate([sector_group, role_group])
    others = np.concatenate([sector_others, role_others])
    withheld = np.concatenate([sector_withheld[sector_rows["key"]], role_withheld[role_rows["key"]]])
    # a small part gets no row; a group that is everyone has nothing to compare
    kept = (group.sum(axis=1) >= min_n) & (others.sum(axis=1) > 0)
    rows, group, others, withheld = rows[kept].reset_index(drop=True), group[kept], others[kept], withheld[kept]
    return _frame(keys, rows, group, others, withheld, synthetic[rows["key"]])


def _parts(given: pd.DataFrame, key: np.ndarray, part: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The parts of one split within each enabler: their labels, the enabler each belongs to, and
    their count vectors."""
    parts, code = group_codes(given.assign(_key=key), ["_key", part])
    return parts, parts["_key"].to_numpy(), score_counts(given["score"].to_numpy(), code, len(parts))


def _any_small(part_key: np.ndarray, counts: np.ndarray, min_n: int, n_keys: int) -> np.ndarray:
    return np.bincount(part_key, weights=counts.sum(axis=1) < min_n, minlength=n_keys) > 0


def _frame(keys: pd.DataFrame, rows: pd.DataFrame, group: np.ndarray, others: np.ndarray,
           withheld: np.ndarray, synthetic: np.ndarray) -> pd.DataFrame:
    moments = np.array(by_count_vector(np.concatenate([group, others]), lambda c: mean_variance(expand(c))),
                       dtype=np.float64).reshape(-1, 2)
    n_g, n_o = group.sum(axis=1), others.sum(axis=1)
    mean_g, var_g = moments[: len(group)].T
    mean_o, var_o = moments[len(group):].T
    gap = welch_intervals(mean_o, var_o, n_o, mean_g, var_g, n_g)
    frame = keys.iloc[rows["key"]].reset_index(drop=True)
    frame = frame.assign(split=rows["split"], group_label=rows["group_label"], compared_with=rows["compared_with"])
    shown = ~withheld
    for column, values in (("n_group", n_g), ("n_others", n_o)):
        frame[column] = pd.array(values, dtype="Int64")
        frame.loc[withheld, column] = pd.NA
    for column, values in (("group_mean", (group @ _SCORES) / n_g), ("others_mean", (others @ _SCORES) / n_o),
                           ("gap", gap.estimate), ("gap_ci_low", gap.low), ("gap_ci_high", gap.high)):
        frame[column] = pd.array(np.where(shown, values, np.nan), dtype="Float64")  # NaN: missing
    frame["is_suppressed"] = withheld.astype(bool)
    frame["is_synthetic"] = synthetic.astype(bool)
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    return frame[COLUMNS]  # the sector split's rows, then the role level's; each by enabler, then label

"""How groups within a partnership rated each enabler, against the rest of the partnership.

Grain: area_code × assessment_year × enabler_id × split × group_label. Splits: `sector` (each
sector against everyone else who scored the enabler) and `role_level` (Strategic against
Operational). gap = group mean − the others' mean, with its 95 % Welch interval
(measures.welch_interval).

Disclosure (docs/measures.md): people are partitioned within each split by their answer, "not
stated" being a part too. When any part has fewer than 3 people (min_publishable_n), the whole
split is withheld for that enabler: every row's n, means and gap are null. Otherwise the partition's
total (published in enabler_maturity) minus the published parts would give the small part's mean.
A part of fewer than 3 never gets a row of its own. Only scores given on the enabler sheet count
(enablers an area scored only through indicators have no comparison).

Linked splits: sector and role level partition the same people two ways. Where both would be
published and some sector × role cell holds 1 or 2 people, differencing the two splits (with
knowledge of who sits where) could isolate that cell, so the role-level split is withheld too and
only one partition of those people is published.
"""

import pandas as pd

from framework import load_framework
from measures import welch_interval

NOT_STATED = "Not stated"
EVERYONE_ELSE = "Everyone else"
COLUMNS = [
    "area_code", "assessment_year", "enabler_id", "split", "group_label", "compared_with",
    "n_group", "n_others", "group_mean", "others_mean", "gap", "gap_ci_low", "gap_ci_high",
    "is_suppressed", "is_synthetic",
]


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)


def compare(scores: pd.DataFrame, role_levels: tuple[str, ...], min_n: int) -> pd.DataFrame:
    """`scores`: area_code, assessment_year, enabler_id, score, sector, role_level, is_synthetic —
    one row per person who scored an enabler."""
    rows = []
    given = scores[scores["score"].notna()].copy()
    keys = ["area_code", "assessment_year", "enabler_id"]
    for split in ("sector", "role_level"):
        given[split + "_part"] = given[split].where(
            given[split].notna() & (given[split].astype(str).str.strip() != ""), NOT_STATED)
    sector_sizes = given.groupby([*keys, "sector_part"]).size()
    cell_sizes = given.groupby([*keys, "sector_part", "role_level_part"]).size()
    sector_published = (sector_sizes >= min_n).groupby(level=[0, 1, 2]).all()
    small_cells = (cell_sizes < min_n).groupby(level=[0, 1, 2]).any()
    linked = set(sector_published[sector_published & small_cells].index)
    for split in ("sector", "role_level"):
        given["part"] = given[split + "_part"]
        for (area, year, enabler), people in given.groupby(keys, sort=True):
            parts = {p: g["score"].astype(int).tolist() for p, g in people.groupby("part")}
            withheld = any(len(v) < min_n for v in parts.values()) or (
                split == "role_level" and (area, year, enabler) in linked)
            synthetic = bool(people["is_synthetic"].any())
            if split == "sector":
                pairs = [
                    (p, EVERYONE_ELSE, v, [s for q, w in parts.items() if q != p for s in w])
                    for p, v in parts.items() if p != NOT_STATED
                ]
            else:
                first, second = role_levels[0], role_levels[1]
                pairs = [(first, second, parts[first], parts[second])] if first in parts and second in parts else []
            for label, other_label, group, others in pairs:
                if len(group) < min_n or not others:
                    continue  # a small part gets no row; a group that is everyone has nothing to compare
                if withheld:
                    rows.append((area, year, enabler, split, label, other_label,
                                 None, None, None, None, None, None, None, True, synthetic))
                    continue
                gap = welch_interval(others, group)
                rows.append((area, year, enabler, split, label, other_label,
                             len(group), len(others), _mean(group), _mean(others),
                             gap.estimate, gap.low, gap.high, False, synthetic))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    for column in ("n_group", "n_others"):
        frame[column] = frame[column].astype("Int64")
    for column in ("group_mean", "others_mean", "gap", "gap_ci_low", "gap_ci_high"):
        frame[column] = frame[column].astype("Float64")
    frame["is_suppressed"] = frame["is_suppressed"].astype("bool")
    frame["is_synthetic"] = frame["is_synthetic"].astype("bool")
    return frame


def model(dbt, session):
    dbt.config(materialized="table")
    scores = dbt.ref("int_scores_joined_to_assessments").df()
    scores = scores[scores["grain"] == "enabler"].rename(columns={"item_id": "enabler_id"})
    participants = dbt.ref("stg_raw__participants").df()
    participants["participant_key"] = participants["submission_id"] + "/" + participants["participant_id"]
    joined = scores.merge(participants[["participant_key", "sector", "role_level"]], on="participant_key", how="left")
    return compare(joined, load_framework().role_levels, min_n=int(dbt.config.get("min_publishable_n", 3)))

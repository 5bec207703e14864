"""Theme and overall maturity of one area in one year, from each participant's own theme or overall
score (int_participant_scores_aggregated): n, mean, median, sd, range and the 95 % t-interval of the
mean (measures.mean_interval, the one implementation). Statistics of groups smaller than
`min_publishable_n` are withheld here, so no mart can show them."""

import statistics

import pandas as pd

from measures import mean_interval

KEYS = ["area_code", "assessment_year", "level", "item_id"]
COLUMNS = [
    *KEYS, "n_participants", "mean_score", "median_score", "sd_score", "min_score", "max_score",
    "ci_low", "ci_high", "ci_clipped", "is_small_group", "is_suppressed", "is_synthetic",
]


def summarise(scores: list[float], min_n: int, small_n: int) -> dict:
    n = len(scores)
    shown = n >= min_n
    interval = mean_interval(scores, averaged=True)
    return {
        "n_participants": n,
        "mean_score": float(interval.estimate) if shown else None,
        "median_score": float(statistics.median(scores)) if shown else None,
        "sd_score": float(statistics.stdev(scores)) if shown and n > 1 else None,
        "min_score": float(min(scores)) if shown else None,
        "max_score": float(max(scores)) if shown else None,
        "ci_low": float(interval.low) if shown and interval.low is not None else None,
        "ci_high": float(interval.high) if shown and interval.high is not None else None,
        "ci_clipped": bool(interval.clipped) if shown else None,
        "is_small_group": n < small_n,
        "is_suppressed": not shown,
    }


def model(dbt, session):
    dbt.config(materialized="table")
    min_n = int(dbt.config.get("min_publishable_n"))
    small_n = int(dbt.config.get("small_group_n"))
    people = dbt.ref("int_participant_scores_aggregated").filter("level in ('theme', 'overall')").df()
    rows = []
    for key, group in people.groupby(KEYS, sort=True):
        row = dict(zip(KEYS, key))
        row.update(summarise(group["score"].tolist(), min_n, small_n))
        row["is_synthetic"] = bool(group["is_synthetic"].any())
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("mean_score", "median_score", "sd_score", "min_score", "max_score", "ci_low", "ci_high"):
        frame[column] = frame[column].astype("float64")
    frame["n_participants"] = frame["n_participants"].astype("int64")
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    frame["ci_clipped"] = frame["ci_clipped"].astype("boolean")
    for column in ("area_code", "level", "item_id"):
        frame[column] = frame[column].astype("string")  # typed VARCHAR even when there are no rows
    for column in ("is_small_group", "is_suppressed", "is_synthetic"):
        frame[column] = frame[column].astype("bool")
    return frame

"""The measures of one area's scores on one item in one year, computed by the validated `measures`
package (one implementation of each measure; docs/measures-statistics.md): counts per score,
the 95 % t-interval for the mean, van der Eijk's agreement A, Tastle and Wierman's consensus
(width 4), and the is_low / is_polarised flags with their thresholds from dbt vars.

Nothing is withheld here: int_item_scores_summarised applies the disclosure rule (publishable())
to every column, so the rule lives in one place.

The group's mean (ci_mean, math.fsum over n) and standard deviation (sd, statistics.stdev, in
exact fractions) are the published mean_score and sd_score: both are independent of the order the
scores arrive in, where DuckDB's parallel avg() and stddev_samp() can differ in the last bits from
one identical build to the next.

Rows of people's means (is_average: derived enablers, themes, overall) are not whole 1-5 scores:
their interval is the same mean_interval with `averaged=True`, while counts, agreement, consensus
and is_polarised are null (they need whole scores).
"""

import statistics

import pandas as pd

import measures

LEVEL = 0.95
KEYS = ["area_code", "assessment_year", "grain", "item_id"]
COLUMNS = [
    *KEYS,
    "count_1", "count_2", "count_3", "count_4", "count_5",
    "ci_mean", "sd", "ci_low", "ci_high", "ci_clipped",
    "agreement", "consensus", "is_low", "is_polarised", "dig_deeper",
]


def measure(scores: pd.DataFrame, low_mean_below: float, polarised_below: float) -> pd.DataFrame:
    rows = []
    given = scores[scores["score"].notna()]
    for key, group in given.groupby(KEYS, sort=False):
        values = group["score"].tolist()
        averaged = bool(group["is_average"].any())
        interval = measures.mean_interval(values, level=LEVEL, averaged=averaged)
        mean, low, high, clipped = interval.estimate, interval.low, interval.high, interval.clipped
        sd = statistics.stdev(values) if len(values) > 1 else None
        if averaged:
            counts = [None] * 5
            agreement = consensus = polarised = None
        else:
            counts = list(measures.frequencies(values))
            agreement = measures.agreement(counts)
            consensus = measures.consensus(counts, width=measures.SCALE_MAX - measures.SCALE_MIN)
            polarised = measures.is_polarised(counts, below=polarised_below)
        low_flag = measures.is_low(mean, below=low_mean_below)
        dig = bool(low_flag) or bool(polarised)
        rows.append([*key, *counts, mean, sd, low, high, clipped, agreement, consensus, low_flag, polarised, dig])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("count_1", "count_2", "count_3", "count_4", "count_5"):
        frame[column] = frame[column].astype("Int64")
    for column in ("ci_mean", "sd", "ci_low", "ci_high", "agreement", "consensus"):
        frame[column] = frame[column].astype("Float64")
    for column in ("ci_clipped", "is_low", "is_polarised", "dig_deeper"):
        frame[column] = frame[column].astype("boolean")
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    return frame


def model(dbt, session):
    dbt.config(materialized="table")
    scores = dbt.ref("int_item_scores").df()
    return measure(
        scores,
        low_mean_below=float(dbt.config.get("low_mean_below")),
        polarised_below=float(dbt.config.get("polarised_below")),
    )

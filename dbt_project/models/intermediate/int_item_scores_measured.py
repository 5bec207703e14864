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

The logic is measures.item_measures.measure, over the whole frame.
"""

from measures.item_measures import measure


def model(dbt, session):
    dbt.config(materialized="table")
    scores = dbt.ref("int_item_scores").df()
    return measure(
        scores,
        low_mean_below=float(dbt.config.get("low_mean_below")),
        polarised_below=float(dbt.config.get("polarised_below")),
    )

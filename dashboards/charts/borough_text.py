"""The words a chart shows for one borough's figure: the value inside a tile or cell and the hover.

One place, so the tile map, the ranking and the heat map word a mean, a withheld figure and a
missing return the same way, and say the same as the tables beside them (dashboards.wording).
Frames carry the columns of dashboards.queries.overview (has_return, is_suppressed,
is_small_group, mean_score, n_scores, and where there are, the interval, label and rank).
"""

from __future__ import annotations

import pandas as pd

from dashboards.wording import NO_DATA, SMALL_GROUP, WITHHELD, interval, number

WITHHELD_SHORT = "withheld"  # inside a tile or cell, where the full wording does not fit


def value_text(frame: pd.DataFrame) -> list[str]:
    """ "2.34", "withheld" or "no return" for each row."""
    return [
        NO_DATA if not row.has_return else WITHHELD_SHORT if row.is_suppressed else number(row.mean_score)
        for row in frame.itertuples()
    ]


def hover_text(frame: pd.DataFrame, comparator: str = "London") -> list[str]:
    """Name, mean with n, interval, the label against `comparator` and the rank, for each row."""
    return [_hover(row, comparator) for row in frame.itertuples()]


def _hover(row, comparator: str) -> str:
    lines = [f"<b>{row.area_name}</b>"]
    if not row.has_return:
        return "<br>".join([*lines, f"{NO_DATA} this year"])
    if row.is_suppressed:
        return "<br>".join([*lines, WITHHELD, f"n {int(row.n_scores)}"])
    lines.append(f"Mean {number(row.mean_score)} (n {int(row.n_scores)})")
    if hasattr(row, "mean_ci_low"):
        lines.append(f"95 % interval {interval(row.mean_ci_low, row.mean_ci_high)}")
    if hasattr(row, "benchmark_label") and isinstance(row.benchmark_label, str):
        lines.append(f"Compared with {comparator}: {row.benchmark_label}")
    if hasattr(row, "rank") and not pd.isna(row.rank):
        lines.append(f"Rank {int(row.rank)} of {int(row.n_ranked)} in {comparator}")
    if row.is_small_group:
        lines.append(SMALL_GROUP)
    return "<br>".join(lines)

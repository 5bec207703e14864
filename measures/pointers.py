"""Where to look next: for each enabler an area should dig deeper into, the case-study boxes that
cover it — the logic of marts.case_study_pointers (its docstring gives the rule), as one filter and
two joins over the whole frame."""

from __future__ import annotations

import numpy as np
import pandas as pd

COLUMNS = ["area_code", "assessment_year", "enabler_id", "reason", "box", "title", "boroughs", "is_synthetic"]


def _flag(values: pd.Series) -> pd.Series:
    """A nullable flag as plain booleans: missing is not flagged."""
    return values.astype("boolean").fillna(False).astype(bool)


def pointers(maturity: pd.DataFrame, boxes: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """`maturity`: enabler_maturity's rows; `boxes`: box, title, boroughs; `links`: box, enabler_id.
    One row per flagged, published enabler and box covering it, with the reason it is flagged."""
    low, polarised = _flag(maturity["is_low"]), _flag(maturity["is_polarised"])
    dig = _flag(maturity["dig_deeper"]) & ~maturity["is_suppressed"].astype(bool)
    reason = np.select([low & polarised, low, polarised], ["low and polarised", "low", "polarised"], "")
    flagged = maturity.assign(reason=reason)[dig]
    found = flagged.merge(links, on="enabler_id").merge(boxes[["box", "title", "boroughs"]], on="box")
    found = found[COLUMNS].sort_values(["area_code", "assessment_year", "enabler_id", "box"]).reset_index(drop=True)
    found["assessment_year"] = found["assessment_year"].astype("int64")
    found["is_synthetic"] = found["is_synthetic"].astype("bool")
    return found

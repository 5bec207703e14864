"""Where to look next: for each enabler an area should dig deeper into, the tool's case-study boxes
(A–L) that cover it.

Grain: area_code × assessment_year × enabler_id × box. An enabler is flagged when its published
mean is low (measures.is_low: below 2.5) or the group is polarised (measures.is_polarised: van der
Eijk's A below 0): enabler_maturity's `dig_deeper`, whose two parts `is_low` / `is_polarised`
give the reason. Withheld figures are never flagged. Which box covers which enabler is
framework.case_study_enablers (a judgement recorded in framework/data/case_studies.yaml).
"""

import pandas as pd

COLUMNS = ["area_code", "assessment_year", "enabler_id", "reason", "box", "title", "boroughs", "is_synthetic"]


def _flag(value: object) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def pointers(maturity: pd.DataFrame, boxes: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    flagged = maturity.copy()
    flagged["low"] = flagged["is_low"].map(_flag)
    flagged["polarised"] = flagged["is_polarised"].map(_flag)
    dig = flagged["dig_deeper"].map(_flag) & ~flagged["is_suppressed"].astype(bool)
    flagged = flagged[dig]
    flagged = flagged.assign(
        reason=[
            " and ".join(r for r, on in (("low", low), ("polarised", pol)) if on)
            for low, pol in zip(flagged["low"], flagged["polarised"])
        ]
    )
    found = flagged.merge(links, on="enabler_id").merge(boxes[["box", "title", "boroughs"]], on="box")
    found = found[COLUMNS].sort_values(["area_code", "assessment_year", "enabler_id", "box"]).reset_index(drop=True)
    found["assessment_year"] = found["assessment_year"].astype("int64")
    found["is_synthetic"] = found["is_synthetic"].astype("bool")
    return found


def model(dbt, session):
    dbt.config(materialized="table")
    return pointers(
        dbt.ref("enabler_maturity").df(),
        boxes=dbt.source("framework", "case_studies").df(),
        links=dbt.source("framework", "case_study_enablers").df(),
    )

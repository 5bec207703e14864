"""Where to look next: for each enabler an area should dig deeper into, the tool's case-study boxes
(A–L) that cover it.

Grain: area_code × assessment_year × enabler_id × box. An enabler is flagged when its published
mean is low (measures.is_low: below 2.5) or the group is polarised (measures.is_polarised: van der
Eijk's A below 0): enabler_maturity's `dig_deeper`, whose two parts `is_low` / `is_polarised`
give the reason. Withheld figures are never flagged. Which box covers which enabler is
framework.case_study_enablers (a judgement recorded in framework/data/case_studies.yaml). The logic is
measures.pointers.pointers.
"""

from measures.pointers import pointers


def model(dbt, session):
    dbt.config(materialized="table")
    return pointers(
        dbt.ref("enabler_maturity").df(),
        boxes=dbt.source("framework", "case_studies").df(),
        links=dbt.source("framework", "case_study_enablers").df(),
    )

"""Change over time per area and enabler, theme and overall: each pair of the area's consecutive
assessments compared as two independent groups of people. The logic is `measures.change`
(maturity_changes), one implementation tested on its own; this model only hands it the tables."""

from measures.change import maturity_changes


def model(dbt, session):
    dbt.config(materialized="table")
    min_n = int(dbt.config.get("min_publishable_n"))
    people = dbt.ref("int_participant_scores_aggregated").df()
    areas = dbt.ref("stg_framework__areas").df()
    return maturity_changes(people, dict(zip(areas["area_code"], areas["area_name"])), min_n)

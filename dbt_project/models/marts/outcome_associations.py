"""How each outcome moves with maturity across boroughs and within each borough over time, with its
uncertainty: the `evaluation` package's one implementation of each model, run as part of the
build so its results pass the same tests and gate as every other mart. Associations only: the
caveat on every row says why none of them is an effect."""

from evaluation import outcome_associations

MIN_AREAS = 10  # fewer boroughs than this: not estimated
# maturity_outcomes' grain: the models sum floats in row order, so rows go in sorted by it (DuckDB
# hands them over in any order) and the same data give the same estimates to the last bit.
GRAIN = ["source", "indicator_id", "level", "item_id", "lag", "area_code", "assessment_year"]


def model(dbt, session):
    dbt.config(materialized="table")
    maturity_outcomes = dbt.ref("maturity_outcomes").df().sort_values(GRAIN, ignore_index=True)
    return outcome_associations(maturity_outcomes, min_areas=MIN_AREAS)

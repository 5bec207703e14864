"""Each promise about a published mart is checked in exactly one place.

Three places can check a mart: an enforced dbt model contract (column types and not-null, SQL models
only: dbt has no contracts for Python models), a dbt data test, and the Great Expectations gate
(pipelines/expectations.py). A rule checked twice costs build time for nothing; a rule dropped from
one place while assuming the other still holds it is lost. These tests read the dbt YAML and the
gate's suites as they stand, so folding or moving a check keeps exactly one home for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.checks import PUBLISHED_MARTS
from pipelines.expectations import MIN_PUBLISHABLE_N, mart_suites

MARTS = Path(__file__).resolve().parents[1] / "dbt_project" / "models" / "marts"
# dbt relationship targets and the framework lists the gate checks the same column against.
REFERENCES = {
    "ref('stg_framework__areas')": lambda fw: {a.code for a in fw.areas},
    "ref('stg_framework__enablers')": lambda fw: {e.id for e in fw.enablers},
    "ref('stg_framework__indicators')": lambda fw: {i.id for i in fw.indicators},
    "source('framework', 'case_studies')": lambda fw: {c.box for c in fw.case_studies},
}
# Model-level dbt expressions and the gate expectations that together state the same rule: each
# (type, kwargs the expectation must carry). A null on either side passes in both (SQL and GE alike).
_MIN = "{{ var('min_publishable_n') }}"
_WITHHELD = ("count_1", "mean_ci_low", "agreement", "consensus", "is_low", "dig_deeper")
_GROUP_WITHHELD = ("n_group", "n_others", "group_mean", "others_mean", "gap")


def _pair(a: str, b: str) -> tuple[str, dict]:
    return "ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": a, "column_B": b, "or_equal": True}


def _null_when(column: str, condition: str) -> tuple[str, dict]:
    return "ExpectColumnValuesToBeNull", {"column": column, "row_condition": condition}


EXPRESSIONS = {
    "mean_score between min_score and max_score": [_pair("mean_score", "min_score"), _pair("max_score", "mean_score")],
    "mean_score between mean_ci_low and mean_ci_high": [_pair("mean_score", "mean_ci_low"),
                                                        _pair("mean_ci_high", "mean_score")],
    "estimate is null or estimate between ci_low and ci_high": [_pair("estimate", "ci_low"), _pair("ci_high", "estimate")],
    "lower_ci is null or upper_ci is null or lower_ci <= upper_ci": [_pair("upper_ci", "lower_ci")],
    "count_1 + count_2 + count_3 + count_4 + count_5 = n_scores": [("ExpectColumnValuesToBeNull", {
        "column": "n_scores",
        "row_condition": "count_1.notna() and count_1 + count_2 + count_3 + count_4 + count_5 != n_scores"})],
    "n_scores >= 3 or (" + " and ".join(f"{c} is null" for c in _WITHHELD) + ")": [
        _null_when(c, f"n_scores < {MIN_PUBLISHABLE_N}") for c in _WITHHELD],
    "value is not null or missing_reason is not null": [
        ("ExpectColumnValuesToNotBeNull", {"column": "missing_reason", "row_condition": "value.isnull()"})],
    "permutation_p > 0 and permutation_p <= 1": [("ExpectColumnValuesToBeBetween", {
        "column": "permutation_p", "min_value": 0, "max_value": 1, "strict_min": True})],
    f"is_suppressed or (n_group >= {_MIN} and n_others >= {_MIN})": [
        ("ExpectColumnValuesToBeBetween", {"column": c, "min_value": MIN_PUBLISHABLE_N}) for c in ("n_group", "n_others")],
    "not is_suppressed or (" + " and ".join(f"{c} is null" for c in _GROUP_WITHHELD) + ")": [
        _null_when(c, "is_suppressed") for c in _GROUP_WITHHELD],
    f"enabler_mean_score is null or enabler_n_scores >= {_MIN}": [
        _null_when("enabler_mean_score", f"enabler_n_scores < {MIN_PUBLISHABLE_N}")],
    f"maturity_mean is null or maturity_n_scores >= {_MIN}": [
        _null_when("maturity_mean", f"maturity_n_scores < {MIN_PUBLISHABLE_N}")],
}


def mart_spec(name: str) -> dict:
    return yaml.safe_load((MARTS / f"{name}.yml").read_text())["models"][0]


def _name_and_arguments(test) -> tuple[str, dict]:
    if isinstance(test, str):
        return test, {}
    ((name, body),) = test.items()
    return name, (body or {}).get("arguments", {})


def _gate(suite: list) -> list[tuple[str, dict]]:
    """The gate's expectations as (type, kwargs); conditional ones (row_condition) state other rules."""
    expectations = []
    for e in suite:
        kwargs = dict(e.configuration.kwargs)
        condition = kwargs.get("row_condition")
        if isinstance(condition, dict):  # GE stores a pandas condition as a pass-through filter
            kwargs["row_condition"] = condition.get("pass_through_filter")
        expectations.append((type(e).__name__, kwargs))
    return expectations


def _bound_implied(gate, dbt, stricter) -> bool:
    return dbt is None or (gate is not None and stricter(gate, dbt) == gate)


def gate_implies(test, column: str | None, suite: list, fw) -> bool:
    """True when the gate checks, unconditionally and at least as strictly, what this dbt test checks."""
    name, args = _name_and_arguments(test)
    plain = [(t, k) for t, k in _gate(suite) if not k.get("row_condition")]
    on_column = [(t, k) for t, k in plain if k.get("column") == column]
    if name == "not_null":
        return any(t == "ExpectColumnValuesToNotBeNull" for t, _ in on_column)
    if name == "accepted_range":
        return any(
            t == "ExpectColumnValuesToBeBetween"
            and _bound_implied(k.get("min_value"), args.get("min_value"), max)
            and _bound_implied(k.get("max_value"), args.get("max_value"), min)
            for t, k in on_column
        )
    if name == "accepted_values":
        return any(t == "ExpectColumnValuesToBeInSet" and set(k["value_set"]) <= set(args["values"]) for t, k in on_column)
    if name == "relationships" and args.get("to") in REFERENCES:
        allowed = REFERENCES[args["to"]](fw)
        return any(t == "ExpectColumnValuesToBeInSet" and set(k["value_set"]) <= allowed for t, k in on_column)
    if name == "unique_combination_of_columns":
        return any(
            t == "ExpectCompoundColumnsToBeUnique" and set(k["column_list"]) == set(args["combination_of_columns"])
            for t, k in plain
        )
    if name == "expression_is_true" and args.get("expression") in EXPRESSIONS:
        gate = _gate(suite)
        return all(
            any(t == wanted and all(k.get(key) == value for key, value in carries.items())
                and (k.get("row_condition") or None) == carries.get("row_condition") for t, k in gate)
            for wanted, carries in EXPRESSIONS[args["expression"]]
        )
    return False


def not_null_homes(name: str, suite: list) -> dict[str, list[str]]:
    """Every column declared not-null anywhere, with each place that checks it."""
    spec = mart_spec(name)
    enforced = (spec.get("config") or {}).get("contract", {}).get("enforced", False)
    homes: dict[str, list[str]] = {}
    for column in spec.get("columns", []):
        if enforced and {"type": "not_null"} in (column.get("constraints") or []):
            homes.setdefault(column["name"], []).append("contract")
        if "not_null" in (column.get("data_tests") or []):
            homes.setdefault(column["name"], []).append("dbt test")
    for t, k in _gate(suite):
        if t == "ExpectColumnValuesToNotBeNull" and not k.get("row_condition"):
            homes.setdefault(k["column"], []).append("gate")
    return homes


@pytest.fixture(scope="module")
def suites(framework):
    return mart_suites(framework)


@pytest.mark.parametrize("name", PUBLISHED_MARTS)
def test_every_not_null_column_of_a_mart_is_checked_exactly_once(name, suites):
    homes = not_null_homes(name, suites[name])
    assert homes, f"{name}: no column is checked for nulls anywhere"
    assert {column: where for column, where in homes.items() if len(where) != 1} == {}


@pytest.mark.parametrize("name", PUBLISHED_MARTS)
def test_no_dbt_test_on_a_mart_repeats_what_the_gate_checks(name, suites, framework):
    spec = mart_spec(name)
    tests = [(None, t) for t in spec.get("data_tests") or []]
    tests += [(c["name"], t) for c in spec.get("columns", []) for t in c.get("data_tests") or []]
    assert [(column, t) for column, t in tests if gate_implies(t, column, suites[name], framework)] == []


@pytest.mark.parametrize("name", PUBLISHED_MARTS)
def test_contracts_are_enforced_only_where_dbt_can_enforce_them(name):
    """A contract on a Python model would be ignored by dbt; its guarantees must live in a test or the gate."""
    spec = mart_spec(name)
    if (spec.get("config") or {}).get("contract", {}).get("enforced"):
        assert (MARTS / f"{name}.sql").is_file()
        assert all(column.get("data_type") for column in spec["columns"])


def test_a_repeated_rule_or_not_null_is_recognised(suites, framework):
    """The checks above can fail: the rules the gate holds for enabler_maturity, restated in dbt, are seen."""
    suite = suites["enabler_maturity"]
    repeated = [
        ("mean_score", {"accepted_range": {"arguments": {"min_value": 1, "max_value": 5}}}),
        ("mean_score", {"accepted_range": {"arguments": {"min_value": 0}}}),
        ("area_code", {"relationships": {"arguments": {"to": "ref('stg_framework__areas')", "field": "area_code"}}}),
        ("assessment_year", "not_null"),
        (None, {"unique_combination_of_columns": {"arguments": {"combination_of_columns": [
            "enabler_id", "assessment_year", "area_code"]}}}),
        (None, {"expression_is_true": {"arguments": {"expression": "mean_score between min_score and max_score"}}}),
    ]
    assert all(gate_implies(test, column, suite, framework) for column, test in repeated)
    # stricter in dbt than in the gate, or on another column: not a repeat
    assert not gate_implies({"accepted_range": {"arguments": {"min_value": 2}}}, "mean_score", suite, framework)
    assert not gate_implies("not_null", "mean_score", suite, framework)
    assert "contract" in not_null_homes("enabler_maturity", suite)["area_code"]

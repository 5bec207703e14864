"""The framework as flat tables, the shape in which the warehouse and dbt see it.

The pipeline writes these into the DuckDB schema `framework` and dbt reads them as sources, so
table and column names here are a contract with the dbt project. Lists are joined with " | " so
each table stays one row per entity; case-study enablers get their own link table because dbt
joins on them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from framework.model import Framework

LIST_SEPARATOR = " | "
# The tables framework_tables returns: Dagster declares one asset per table before any is built.
FRAMEWORK_TABLES = (
    "themes", "enablers", "indicators", "scale", "challenges", "challenge_statuses", "integration_models",
    "case_studies", "case_study_enablers", "areas", "area_icbs",
    "data_sharing_questions", "data_sharing_choices", "tiles",
)


def framework_tables(fw: Framework) -> dict[str, pd.DataFrame]:
    """One DataFrame per table of the `framework` schema, keyed by table name."""
    joined = LIST_SEPARATOR.join
    sections = {s.id: s.name for s in fw.data_sharing_sections}
    return {
        "themes": _frame(
            ["theme_id", "theme_order", "theme_name"],
            [(t.id, t.order, t.name) for t in fw.themes],
            integers=["theme_order"],
        ),
        "enablers": _frame(
            ["enabler_id", "enabler_order", "theme_id", "enabler_name", "statement", "aliases"],
            [(e.id, e.order, e.theme_id, e.name, e.statement, joined(e.aliases)) for e in fw.enablers],
            integers=["enabler_order"],
        ),
        "indicators": _frame(
            ["indicator_id", "enabler_id", "indicator_order", "indicator_text"],
            [(i.id, i.enabler_id, i.order, i.text) for i in fw.indicators],
            integers=["indicator_order"],
        ),
        "scale": _frame(
            ["score", "label", "descriptor"],
            [(p.score, p.label, p.descriptor) for p in fw.scale],
            integers=["score"],
        ),
        "challenges": _frame(
            ["challenge_id", "challenge_order", "challenge_name", "description", "examples"],
            [(c.id, c.order, c.name, c.description, joined(c.examples)) for c in fw.challenges],
            integers=["challenge_order"],
        ),
        "challenge_statuses": _frame(
            ["status_id", "status_order", "status_label"],
            [(c.id, c.order, c.label) for c in fw.challenge_statuses],
            integers=["status_order"],
        ),
        "integration_models": _frame(
            ["model_id", "model_order", "model_name", "description"],
            [(m.id, m.order, m.name, m.description) for m in fw.integration_models],
            integers=["model_order"],
        ),
        "case_studies": _frame(
            ["box", "title", "issues", "boroughs"],
            [(c.box, c.title, joined(c.issues), joined(c.boroughs)) for c in fw.case_studies],
        ),
        "case_study_enablers": _frame(
            ["box", "enabler_id"],
            [(c.box, e) for c in fw.case_studies for e in c.enabler_ids],
        ),
        "areas": _frame(
            ["area_code", "area_name", "dfe_code", "region_code", "region_name", "inner_outer", "first_year",
             "last_year"],
            [(a.code, a.name, a.dfe_code, a.region_code, a.region_name, a.inner_outer, a.first_year, a.last_year)
             for a in fw.areas],
            integers=["first_year", "last_year"],
        ),
        "area_icbs": _frame(
            ["area_code", "icb_code", "icb_name", "valid_from", "valid_to"],
            [(m.area_code, m.icb_code, m.icb_name, m.valid_from, m.valid_to) for m in fw.icb_memberships],
        ),
        "data_sharing_questions": _frame(
            ["question_id", "question_order", "section", "question_text", "source", "linked_enabler_id",
             "linked_indicator_id", "note", "section_name", "evidence_prompt"],
            [(q.id, q.order, q.section, q.text, q.source, q.linked_enabler_id, q.linked_indicator_id, q.note,
              sections[q.section], q.evidence_prompt) for q in fw.data_sharing_questions],
            integers=["question_order"],
        ),
        "data_sharing_choices": _frame(
            ["answer", "answer_order", "answer_score", "meaning"],
            [(c.answer, c.order, c.score, c.meaning) for c in fw.data_sharing_choices],
            integers=["answer_order"],
        ),
        "tiles": _frame(
            ["area_code", "short_name", "tile_row", "tile_col"],
            [(t.area_code, t.short_name, t.row, t.col) for t in fw.tiles],
            integers=["tile_row", "tile_col"],
        ),
    }


def _frame(columns: list[str], rows: list[tuple], integers: Sequence[str] = ()) -> pd.DataFrame:
    """Integer columns are cast explicitly so they never arrive in DuckDB as DOUBLE (nullable where a
    value may be missing: an area's first and last years)."""
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: "Int64" if frame[c].isna().any() else "int64" for c in integers})

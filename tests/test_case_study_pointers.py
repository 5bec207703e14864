"""Where to look next (marts.case_study_pointers): every dig-deeper enabler, and only those, points
to the case-study boxes of the tool that cover it."""

from __future__ import annotations

import duckdb
import pandas as pd


def test_pointers_are_the_boxes_covering_each_dig_deeper_enabler(published_home, framework):
    with duckdb.connect(str(published_home.snapshot), read_only=True) as con:
        pointers = con.table("marts.case_study_pointers").df()
        maturity = con.table("marts.enabler_maturity").df()
    covering = {e.id: {c.box for c in framework.case_studies if e.id in c.enabler_ids} for e in framework.enablers}
    titles = {c.box: c.title for c in framework.case_studies}
    expected = set()
    for row in maturity[maturity["dig_deeper"].fillna(False).astype(bool)].itertuples():
        assert not row.is_suppressed
        reason = " and ".join(r for r, on in (("low", row.is_low), ("polarised", row.is_polarised)) if on is not None and not pd.isna(on) and bool(on))
        expected |= {(row.area_code, row.assessment_year, row.enabler_id, reason, box, titles[box])
                     for box in covering[row.enabler_id]}
    found = set(pointers[["area_code", "assessment_year", "enabler_id", "reason", "box", "title"]]
                .itertuples(index=False, name=None))
    assert found == expected
    assert len(found) > 0  # the synthetic subset has low enablers

"""The whole demo through the real pipeline: the evaluation models find the association the demo
was designed with, and report none where none was designed. (About 100 s: one full `maturity demo`.)"""

from __future__ import annotations

import duckdb
import pytest

from pipelines.expectations import CAUSAL_WORDS
from synthetic.outcomes import synthetic_outcomes
from synthetic.received_examples import BROKEN_NAME, BROKEN_SCORE, CORRECTED_SUFFIX

PANEL = "within_area_panel"


@pytest.fixture(scope="module")
def associations(demo_home):
    with duckdb.connect(str(demo_home.snapshot), read_only=True) as con:
        return con.execute("select * from marts.outcome_associations").df()


def test_every_demo_file_is_accepted_but_the_two_deliberate_examples(demo_home):
    """The demo's own files are all accepted; its two examples for the Data received page are a
    late correction (superseded) and a deliberately broken copy (refused with its reason)."""
    with duckdb.connect(str(demo_home.warehouse), read_only=True) as con:
        statuses = dict(con.execute("select status, count(*) from audit.file_events group by status").fetchall())
        examples = dict(con.execute(
            "select file_name, status from audit.file_events where status <> 'accepted'").fetchall())
        reasons = con.execute("select location, reason from audit.rejections where file_name = ?", [BROKEN_NAME]).fetchall()
        outcome_files = con.execute("select count(*) from raw.outcome_files").fetchone()[0]
        returns = con.execute("select count(*) from raw.data_sharing_returns").fetchone()[0]
    assert set(statuses) == {"accepted", "superseded", "refused"}
    assert statuses["superseded"] == statuses["refused"] == 1
    assert examples[BROKEN_NAME] == "refused"
    assert [name for name, status in examples.items() if status == "superseded"][0].endswith(f"{CORRECTED_SUFFIX}.xlsx")
    assert reasons == [("'Enabler scores'!E9", f"score {BROKEN_SCORE} is outside 1–5")]
    assert outcome_files >= 3
    assert returns == 33 * 4


def test_the_designed_associations_are_found_with_their_sign_and_rough_size(framework, associations):
    _, _, designed = synthetic_outcomes(framework)
    for design in (d for d in designed if d.per_point != 0):
        row = associations[(associations["indicator_id"] == design.indicator_id)
                           & (associations["source"] == design.source) & (associations["method"] == PANEL)
                           & (associations["level"] == "overall") & (associations["lag"] == design.lag)].iloc[0]
        expected = "positive association" if design.per_point > 0 else "negative association"
        assert row["association"] == expected
        # The exposure is the measured mean of ~8 people, so the estimate is attenuated towards 0
        # (docs/outcomes.md, "Associations"); it stays within a factor of 2 of the design.
        assert 0.5 * abs(design.per_point) <= abs(row["estimate"]) <= 2 * abs(design.per_point)


def test_no_association_is_reported_where_none_was_designed(framework, associations):
    _, _, designed = synthetic_outcomes(framework)
    for design in (d for d in designed if d.per_point == 0):
        rows = associations[(associations["indicator_id"] == design.indicator_id)
                            & (associations["source"] == design.source) & (associations["method"] == PANEL)
                            & (associations["level"] == "overall")]
        assert len(rows) == 3
        assert set(rows["association"]) == {"no clear association"}


def test_associations_are_estimated_over_all_boroughs_and_never_worded_as_effects(associations):
    estimated = associations[associations["association"] != "not estimated"]
    assert len(estimated) > 0
    assert estimated["n_areas"].max() == 33
    for column in ("caveat", "estimate_meaning", "association", "favourable_direction"):
        assert not associations[column].str.contains(CAUSAL_WORDS, regex=True).any(), column

"""The borough page's figures and tables, built without a browser.

Chart inputs are small frames written here, so each property (a withheld spoke is a hatched gap,
scores 1–2 lean left, a withheld split has no dot) is checked against numbers the test chose; the
tables are checked on the published subset's small group, whose withheld cells the marts hold."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboards import palette
from dashboards.charts import distribution, gaps, radar
from dashboards.queries.borough import borough_report
from dashboards.snapshot import open_snapshot
from dashboards.views import borough as page
from dashboards.wording import WITHHELD
from tests.support.submissions import SMALL_GROUP_AREA, SUBSET_YEARS
from warehouse.home import Home

NAMES = ["Alpha enabler", "Beta enabler", "Gamma enabler", "Delta enabler"]


def _traces(figure: go.Figure, kind: str) -> list:
    return [t for t in figure.data if t.type == kind]


def test_radar_draws_the_area_over_every_reference_and_leaves_withheld_spokes_as_hatched_gaps() -> None:
    area = radar.Series("Here 2024", [2.0, 3.0, None, 4.0], palette.AREA, withheld=[False, False, True, False],
                        notes=["n 5", "n 4", "n 2", "n 6"])
    london = radar.Series("London mean 2024", [2.5, 2.6, 2.7, 2.8], palette.LONDON, "dash")
    group = radar.Series("Inner London mean 2024", [2.1, 2.2, 2.3, 2.4], palette.COMPARATOR, "dot")
    figure = radar.radar(NAMES, area, [london, group])

    lines = {t.name: t for t in _traces(figure, "scatterpolar")}
    assert set(lines) == {"Here 2024", "London mean 2024", "Inner London mean 2024"}
    assert list(lines["Here 2024"].r) == [2.0, 3.0, None, 4.0, 2.0]  # closed ring, gap at the withheld spoke
    assert list(lines["London mean 2024"].r) == [2.5, 2.6, 2.7, 2.8, 2.5]
    assert figure.data[-1].name == "Here 2024", "the area is drawn last, on top"
    assert WITHHELD in lines["Here 2024"].text[2]
    assert "n 5" in lines["Here 2024"].text[0]

    [hatch] = _traces(figure, "barpolar")
    assert list(hatch.theta) == [radar.spoke_label(NAMES[2])]
    assert hatch.base == radar.SCALE[0] and list(hatch.r) == [radar.SCALE[1] - radar.SCALE[0]]
    assert WITHHELD in hatch.hovertemplate and hatch.marker.pattern.shape
    assert list(figure.layout.polar.angularaxis.categoryarray) == [radar.spoke_label(n) for n in NAMES]


def test_radar_without_withheld_spokes_has_no_hatching() -> None:
    area = radar.Series("Here", [2.0, 3.0, 3.5, 4.0], palette.AREA)
    assert not _traces(radar.radar(NAMES, area), "barpolar")


def _distribution_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "count_1": [1, None, 0, None], "count_2": [2, None, 0, None], "count_3": [3, None, 4, None],
            "count_4": [4, None, 0, None], "count_5": [5, None, 4, None],
            "agreement": [0.2, None, -0.5, None], "consensus": [0.4, None, 0.1, None],
            "n_scores": [15, 2, 8, 4], "is_low": [False, None, False, True], "is_polarised": [False, None, True, None],
            "is_suppressed": [False, True, False, False],
        }
    )


def _row_sum(figure: go.Figure, label: str, sign: int) -> float:
    return sum(x for t in _traces(figure, "bar") for y, x in zip(t.y, t.x) if y == label and x * sign > 0)


def test_diverging_bars_put_1_and_2_left_4_and_5_right_and_split_the_3s() -> None:
    frame = _distribution_frame()
    figure = distribution.diverging_distribution(frame, pd.Series(NAMES), {s: f"word {s}" for s in range(1, 6)})
    assert figure.layout.barmode == "relative"
    assert _row_sum(figure, NAMES[0], -1) == pytest.approx(-(1 + 2 + 3 / 2))
    assert _row_sum(figure, NAMES[0], +1) == pytest.approx(4 + 5 + 3 / 2)
    colours = {t.name: t.marker.color for t in _traces(figure, "bar")}
    assert colours == {f"{s} word {s}": palette.SCORE_COLOURS[s] for s in range(1, 6)}
    assert sorted(t.name for t in _traces(figure, "bar") if t.showlegend is not False) == [
        f"{s} word {s}" for s in range(1, 6)]
    # The hover gives the whole count of 3s even though half is drawn on each side.
    threes = [t for t in _traces(figure, "bar") if t.name.startswith("3 ")]
    assert {int(c[0]) for t in threes for y, c in zip(t.y, t.customdata) if y == NAMES[0]} == {3}
    assert all("agreement 0.20" in c[1] for t in threes for y, c in zip(t.y, t.customdata) if y == NAMES[0])


def test_rows_without_counts_get_words_not_bars_and_flags_are_marked() -> None:
    figure = distribution.diverging_distribution(_distribution_frame(), pd.Series(NAMES))
    drawn = {y for t in _traces(figure, "bar") for y in t.y}
    assert drawn == {NAMES[0], NAMES[2]}
    notes = {a.y: a.text for a in figure.layout.annotations}
    assert notes[NAMES[1]] == WITHHELD
    assert notes[NAMES[3]] == distribution.NO_COUNTS  # scored only through indicators
    assert distribution.POLARISED in notes[NAMES[2]]
    assert NAMES[0] not in notes
    assert list(figure.layout.yaxis.categoryarray) == NAMES  # every row keeps its line


def _gap_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "enabler_id": ["E01", "E01", "E02", "E02"],
            "group_label": ["Health", "Local authority", "Health", "Local authority"],
            "compared_with": ["Everyone else"] * 4,
            "n_group": pd.array([3, 4, None, None], dtype="Int64"),
            "n_others": pd.array([4, 3, None, None], dtype="Int64"),
            "group_mean": [3.0, 2.0, None, None], "others_mean": [2.0, 3.0, None, None],
            "gap": [1.0, -1.0, None, None], "gap_ci_low": [0.2, -1.5, None, None], "gap_ci_high": [1.8, -0.1, None, None],
            "is_suppressed": [False, False, True, True],
        }
    )


def test_gaps_are_dots_with_their_intervals_and_withheld_splits_have_no_dot() -> None:
    enablers = pd.DataFrame({"enabler_id": ["E01", "E02", "E03"], "label": ["E01 a", "E02 b", "E03 c"]})
    figure = gaps.gap_dots(_gap_frame(), enablers)
    dots = _traces(figure, "scatter")
    assert {t.name for t in dots} == {"Health vs everyone else", "Local authority vs everyone else"}
    assert {y for t in dots for y in t.y} == {"E01 a"}, "a withheld split is never a dot"
    health = next(t for t in dots if t.name.startswith("Health"))
    assert list(health.x) == [1.0]
    assert list(health.error_x.array) == pytest.approx([0.8]) and list(health.error_x.arrayminus) == pytest.approx([0.8])
    notes = {a.y: a.text for a in figure.layout.annotations}
    assert notes == {"E02 b": WITHHELD, "E03 c": gaps.NO_COMPARISON}
    low, high = figure.layout.xaxis.range
    assert low < -1.5 and high > 1.8 and low == -high, "the zero line sits in the middle"


@pytest.fixture(scope="module")
def small_group_report(published_home: Home):
    return borough_report(open_snapshot(published_home.snapshot), SMALL_GROUP_AREA, SUBSET_YEARS[-1], "inner_outer")


def _withheld_enablers(home: Home) -> list[str]:
    with duckdb.connect(str(home.snapshot), read_only=True) as con:
        rows = con.execute(
            "SELECT enabler_id || ' ' || enabler_name FROM marts.enabler_maturity "
            "WHERE area_code = ? AND assessment_year = ? AND is_suppressed ORDER BY enabler_order",
            [SMALL_GROUP_AREA, SUBSET_YEARS[-1]],
        ).fetchall()
    assert rows, "the small group should have withheld enablers"
    return [r[0] for r in rows]


def test_the_page_tables_say_withheld_where_the_mart_withholds(small_group_report, published_home: Home) -> None:
    withheld = _withheld_enablers(published_home)
    means = page.enabler_table(small_group_report).set_index("Enabler")
    assert (means.loc[withheld, "Mean"] == WITHHELD).all()
    assert (means.loc[withheld, "95 % interval"] == WITHHELD).all()
    assert (means.drop(index=withheld)["Mean"] != WITHHELD).all()
    counts = page.distribution_table(small_group_report).set_index("Enabler")
    assert (counts.loc[withheld, [f"Scored {s}" for s in range(1, 6)]] == WITHHELD).all().all()
    assert (counts.loc[withheld, "Flags"] == WITHHELD).all()
    for table in (means, counts):
        assert not table.isna().any().any() and not (table == "").loc[withheld].any().any()


def test_the_page_radar_hatches_the_withheld_enablers(small_group_report, published_home: Home) -> None:
    withheld = _withheld_enablers(published_home)
    figure = page.enabler_radar(small_group_report)
    names = {t.name for t in _traces(figure, "scatterpolar")}
    comparator = small_group_report.comparator.comparator_name
    assert names == {f"{small_group_report.area_name} {SUBSET_YEARS[-1]}", f"London mean {SUBSET_YEARS[-1]}",
                     f"{comparator} mean {SUBSET_YEARS[-1]}"}
    [hatch] = _traces(figure, "barpolar")
    assert [t.replace("<br>", " ") for t in hatch.theta] == [w.split(" ", 1)[1] for w in withheld]

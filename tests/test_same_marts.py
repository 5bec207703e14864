"""Same data, same marts: a second build of the same warehouse publishes every table identical, row for
row and value for value to the last bit (tests/support/table_hashes.py), and the fingerprint used to
say so does see a difference in the last bit of one value. The benchmark mart, the one that ranks,
gives the same table whatever order its rows arrive in."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from framework.tables import framework_tables
from pipelines.cli import main
from tests.support.table_hashes import differing, table_hashes
from warehouse.home import Home


def test_a_rebuild_of_the_same_warehouse_publishes_identical_tables(built_home, tmp_path):
    copy = Home(tmp_path / "data")
    shutil.copytree(built_home.root, copy.root)
    assert main(["build", "--full", "--home", str(copy.root)]) == 0  # every model rebuilt, not kept
    before, after = table_hashes(built_home.snapshot), table_hashes(copy.snapshot)
    assert differing(before, after) == []
    assert {"marts.benchmark", "marts.enabler_maturity", "marts.regional_enabler_maturity",
            "marts.maturity_outcomes", "marts.outcome_associations"} <= before.keys()
    assert before["marts.benchmark"][0] > 0 and before["marts.enabler_maturity"][0] > 0


def test_the_fingerprint_sees_one_value_change_in_its_last_bit(tmp_path):
    def database(name: str, value: float, published_at: str):
        path = tmp_path / f"{name}.duckdb"
        with duckdb.connect(str(path)) as con:
            con.execute("create schema marts")
            con.execute("create table marts.t (area_code varchar, mean_score double, published_at timestamp)")
            con.execute("insert into marts.t values ('E09000001', ?, ?), ('E09000002', 2.5, ?)",
                        [value, published_at, published_at])
        return table_hashes(path)

    first = database("first", 0.1 + 0.2, "2026-01-01 09:00")
    later = database("later", 0.1 + 0.2, "2026-01-02 09:00")  # only when it was published differs
    other = database("other", 0.3, "2026-01-01 09:00")  # 0.3, where the first has 0.30000000000000004
    assert differing(first, later) == []
    assert differing(first, other) == ["marts.t"]


def _benchmark_model():
    path = Path(__file__).resolve().parents[1] / "dbt_project" / "models" / "marts" / "benchmark.py"
    spec = importlib.util.spec_from_file_location("benchmark_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_mart_does_not_depend_on_the_order_of_its_rows(framework):
    """Means whose float sums depend on order (0.1 + 0.2 + 0.3 is not 0.3 + 0.2 + 0.1), and two equal
    to the last bits but for noise: ranks, quartiles, labels and comparator values are identical."""
    tables = framework_tables(framework)
    codes = [a.code for a in framework.areas]
    means = {code: [0.1 + 0.2 + 2, 2.3, 3.1, 1.7, 0.6 + 1.1][i % 5] + (i % 7) / 10 for i, code in enumerate(codes)}
    maturity = pd.DataFrame(
        [(code, 2024, "E01", 6, False, m, m - 0.3, m + 0.3, False) for code, m in means.items()],
        columns=["area_code", "assessment_year", "item_id", "n_scores", "is_suppressed",
                 "mean_score", "mean_ci_low", "mean_ci_high", "is_synthetic"],
    )
    model = _benchmark_model()

    def built(maturity: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
        out = model.benchmark(maturity, areas=areas, icbs=tables["area_icbs"],
                              neighbours=tables.get("statistical_neighbours", pd.DataFrame(
                                  columns=["area_code", "neighbour_rank", "neighbour_dfe_code", "neighbour_area_code"])),
                              level="enabler")
        return out.sort_values(model.GRAIN, ignore_index=True)

    first = built(maturity, tables["areas"])
    reversed_ = built(maturity.iloc[::-1].reset_index(drop=True), tables["areas"].iloc[::-1].reset_index(drop=True))
    shuffled = built(maturity.sample(frac=1, random_state=7), tables["areas"].sample(frac=1, random_state=3))
    # every value to the last bit (pandas' assert_frame_equal overlooks last bits of Float64 columns)
    def exact(frame: pd.DataFrame) -> list[int]:
        return pd.util.hash_pandas_object(frame, index=False).tolist()

    assert exact(first) == exact(reversed_) == exact(shuffled)
    london = first[first["comparator_type"] == "region"]
    assert london["rank"].min() == 1 and london["rank"].nunique() < len(london)  # ties share a rank

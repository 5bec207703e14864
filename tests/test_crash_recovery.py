"""kill -9 at any point loses nothing, counts nothing twice and never shows a half-written snapshot.

Real `maturity` processes, killed with SIGKILL (the whole process group: reading workers and dbt
too) at points seen from outside — files archived, the inbox shrinking, dbt's progress in the run
log, the staging snapshot appearing — then run again. What must hold after the rerun:

- the marts equal those of a clean run on the same files (one clean home per module);
- every input's sha256 has exactly one loading event (accepted, superseded or refused, as in the
  clean run) in audit.file_events, and raw.files one row per loaded file. The one exception,
  decided here: a file whose transaction committed just before the kill, but whose inbox copy was
  not yet removed, is read again by the rerun and recorded `unchanged` ("identical to …, already
  loaded") — true, since the same bytes were in the inbox again, and it loads nothing. So an
  `unchanged` event is allowed only for a file left in the inbox by a kill, after that file's
  loading event, and marts.data_received (one row per event) is compared without those rows;
- the archive holds each file once, under its sha256; no `.partial-*` copy or staging snapshot
  is left anywhere in the home; nothing is left in the inbox; quarantine holds what the clean
  run's holds;
- the writer lock died with the killed run: every rerun runs with a lock timeout of 0, so it
  would exit at once had the lock outlived its holder.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ingest.assessments.template import write_template
from ingest.results import FileStatus
from synthetic.data_sharing import write_data_sharing_demo
from synthetic.generator import generate
from synthetic.outcomes import write_outcome_demo
from tests.support.crashing import count, kill_when, log_has, run, start
from tests.support.table_hashes import differing, table_hashes
from warehouse.home import Home
from warehouse.lock import busy_holder

RECEIVED = "marts.data_received"  # one row per file event, with when it arrived: compared on its own
BOROUGHS = 8
LEFTOVER_PATTERNS = (".partial-*", ".maturity.duckdb.*.tmp*", "warehouse.duckdb.tmp")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, framework) -> Path:
    """Eight boroughs × every year of the synthetic demo with their data-sharing returns, the
    outcome files, and one file that is not a workbook (refused): 73 files, enough that reading and
    loading last a second or more (a return or outcome file is one transaction), so that a kill
    lands inside them, and few enough that each of the module's five builds stays short."""
    folder = tmp_path_factory.mktemp("inputs")
    areas = [area.code for area in framework.london_areas[:BOROUGHS]]
    for workbook in generate(framework, area_codes=areas):
        write_template(folder / workbook.file_name, framework, workbook.content)
    write_data_sharing_demo(folder, framework, area_codes=areas)
    write_outcome_demo(folder, framework)
    (folder / "minutes of the meeting.xlsx").write_text("These are the minutes, not the scores.")
    return folder


def _home_with(inputs: Path, parent: Path) -> Home:
    home = Home(parent / "data").ensure()
    for path in inputs.iterdir():
        shutil.copyfile(path, home.inbox / path.name)
    return home


@pytest.fixture(scope="module")
def clean_home(inputs, tmp_path_factory) -> Home:
    home = _home_with(inputs, tmp_path_factory.mktemp("clean"))
    done = run(home, "run", "clean")
    assert done.code == 1 and "Traceback" not in done.err, done.err  # 1: the minutes were refused
    return home


def _shas(inputs: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in inputs.iterdir()}


def _events(home: Home) -> list[tuple[str, str]]:
    """(sha256, status) of every file event, in the order they happened."""
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute("select sha256, status from audit.file_events order by event_at").fetchall()


def _received(snapshot: Path) -> Counter:
    """marts.data_received without when each file arrived (a rerun receives later by design)."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        columns = [c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name = 'data_received' and column_name <> 'received_at' order by ordinal_position").fetchall()]
        rows = con.execute(f"select {', '.join(columns)} from marts.data_received").fetchall()
    return Counter(rows)


def _leftovers(home: Home) -> list[Path]:
    return sorted(path for pattern in LEFTOVER_PATTERNS for path in home.root.rglob(pattern))


# --- kill points: each polls what an outside watcher can see, at a seeded but fixed place --------


def _ready(point: str, home: Home, waiting: int):
    """(condition, what it means) for killing at `point`, `waiting` files being in the inbox."""
    rng = random.Random(f"crash-{point}")
    if point == "reading":  # files being archived and read, before the batch's first transaction
        k = rng.randint(5, waiting // 2)
        return lambda: count(home.archive) >= k, f"{k} files archived"
    if point == "loading":  # one transaction per return or outcome file; each leaves the inbox once committed
        k = rng.randint(3, waiting // 2)
        return lambda: count(home.inbox) <= waiting - k, f"{k} files out of the inbox"
    if point == "dbt":  # dbt's nth node started (the run log shows "n of N START")
        k = rng.randint(20, 200)
        return lambda: log_has(home.run_log("run"), f"\n{k} of "), f"dbt node {k} started"
    raise ValueError(point)


def _assert_landed(point: str, home: Home, waiting: int) -> None:
    left = count(home.inbox)
    if point == "dbt":
        assert left == 0 and not home.snapshot.exists()
    elif point == "loading":
        assert 0 < left < waiting
    else:
        assert 0 < left


KILLS = ("reading", "loading", "dbt")


def test_an_ingest_killed_at_each_point_then_rerun_equals_a_clean_run(inputs, clean_home, tmp_path):
    """Killed while reading; the rerun killed in turn while loading, the next while dbt builds;
    then a last run. Each kill is followed by a rerun, and the rerun after a kill mid-batch is the
    one that is killed next: recovery itself is interrupted."""
    home = _home_with(inputs, tmp_path)
    left_by_a_kill: set[str] = set()
    for n, point in enumerate(KILLS):
        waiting = count(home.inbox)
        ready, what = _ready(point, home, waiting)
        kill_when(home, start(home, "run", f"killed-{n}"), f"killed-{n}", ready, what)
        _assert_landed(point, home, waiting)
        left_by_a_kill |= {path.name for path in home.inbox.iterdir()}
    done = run(home, "run", "rerun")
    assert done.code == 0, done.err  # the minutes were refused by an earlier run, so 0
    assert "Traceback" not in done.err and "waiting for another run" not in done.err, done.err

    assert not list(home.inbox.iterdir())
    assert _leftovers(home) == []
    shas = _shas(inputs)
    assert sorted(p.name for p in home.archive.iterdir()) == sorted(
        f"{sha}{Path(name).suffix.lower()}" for name, sha in shas.items())
    assert sorted(p.name for p in home.quarantine.iterdir()) == sorted(p.name for p in clean_home.quarantine.iterdir())

    clean_loading = dict(_events(clean_home))
    assert sorted(clean_loading) == sorted(shas.values())  # the clean run: one event per file, none unchanged
    loading, unchanged = {}, []
    for sha, status in _events(home):
        if status == FileStatus.UNCHANGED:
            unchanged.append(sha)
            assert sha in loading, f"{sha}: unchanged before it was loaded"
        else:
            assert sha not in loading, f"{sha}: a second loading event ({loading[sha]}, then {status})"
            loading[sha] = status
    assert loading == clean_loading
    assert set(unchanged) <= {shas[name] for name in left_by_a_kill}
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        files = Counter(sha for (sha,) in con.execute("select sha256 from raw.files").fetchall())
    assert files == Counter(sha for sha, status in clean_loading.items() if FileStatus(status).loads)

    assert differing(*({k: v for k, v in table_hashes(h.snapshot).items() if k != RECEIVED}
                       for h in (home, clean_home))) == []
    received, clean_received = _received(home.snapshot), _received(clean_home.snapshot)
    assert sum((received - clean_received).values()) == len(unchanged)  # only the `unchanged` rows are extra
    assert clean_received - received == Counter()


def test_a_build_killed_while_publishing_leaves_the_old_snapshot_and_the_rerun_publishes(clean_home, tmp_path):
    home = Home(Path(shutil.copytree(clean_home.root, tmp_path / "data")))
    before = table_hashes(home.snapshot)
    before_bytes = hashlib.sha256(home.snapshot.read_bytes()).hexdigest()

    def staging() -> list[str]:
        return [name for name in _names(home.published) if name.startswith(f".{home.snapshot.name}.")]

    kill_when(home, start(home, "build", "killed"), "killed", lambda: bool(staging()), "the staging snapshot")
    assert staging(), "the kill landed after the staging snapshot was renamed into place"
    assert hashlib.sha256(home.snapshot.read_bytes()).hexdigest() == before_bytes  # never half-written
    assert table_hashes(home.snapshot) == before  # and readable

    done = run(home, "build", "rebuild")
    assert done.code == 0 and "waiting for another run" not in done.err, done.err
    assert staging() == [] and _leftovers(home) == []
    assert differing(table_hashes(home.snapshot), table_hashes(clean_home.snapshot)) == []
    assert busy_holder(home) is None  # the writer lock is free: a next command would not wait


def _names(folder: Path) -> list[str]:
    try:
        return [path.name for path in folder.iterdir()]
    except FileNotFoundError:
        return []

"""Ingesting a batch of files into the raw tables: the one code path behind every entry point.

Two steps, because they scale differently. Reading (ingest.reading) archives each file by its
sha256, then reads and identifies it, in worker processes for a big batch. Loading, here, takes
the files in input order, decides each against what the warehouse and the earlier files of the
batch hold (unchanged, superseded) and writes them in chunks of one transaction each: DuckDB's
cost is per transaction, not per row. A chunk that fails is written again file by file, so only
the bad file is refused, the rest of the batch goes on, and no value from a refused file reaches
the raw tables.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from itertools import compress, repeat
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from framework.model import Framework
from ingest.archive import quarantine_file
from ingest.home import Home
from ingest.linked import Landing, already_loaded, loaded_linked, write_linked
from ingest.model import FileOutcome, Problem, Refused
from ingest.raw import ensure_raw_tables
from ingest.reading import Job, Loadable, Read, read_files
from ingest.transcriptions import ensure_transcription_tables, settle

HIDDEN_PREFIXES = (".", "~$")  # dot files, and the lock files Excel leaves beside an open workbook
# Rows per transaction: one DuckDB row group (122,880 rows), which DuckDB writes straight into the
# database file, compressed, rather than through its log — half the cost of smaller transactions.
# About 500 workbooks; should one fail, they are retried one by one.
CHUNK_ROWS = 122_880
LOADED = ("accepted", "superseded")
PARTICIPANT_COLUMNS = {  # raw.participants column ← ParticipantRecord field
    "participant_id": "participant_id", "participant_label": "label", "sector": "sector", "role_level": "role_level",
}
SCORE_COLUMNS = {name: name for name in ("participant_id", "grain", "item_id", "score", "raw_value", "sheet", "cell")}

_TEXT = pa.string()
SCHEMAS = {  # explicit, so that a column that happens to be all null in a chunk still has its type
    "raw.files": pa.schema([("sha256", _TEXT), ("file_name", _TEXT), ("archive_path", _TEXT),
                            ("size_bytes", pa.int64()), ("first_seen_at", pa.timestamp("us"))]),
    "raw.submissions": pa.schema([
        ("submission_id", _TEXT), ("file_name", _TEXT), ("reader", _TEXT), ("area_code", _TEXT),
        ("assessment_year", pa.int32()), ("group_label", _TEXT), ("is_synthetic", pa.bool_()),
        ("area_source", _TEXT), ("year_source", _TEXT), ("entry", _TEXT), ("transcriber", _TEXT),
        ("loaded_at", pa.timestamp("us"))]),
    "raw.participants": pa.schema([("submission_id", _TEXT), ("participant_id", _TEXT),
                                   ("participant_label", _TEXT), ("sector", _TEXT), ("role_level", _TEXT)]),
    "raw.scores": pa.schema([
        ("submission_id", _TEXT), ("participant_id", _TEXT), ("grain", _TEXT), ("item_id", _TEXT),
        ("score", pa.int32()), ("raw_value", _TEXT), ("sheet", _TEXT), ("cell", _TEXT)]),  # is_skipped: in SQL
    "audit.file_events": pa.schema([
        ("event_at", pa.timestamp("us")), ("file_name", _TEXT), ("sha256", _TEXT), ("status", _TEXT),
        ("area_code", _TEXT), ("assessment_year", pa.int32()), ("detail", _TEXT)]),
    "audit.rejections": pa.schema([("file_name", _TEXT), ("location", _TEXT), ("reason", _TEXT),
                                   ("sha256", _TEXT), ("rejected_at", pa.timestamp("us"))]),
}


def inbox_files(home: Home) -> list[Path]:
    """Files waiting directly in the inbox, in name order so that runs are repeatable."""
    if not home.inbox.is_dir():
        return []
    return sorted(p for p in home.inbox.iterdir() if p.is_file() and not p.name.startswith(HIDDEN_PREFIXES))


def ingest_files(
    paths: Iterable[Path], home: Home, fw: Framework, area: str | None = None, year: int | None = None
) -> list[FileOutcome]:
    """Archive, read, identify and load (or refuse) each file; one outcome per file, in order."""
    home.ensure()
    paths = [Path(path) for path in paths]
    with duckdb.connect(str(home.warehouse)) as con:
        ensure_raw_tables(con)
        ensure_transcription_tables(con)
        ledger = _Ledger.of(con, fw)
        linked = loaded_linked(con)
        loader = _Loader(con, home, ledger, fw, linked)
        with closing(read_files(paths, Job(home, fw, area, year, frozenset(ledger.loaded) | linked))) as reads:
            return [outcome for chunk in _chunks(reads, CHUNK_ROWS) for outcome in loader.load(chunk)]


# --- deciding -----------------------------------------------------------------------------------------


class _Version(NamedTuple):
    sha256: str
    file_name: str
    area_code: str
    area_name: str
    assessment_year: int


@dataclass
class _Ledger:
    """What the warehouse holds as the batch goes on, so each file is decided without a query:
    every loaded version by sha256, and the current one(s) per area, year and group."""

    loaded: dict[str, _Version] = field(default_factory=dict)
    current: dict[tuple[str, int, str], list[_Version]] = field(default_factory=dict)

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection, fw: Framework) -> "_Ledger":
        ledger = cls()
        for sha256, name, area_code, year, group, superseded_by in con.execute(
            """select submission_id, file_name, area_code, assessment_year, group_label, superseded_by
               from raw.submissions order by loaded_at"""
        ).fetchall():
            version = _Version(sha256, name, area_code, fw.area(area_code).name, year)
            ledger.loaded[sha256] = version
            if superseded_by is None:
                ledger.current.setdefault((area_code, year, _group_key(group)), []).append(version)
        return ledger

    def copy(self) -> "_Ledger":
        """Lists are replaced, never changed in place, so copying the dicts is enough."""
        return _Ledger(dict(self.loaded), dict(self.current))

    def take(self, other: "_Ledger") -> None:
        self.loaded, self.current = other.loaded, other.current


@dataclass(frozen=True)
class _Plan:
    """What will be written for one file: its outcome and, when it loads, what it supersedes."""

    read: Read
    outcome: FileOutcome
    at: datetime
    replaces: tuple[str, ...] = ()

    @property
    def loads(self) -> bool:
        return self.outcome.status in LOADED

    @property
    def loadable(self) -> Loadable:
        assert self.read.loadable is not None, "only files that load have rows"
        return self.read.loadable


def _plan(read: Read, ledger: _Ledger, at: datetime) -> _Plan:
    """Decide one file against the ledger, and record in the ledger what it will have loaded."""
    name = read.path.name
    if earlier := ledger.loaded.get(read.sha256):
        return _Plan(read, FileOutcome(
            name, read.sha256, "unchanged", earlier.area_code, earlier.area_name, earlier.assessment_year,
            detail=f"identical to {earlier.file_name}, already loaded",
        ), at)
    loadable = read.loadable
    if loadable is None:
        detail = f"quarantined as {read.quarantined}" if read.quarantined else ""
        return _Plan(read, _refused(name, read.sha256, read.problems, detail), at)

    identity = loadable.identity
    key = (identity.area_code, identity.assessment_year, _group_key(loadable.head.group_label))
    replaced = ledger.current.get(key, [])
    version = _Version(read.sha256, name, identity.area_code, identity.area_name, identity.assessment_year)
    ledger.loaded[read.sha256] = version
    ledger.current[key] = [version]
    detail = _counts(loadable)
    if replaced:
        detail = f"replaces {', '.join(v.file_name for v in replaced)}; {detail}"
    outcome = FileOutcome(
        name, read.sha256, "superseded" if replaced else "accepted",
        identity.area_code, identity.area_name, identity.assessment_year, detail,
    )
    return _Plan(read, outcome, at, tuple(v.sha256 for v in replaced))


def _counts(loadable: Loadable) -> str:
    """The outcome line's summary, counted in C: this runs for every file of a batch."""
    scores, grains = loadable.scores["score"], loadable.scores["grain"]
    scored = Counter(compress(grains, map(operator.is_not, scores, repeat(None))))
    skipped = scores.count(None)
    text = (f"{len(loadable.participants['participant_id'])} participants, "
            f"{scored['enabler']} enabler and {scored['indicator']} indicator scores")
    return text + (f", {skipped} skipped" if skipped else "")


def _group_key(label: str | None) -> str:
    """Groups match however their label is spaced or capitalised."""
    return (label or "").strip().lower()


def _refused(file_name: str, sha256: str, problems: Iterable[Problem], detail: str) -> FileOutcome:
    return FileOutcome(file_name, sha256, "refused", detail=detail, problems=tuple(problems))


# --- loading ------------------------------------------------------------------------------------------


class _Loader:
    """Writes chunks of read files; keeps the ledger in step with what has been committed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, home: Home, ledger: _Ledger, fw: Framework,
                 linked: frozenset[str]):
        self._con, self._home, self._ledger, self._fw = con, home, ledger, fw
        self._linked = linked  # outcome files and returns loaded before this batch: not read again
        self._inbox = home.inbox.resolve()
        self._is_inbox: dict[Path, bool] = {}
        self._last = datetime.min

    def load(self, reads: list[Read]) -> list[FileOutcome]:
        """In input order: runs of workbooks a chunk at a time; paper entries one at a time (they
        write transcription tables that a shared transaction could not undo for one file alone),
        and outcome files and data-sharing returns one at a time too (few, and not assessments)."""
        outcomes: list[FileOutcome] = []
        run: list[Read] = []
        for read in reads:
            is_linked = read.linked is not None or read.sha256 in self._linked
            if is_linked or (read.loadable is not None and read.loadable.head.entry != "workbook"):
                outcomes += self._load_chunk(run)
                outcomes.append(self._load_linked(read) if is_linked else self._settle_alone(read))
                run = []
            else:
                run.append(read)
        return outcomes + self._load_chunk(run)

    def _load_chunk(self, reads: list[Read]) -> list[FileOutcome]:
        """The chunk in one transaction; if that fails, file by file, so only a bad file is refused."""
        if not reads:
            return []
        trial = self._ledger.copy()
        plans = [_plan(read, trial, self._tick()) for read in reads]
        try:
            _in_transaction(self._con, lambda: _write_plans(self._con, plans))
        except Exception:
            plans = [self._load_alone(read) for read in reads]
        else:
            self._ledger.take(trial)
        for plan in plans:
            self._leave_inbox(plan.read)
        return [plan.outcome for plan in plans]

    def _settle_alone(self, read: Read) -> FileOutcome:
        """A paper transcription or resolution: double entry decides whether anything loads yet."""
        if read.sha256 in self._ledger.loaded:
            return self._load_chunk([read])[0]  # identical bytes already loaded: unchanged
        trial, at, decided = self._ledger.copy(), self._tick(), []

        def work() -> None:
            loadable = read.loadable
            settlement = settle(self._con, loadable.submission, loadable.identity, read.sha256, read.path.name)
            if settlement.kind == "load":
                plan = _plan(replace(read, loadable=Loadable.of(settlement.submission, loadable.identity)), trial, at)
                plan = replace(plan, outcome=replace(plan.outcome, detail=f"{settlement.detail}; {plan.outcome.detail}"))
            else:
                identity = loadable.identity
                plan = _Plan(read, FileOutcome(
                    read.path.name, read.sha256, settlement.kind, identity.area_code, identity.area_name,
                    identity.assessment_year, detail=settlement.detail,
                ), at)
            _write_plans(self._con, [plan])
            decided.append(plan)

        try:
            _in_transaction(self._con, work)
        except Refused as refused:  # a resolution naming a disagreement that is not open
            quarantined = quarantine_file(read.path, read.sha256, refused.problems, self._home)
            plan = _Plan(read, _refused(read.path.name, read.sha256, refused.problems,
                                        f"quarantined as {quarantined.name}"), at)
            _in_transaction(self._con, lambda: _write_plans(self._con, [plan]))
        else:
            plan = decided[0]
            if plan.loads:
                self._ledger.take(trial)
        self._leave_inbox(read)
        return plan.outcome

    def _load_linked(self, read: Read) -> FileOutcome:
        """Outcome data or a data-sharing return: unchanged, loaded, or refused and quarantined."""
        at = self._tick()
        outcome = already_loaded(self._con, read.sha256, self._fw)
        if outcome is None:
            assert read.linked is not None, "only bytes never loaded go unread"
            landing = Landing(read.sha256, read.path.name, at)

            def work() -> None:
                nonlocal outcome
                outcome = write_linked(self._con, read.linked, landing)
                _write_raw_files(self._con, [(read, at)])
                _write_audit(self._con, [_Plan(read, outcome, at)])

            try:
                _in_transaction(self._con, work)
            except Exception as exc:  # rolled back; refused like any other file
                problems = [Problem("file", f"could not be loaded: {exc}")]
                quarantined = quarantine_file(read.path, read.sha256, problems, self._home)
                outcome = _refused(read.path.name, read.sha256, problems, f"quarantined as {quarantined.name}")
                _in_transaction(self._con, lambda: _write_audit(self._con, [_Plan(read, outcome, at)]))
        else:
            _in_transaction(self._con, lambda: _write_audit(self._con, [_Plan(read, outcome, at)]))
        self._leave_inbox(read)
        return outcome

    def _load_alone(self, read: Read) -> _Plan:
        trial = self._ledger.copy()
        plan = _plan(read, trial, self._tick())
        try:
            _in_transaction(self._con, lambda: _write_plans(self._con, [plan]))
        except Exception as exc:  # rolled back; the file is refused like any other
            if not plan.loads:
                raise  # only audit rows were being written: the warehouse itself is failing
            plan = self._refuse(plan, exc)
            _in_transaction(self._con, lambda: _write_plans(self._con, [plan]))
        else:
            self._ledger.take(trial)
        return plan

    def _refuse(self, plan: _Plan, exc: Exception) -> _Plan:
        read = plan.read
        problems = [Problem("file", f"could not be loaded: {exc}")]
        quarantined = quarantine_file(read.path, read.sha256, problems, self._home)
        outcome = _refused(read.path.name, read.sha256, problems, f"quarantined as {quarantined.name}")
        return replace(plan, outcome=outcome, replaces=())

    def _tick(self) -> datetime:
        """Times that strictly increase through the batch, so ordering by time is input order."""
        self._last = max(_now(), self._last + timedelta(microseconds=1))
        return self._last

    def _leave_inbox(self, read: Read) -> None:
        """Inbox files are consumed once handled (they live on in the archive); others stay put."""
        folder = read.path.parent
        if folder not in self._is_inbox:  # resolving costs system calls; a batch has few folders
            self._is_inbox[folder] = folder.resolve() == self._inbox
        if read.archived is not None and self._is_inbox[folder]:
            read.path.unlink(missing_ok=True)


def _write_plans(con: duckdb.DuckDBPyConnection, plans: list[_Plan]) -> None:
    """Everything a set of decided files writes; the caller owns the transaction."""
    loading = [plan for plan in plans if plan.loads]
    if loading:
        _write_raw(con, loading)
    _write_audit(con, plans)


def _write_raw(con: duckdb.DuckDBPyConnection, plans: list[_Plan]) -> None:
    """Raw rows of loading files, a whole chunk per statement, and the versions they supersede."""

    def column(value: Callable[[_Plan], object]) -> list:
        return [value(plan) for plan in plans]

    _write_raw_files(con, [(plan.read, plan.at) for plan in plans])
    _append(con, "raw.submissions", {
        "submission_id": column(lambda p: p.read.sha256),
        "file_name": column(lambda p: p.read.path.name),
        "reader": column(lambda p: p.loadable.head.reader),
        "area_code": column(lambda p: p.loadable.identity.area_code),
        "assessment_year": column(lambda p: p.loadable.identity.assessment_year),
        "group_label": column(lambda p: p.loadable.head.group_label),
        "is_synthetic": column(lambda p: p.loadable.head.is_synthetic),
        "area_source": column(lambda p: p.loadable.identity.area_source),
        "year_source": column(lambda p: p.loadable.identity.year_source),
        "entry": column(lambda p: p.loadable.head.entry),
        "transcriber": column(lambda p: p.loadable.head.transcriber),
        "loaded_at": column(lambda p: p.at),
    })
    _append(con, "raw.participants", _joined(plans, "participants", PARTICIPANT_COLUMNS))
    _append(con, "raw.scores", _joined(plans, "scores", SCORE_COLUMNS), select="*, score is null as is_skipped")
    superseding = [(old, plan.read.sha256) for plan in plans for old in plan.replaces]
    if superseding:
        con.register("superseding", pa.table({"old_id": [old for old, _ in superseding],
                                              "new_id": [new for _, new in superseding]}))
        try:
            con.execute("""update raw.submissions set superseded_by = superseding.new_id from superseding
                           where raw.submissions.submission_id = superseding.old_id""")
        finally:
            con.unregister("superseding")


def _write_raw_files(con: duckdb.DuckDBPyConnection, landed: list[tuple[Read, datetime]]) -> None:
    """One raw.files row per file's bytes, whatever kind of file it is."""
    _append(con, "raw.files", {
        "sha256": [read.sha256 for read, _ in landed],
        "file_name": [read.path.name for read, _ in landed],
        "archive_path": [str(read.archived) for read, _ in landed],
        "size_bytes": [read.size for read, _ in landed],
        "first_seen_at": [at for _, at in landed],
    }, where="sha256 not in (select sha256 from raw.files)")


def _write_audit(con: duckdb.DuckDBPyConnection, plans: list[_Plan]) -> None:
    """The audit trail: one event per file handled, one rejection row per problem."""
    events = [(plan.at, plan.outcome) for plan in plans]
    _append(con, "audit.file_events", {
        "event_at": [at for at, _ in events],
        "file_name": [o.file_name for _, o in events],
        "sha256": [o.sha256 for _, o in events],
        "status": [o.status for _, o in events],
        "area_code": [o.area_code for _, o in events],
        "assessment_year": [o.assessment_year for _, o in events],
        "detail": [o.detail for _, o in events],
    })
    problems = [(at, outcome, problem) for at, outcome in events for problem in outcome.problems]
    if problems:
        _append(con, "audit.rejections", {
            "file_name": [o.file_name for _, o, _ in problems],
            "location": [p.location for _, _, p in problems],
            "reason": [p.reason for _, _, p in problems],
            "sha256": [o.sha256 or None for _, o, _ in problems],
            "rejected_at": [at for at, _, _ in problems],
        })


def _joined(plans: list[_Plan], records: str, columns: dict[str, str]) -> dict[str, list]:
    """A chunk's records as raw columns, each row keyed by its file's sha256."""
    joined: dict[str, list] = {"submission_id": [], **{raw: [] for raw in columns}}
    for plan in plans:
        found = getattr(plan.loadable, records)
        joined["submission_id"] += [plan.read.sha256] * len(found[columns["participant_id"]])
        for raw, name in columns.items():
            joined[raw] += found[name]
    return joined


def _append(
    con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list], select: str = "*", where: str = "true"
) -> None:
    """One bulk insert through Arrow: per-row statements cost milliseconds each in DuckDB."""
    con.register("incoming_rows", pa.Table.from_pydict(columns, schema=SCHEMAS[table]))
    try:
        con.execute(f"insert into {table} by name select {select} from incoming_rows where {where}")
    finally:
        con.unregister("incoming_rows")


def _in_transaction(con: duckdb.DuckDBPyConnection, work: Callable[[], None]) -> None:
    con.begin()
    try:
        work()
    except BaseException:
        con.rollback()
        raise
    con.commit()


def _chunks(reads: Iterable[Read], rows: int) -> Iterator[list[Read]]:
    """Reads grouped until their score rows reach `rows` (files with nothing to load weigh nothing)."""
    chunk: list[Read] = []
    weight = 0
    for read in reads:
        chunk.append(read)
        weight += len(read.loadable.scores["score"]) if read.loadable else 0
        if weight >= rows:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)

"""Ingesting a batch of files into the raw tables: the one code path behind every entry point.

Two steps, because they scale differently. Reading (ingest.batch.reading) archives each file by
its sha256, then reads and identifies it, in capped worker processes (ingest.batch.workers). Loading, here,
takes the files in input order, decides each against what the warehouse and the earlier files of
the batch hold (ingest.batch.ledger) and has its kind write it: files of a batched kind
(assessment workbooks) in chunks of one transaction each — DuckDB's cost is per transaction, not
per row — every other kind one file per transaction. A chunk that fails is written again file by
file, so only the bad file is refused, the rest of the batch goes on, and no value from a
refused file reaches the raw tables. Every file gets an audit event; every refusal its reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb

from framework.model import Framework
from ingest import tables as T
from ingest.batch.ledger import Ledger, Version
from ingest.batch.reading import read_files
from ingest.core.archive import quarantine_file
from ingest.core.problems import Problem, Refused, capped
from ingest.kinds import Accepted, Job, Landed, Read, Rejected
from ingest.registry import kind_named
from ingest.results import FileOutcome, FileStatus, IngestReport
from warehouse.home import Home

HIDDEN_PREFIXES = (".", "~$")  # dot files, and the lock files Excel leaves beside an open workbook
# Rows per transaction: one DuckDB row group (122,880 rows), which DuckDB writes straight into the
# database file, compressed, rather than through its log — half the cost of smaller transactions.
# About 500 workbooks; should one fail, they are retried one by one.
CHUNK_ROWS = 122_880


def inbox_files(home: Home) -> list[Path]:
    """Every entry waiting directly in the inbox but hidden ones, in name order so that runs are
    repeatable. Links, directories and other entries that are not files are listed too: reading
    refuses them and moves them out (ingest.core.archive), so they are said once, not skipped forever."""
    if not home.inbox.is_dir():
        return []
    return sorted(p for p in home.inbox.iterdir() if not p.name.startswith(HIDDEN_PREFIXES))


def ingest_files(
    paths: Iterable[Path], home: Home, fw: Framework, area: str | None = None, year: int | None = None,
    kinds: tuple[str, ...] = (),
) -> IngestReport:
    """Archive, read, identify and load (or refuse) each file; one outcome per file, in order.
    `kinds` restricts what the files may be (a reference file's place says what it is)."""
    home.ensure()
    paths = [Path(path) for path in paths]
    with duckdb.connect(str(home.warehouse)) as con:
        T.ensure_tables(con)
        ledger = Ledger.of(con, fw)
        loader = _Loader(con, home, ledger, fw)
        job = Job(home, fw, area, year, frozenset(ledger.loaded), kinds)
        with closing(read_files(paths, job)) as reads:
            return IngestReport(tuple(outcome for chunk in _chunks(reads, CHUNK_ROWS) for outcome in loader.load(chunk)))


class _Loader:
    """Writes chunks of read files; keeps the ledger in step with what has been committed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, home: Home, ledger: Ledger, fw: Framework):
        self._con, self._home, self._ledger, self._fw = con, home, ledger, fw
        self._inbox = home.inbox.resolve()
        self._is_inbox: dict[Path, bool] = {}
        self._last = datetime.min

    def load(self, reads: list[Read]) -> list[FileOutcome]:
        """In input order: runs of files that may share a transaction (batched kinds, and files with
        only an audit row to write) a run at a time; every other file alone."""
        outcomes: list[FileOutcome] = []
        run: list[Read] = []
        for read in reads:
            if self._alone(read):
                outcomes += self._load_run(run) + self._load_run([read])
                run = []
            else:
                run.append(read)
        return outcomes + self._load_run(run)

    def _alone(self, read: Read) -> bool:
        result = read.result
        return (isinstance(result, Accepted) and read.sha256 not in self._ledger.loaded
                and not kind_named(result.kind).batched)

    def _load_run(self, reads: list[Read]) -> list[FileOutcome]:
        """The run in one transaction; if that fails, file by file, so only a bad file is refused."""
        if not reads:
            return []
        landed = [Landed(read, self._tick()) for read in reads]
        trial = self._ledger.copy()
        try:
            outcomes = self._in_transaction(lambda: self._write(landed, trial))
        except Exception as exc:
            if len(landed) > 1:
                return [outcome for one in reads for outcome in self._load_run([one])]
            outcomes = [self._refuse(landed[0], exc)]
        else:
            self._ledger.take(trial)
        for read in reads:
            self._leave_inbox(read)
        return outcomes

    def _write(self, landed: list[Landed], ledger: Ledger) -> list[FileOutcome]:
        """Decide each file (unchanged, refused on reading, or new for its kind to load), then write
        the kinds' rows, raw.files and the audit trail."""
        decided: dict[int, FileOutcome] = {}
        segments: list[tuple[str, list[tuple[int, Landed]]]] = []  # consecutive new files of one kind
        for i, one in enumerate(landed):
            read = one.read
            if earlier := ledger.loaded.get(read.sha256):
                decided[i] = _unchanged(read, earlier)
            elif isinstance(read.result, Rejected):
                decided[i] = _refused(read, read.result.problems, read.result.quarantined)
            else:
                accepted = read.result
                ledger.loaded[read.sha256] = Version(read.sha256, read.name, accepted.area_code,
                                                     accepted.area_name, accepted.assessment_year)
                if not segments or segments[-1][0] != accepted.kind:
                    segments.append((accepted.kind, []))
                segments[-1][1].append((i, one))
        for kind, files in segments:  # in input order, so that a later file supersedes an earlier one
            outcomes = kind_named(kind).load(self._con, [one for _, one in files], ledger, self._fw)
            for (i, one), outcome in zip(files, outcomes, strict=True):
                decided[i] = outcome
                if not outcome.status.loads:
                    del ledger.loaded[one.read.sha256]
        outcomes = [decided[i] for i in range(len(landed))]
        loaded = [one for one, outcome in zip(landed, outcomes) if outcome.status.loads]
        _write_raw_files(self._con, loaded)
        _write_audit(self._con, landed, outcomes)
        return outcomes

    def _refuse(self, landed: Landed, exc: Exception) -> FileOutcome:
        """A file its kind could not load: rolled back, quarantined and refused like any other."""
        if not isinstance(landed.read.result, Accepted):
            raise exc  # only audit rows were being written: the warehouse itself is failing
        read = landed.read
        problems = capped(exc.problems) if isinstance(exc, Refused) else (Problem("file", f"could not be loaded: {exc}"),)
        quarantined = quarantine_file(read.path, read.sha256, problems, self._home)
        outcome = _refused(read, problems, quarantined.name)
        self._in_transaction(lambda: _write_audit(self._con, [landed], [outcome]))
        return outcome

    def _in_transaction(self, work: Callable[[], list[FileOutcome] | None]):
        self._con.begin()
        try:
            result = work()
        except BaseException:
            self._con.rollback()
            raise
        self._con.commit()
        return result

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


def _unchanged(read: Read, earlier: Version) -> FileOutcome:
    return FileOutcome(read.name, read.sha256, FileStatus.UNCHANGED, earlier.area_code, earlier.area_name,
                       earlier.assessment_year, detail=f"identical to {earlier.file_name}, already loaded")


def _refused(read: Read, problems: Iterable[Problem], quarantined: str) -> FileOutcome:
    return FileOutcome(read.name, read.sha256, FileStatus.REFUSED,
                       detail=f"quarantined as {quarantined}" if quarantined else "", problems=tuple(problems))


def _write_raw_files(con: duckdb.DuckDBPyConnection, landed: list[Landed]) -> None:
    """One raw.files row per loaded file's bytes, whatever kind of file it is."""
    T.append(con, T.FILES, {
        "sha256": [one.read.sha256 for one in landed],
        "file_name": [one.read.name for one in landed],
        "archive_path": [str(one.read.archived) for one in landed],
        "size_bytes": [one.read.size for one in landed],
        "first_seen_at": [one.at for one in landed],
    }, where="sha256 not in (select sha256 from raw.files)")


def _write_audit(con: duckdb.DuckDBPyConnection, landed: list[Landed], outcomes: list[FileOutcome]) -> None:
    """The audit trail: one event per file handled, one rejection row per problem."""
    events = [(one.at, one.read, outcome) for one, outcome in zip(landed, outcomes, strict=True)]
    T.append(con, T.FILE_EVENTS, {
        "event_at": [at for at, _, _ in events],
        "file_name": [o.file_name for _, _, o in events],
        "sha256": [o.sha256 for _, _, o in events],
        "status": [str(o.status) for _, _, o in events],
        "area_code": [o.area_code for _, _, o in events],
        "assessment_year": [o.assessment_year for _, _, o in events],
        "detail": [o.detail for _, _, o in events],
        "file_kind": [getattr(read.result, "kind", None) for _, read, _ in events],
    })
    problems = [(at, outcome, problem) for at, _, outcome in events for problem in outcome.problems]
    if problems:
        T.append(con, T.REJECTIONS, {
            "file_name": [o.file_name for _, o, _ in problems],
            "location": [p.location for _, _, p in problems],
            "reason": [p.reason for _, _, p in problems],
            "sha256": [o.sha256 or None for _, o, _ in problems],
            "rejected_at": [at for at, _, _ in problems],
        })


def _chunks(reads: Iterable[Read], rows: int) -> Iterator[list[Read]]:
    """Reads grouped until their score rows reach `rows` (files with nothing to load weigh nothing)."""
    chunk: list[Read] = []
    weight = 0
    for read in reads:
        chunk.append(read)
        weight += _weight(read)
        if weight >= rows:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


def _weight(read: Read) -> int:
    """Score rows for assessments; a file of any other kind counts as one row."""
    if not isinstance(read.result, Accepted):
        return 0
    scores = getattr(read.result.content, "scores", None)
    return len(scores["score"]) if isinstance(scores, dict) else 1


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)

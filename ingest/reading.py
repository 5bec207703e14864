"""Reading a batch of files: archive each by sha256, read it, identify it — or refuse it.

Reading is most of ingestion's work and shares nothing between files, so a big batch is read in
worker processes on every core while the loader writes what is already read. Workers start
clean ("spawn": no copy of a parent holding DuckDB's or Dagster's threads) and import only this
module's light dependencies — never DuckDB or Arrow. As with any multiprocessing code, a script
that ingests a big batch needs the `if __name__ == "__main__":` guard; should workers fail to
start or die, the rest of the batch is read in this process, as small batches always are.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields, replace
from functools import cached_property
from operator import attrgetter
from pathlib import Path

from framework.model import Framework
from ingest.archive import archive_file, quarantine_file
from ingest.home import Home
from ingest.data_sharing.model import DataSharingReturn
from ingest.identify import Identity, identify
from ingest.linked_reads import DataSharingLoad, Linked, OutcomeLoad
from ingest.model import ParticipantRecord, Problem, Refused, ScoreRecord, Submission
from ingest.outcomes import read_outcome_file
from ingest.readers import read_submission

# Smaller batches are read in this process: starting workers costs ~0.15 s and loading cannot
# overlap reading in a batch of one chunk, so on 2 cores workers only pay from 150–300 files.
PARALLEL_FROM = 200
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
READS_PER_TASK = 32  # files a worker reads per round trip, so that queueing costs little beside reading

Columns = dict[str, tuple]
log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Loadable:
    """A submission and its identity, ready to load. Its records travel as columns, one tuple per
    field: that crosses between processes about ten times cheaper than record objects, and is
    what the load writes. The records are rebuilt as objects only when something asks for them."""

    identity: Identity
    head: Submission  # the submission without its participants and scores
    participants: Columns  # one tuple of values per ParticipantRecord field
    scores: Columns  # one tuple of values per ScoreRecord field

    @classmethod
    def of(cls, submission: Submission, identity: Identity) -> "Loadable":
        return cls(
            identity,
            replace(submission, participants=(), scores=()),
            _columns(ParticipantRecord, submission.participants),
            _columns(ScoreRecord, submission.scores),
        )

    @cached_property
    def submission(self) -> Submission:
        return replace(self.head, participants=_records(ParticipantRecord, self.participants),
                       scores=_records(ScoreRecord, self.scores))


@dataclass(frozen=True)
class Read:
    """One file after reading: an assessment to load, or outcome data or a data-sharing return
    (`linked`), or refused with its problems — or none of these, when its bytes were loaded before
    as an assessment, so were archived but not read again."""

    path: Path
    sha256: str  # "" when the file could not be opened at all
    archived: Path | None
    size: int
    loadable: Loadable | None = None
    linked: Linked | None = None
    problems: tuple[Problem, ...] = ()
    quarantined: str = ""  # the quarantined copy's name, when refused


@dataclass(frozen=True)
class Job:
    """What every file of a batch is read with; handed to each worker process once."""

    home: Home
    fw: Framework
    area: str | None = None
    year: int | None = None
    known: frozenset[str] = frozenset()  # sha256 of files already loaded: no need to read them again


def read_files(paths: list[Path], job: Job) -> Iterator[Read]:
    """Each file read, in input order; in worker processes when the batch is big enough to repay them."""
    if len(paths) < PARALLEL_FROM or WORKERS < 2:
        yield from (read_file(path, job) for path in paths)
        return
    workers = ProcessPoolExecutor(WORKERS, multiprocessing.get_context("spawn"), _start_worker, (job,))
    done = 0
    try:
        for read in workers.map(_read_in_worker, paths, chunksize=READS_PER_TASK):
            yield read
            done += 1
    except BrokenProcessPool as exc:  # a worker was killed, or could not start (a __main__ it cannot import)
        log.warning("reading workers stopped (%s); reading the other %d files in this process", exc, len(paths) - done)
        yield from (read_file(path, job) for path in paths[done:])
    finally:
        workers.shutdown(cancel_futures=True)


def read_file(path: Path, job: Job) -> Read:
    """Archive first, so that the bytes read are the bytes kept; a refused file is quarantined here."""
    try:
        sha256, archived = archive_file(path, job.home)
        size = archived.stat().st_size
    except OSError as exc:
        return Read(path, "", None, 0, problems=(Problem("file", f"could not be read: {exc}"),))
    if sha256 in job.known:
        return Read(path, sha256, archived, size)
    try:
        found = read_and_identify(archived, path.name, job)
    except Refused as refused:
        problems = refused.problems
    except Exception as exc:  # a reader bug or an odd file must not stop the batch
        problems = [Problem("file", f"could not be read: {exc}")]
    else:
        if isinstance(found, OutcomeLoad | DataSharingLoad):
            return Read(path, sha256, archived, size, linked=found)
        return Read(path, sha256, archived, size, Loadable.of(*found))
    quarantined = quarantine_file(path, sha256, problems, job.home)
    return Read(path, sha256, archived, size, problems=tuple(problems), quarantined=quarantined.name)


def read_and_identify(archived: Path, file_name: str, job: Job) -> tuple[Submission, Identity] | Linked:
    """Everything that decides whether one file is acceptable on its own; raises Refused if not.
    Outcome downloads are told apart by their header row before any workbook reader looks at them,
    so a Fingertips CSV is never mistaken for a borough's own table of scores. `--area` and
    `--year` identify assessments and returns; outcome files name their own areas and periods."""
    outcome = read_outcome_file(archived, file_name)  # the archived bytes are the ones we hashed
    if outcome is not None:
        return OutcomeLoad(outcome)
    submission = read_submission(archived, job.fw)
    if isinstance(submission, DataSharingReturn):
        return DataSharingLoad(submission, identify(submission.submission, file_name, job.fw, job.area, job.year))
    return submission, identify(submission, file_name, job.fw, job.area, job.year)


def _columns(record: type, records: tuple) -> Columns:
    """Every field of every record, transposed in C: records have several fields, so attrgetter
    hands back a tuple per record."""
    names = [f.name for f in fields(record)]
    columns = list(zip(*map(attrgetter(*names), records))) or [()] * len(names)
    return dict(zip(names, columns))


def _records(record: type, columns: Columns) -> tuple:
    return tuple(map(record, *columns.values()))


_worker_job: Job | None = None


def _start_worker(job: Job) -> None:
    global _worker_job
    _worker_job = job


def _read_in_worker(path: Path) -> Read:
    assert _worker_job is not None, "worker started without its job"
    return read_file(path, _worker_job)

"""Reading a batch of files: archive each by sha256, then read it with the kind that recognises it
— or refuse it.

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
from pathlib import Path

from ingest.core.archive import archive_file, quarantine_file
from ingest.core.problems import Problem, Refused
from ingest.kinds import AlreadyLoaded, Incoming, Job, Read, Rejected
from ingest.registry import recognise

# Smaller batches are read in this process: starting workers costs ~0.15 s and loading cannot
# overlap reading in a batch of one chunk, so on 2 cores workers only pay from 150–300 files.
PARALLEL_FROM = 200
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
READS_PER_TASK = 32  # files a worker reads per round trip, so that queueing costs little beside reading

log = logging.getLogger(__name__)


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
        return Read(path, "", None, 0, Rejected((Problem("file", f"could not be read: {exc}"),)))
    if sha256 in job.known:
        return Read(path, sha256, archived, size, AlreadyLoaded())
    kind_name = None
    try:
        with Incoming(archived, path.name) as incoming:  # the archived bytes are the ones we hashed
            kind = recognise(incoming, job.fw, job.kinds)
            kind_name = kind.name
            return Read(path, sha256, archived, size, kind.read(incoming, job))
    except Refused as refused:
        problems = refused.problems
    except Exception as exc:  # a reader bug or an odd file must not stop the batch
        problems = [Problem("file", f"could not be read: {exc}")]
    quarantined = quarantine_file(path, sha256, problems, job.home)
    return Read(path, sha256, archived, size, Rejected(tuple(problems), quarantined.name, kind_name))


_worker_job: Job | None = None


def _start_worker(job: Job) -> None:
    global _worker_job
    _worker_job = job


def _read_in_worker(path: Path) -> Read:
    assert _worker_job is not None, "worker started without its job"
    return read_file(path, _worker_job)

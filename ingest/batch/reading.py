"""Reading a batch of files: archive each by sha256, then read it with the kind that recognises it
— or refuse it.

Reading is most of ingestion's work, shares nothing between files, and is where a hostile file
does its harm, so it always runs in worker processes (ingest.batch.workers), each with its own
memory and CPU caps, on every core, while the loader writes what is already read. A file that
stops its worker — a native crash, the memory or CPU cap — is refused with the reason and
quarantined, and the rest of the batch reads on. Workers import only this module's light
dependencies, never DuckDB or Arrow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.batch import workers
from ingest.core.archive import NotAFile, archive_file, quarantine_entry, quarantine_file
from ingest.core.names import recorded
from ingest.core.problems import Problem, Refused, capped
from ingest.kinds import AlreadyLoaded, Incoming, Job, Read, Rejected
from ingest.registry import recognise


def read_files(paths: list[Path], job: Job) -> Iterator[Read]:
    """Each file read, in input order, in capped worker processes."""
    limits = workers.Limits.from_env()
    for path, read in zip(paths, workers.run(_read_in_worker, paths, _start_worker, (job,), limits)):
        if isinstance(read, workers.Stopped):
            read = _stopped(path, job, f"the reader stopped while reading this file ({read.why})")
        yield read


def read_file(path: Path, job: Job) -> Read:
    """Archive first, so that the bytes read are the bytes kept; a refused file is quarantined here."""
    try:
        sha256, archived = archive_file(path, job.home)
        size = archived.stat().st_size
    except NotAFile as refused:
        return _not_a_file(path, job, refused.problems)
    except OSError as exc:
        return Read(path, "", None, 0, Rejected((Problem("file", f"could not be read: {exc}"),)))
    if sha256 in job.known:
        return Read(path, sha256, archived, size, AlreadyLoaded())
    kind_name = None
    try:
        with Incoming(archived, recorded(path.name)) as incoming:  # the archived bytes are the ones we hashed
            kind = recognise(incoming, job.fw, job.kinds)
            kind_name = kind.name
            return Read(path, sha256, archived, size, kind.read(incoming, job))
    except Refused as refused:
        problems = capped(refused.problems)
    except MemoryError:
        raise  # the worker says so (ingest.batch.workers) and hands on to a fresh one
    except Exception as exc:  # a reader bug or an odd file must not stop the batch
        problems = (Problem("file", f"could not be read: {exc}"),)
    quarantined = quarantine_file(path, sha256, problems, job.home)
    return Read(path, sha256, archived, size, Rejected(problems, quarantined.name, kind_name))


def _stopped(path: Path, job: Job, reason: str) -> Read:
    """A file that stopped its reader: archived (if its worker had not) and quarantined with the reason."""
    problems = (Problem("file", reason),)
    try:
        sha256, archived = archive_file(path, job.home)
        quarantined = quarantine_file(path, sha256, problems, job.home)
    except (OSError, Refused) as exc:
        return Read(path, "", None, 0, Rejected((*problems, Problem("file", f"could not be kept: {exc}"))))
    return Read(path, sha256, archived, archived.stat().st_size, Rejected(problems, quarantined.name))


def _not_a_file(path: Path, job: Job, problems: list[Problem]) -> Read:
    """A link, directory, device, FIFO or socket is never read. One waiting in the inbox is moved
    (itself, never a link's target) into quarantine, so that it does not come back every run; one
    given anywhere else is left where it is."""
    problems = tuple(problems)
    if path.parent.resolve() != job.home.inbox.resolve():
        return Read(path, "", None, 0, Rejected(problems))
    try:
        moved = quarantine_entry(path, problems, job.home)
    except OSError as exc:
        return Read(path, "", None, 0, Rejected((*problems, Problem("file", f"could not be moved out of the inbox: {exc}"))))
    return Read(path, "", None, 0, Rejected(problems, moved.name))


_worker_job: Job | None = None


def _start_worker(job: Job) -> None:
    global _worker_job
    _worker_job = job


def _read_in_worker(path: Path) -> Read:
    assert _worker_job is not None, "worker started without its job"
    return read_file(path, _worker_job)

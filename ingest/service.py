"""Ingesting a batch of files into the raw tables: the one code path behind every entry point.

Each file is archived first and then handled in its own transaction, so a bad file is refused and
quarantined without stopping the batch, and a crash never leaves half a submission loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa

from framework.model import Framework
from ingest.archive import archive_file, quarantine_file
from ingest.home import Home
from ingest.identify import Identity, identify
from ingest.model import FileOutcome, Problem, Refused, Submission
from ingest.raw import ensure_raw_tables
from ingest.readers import read_submission

HIDDEN_PREFIXES = (".", "~$")  # dot files, and the lock files Excel leaves beside an open workbook
T = TypeVar("T")


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
    with duckdb.connect(str(home.warehouse)) as con:
        ensure_raw_tables(con)
        return [_ingest_one(con, Path(path), home, fw, area, year) for path in paths]


def _ingest_one(
    con: duckdb.DuckDBPyConnection, path: Path, home: Home, fw: Framework, area: str | None, year: int | None
) -> FileOutcome:
    try:
        sha256, archived = archive_file(path, home)
    except OSError as exc:
        outcome = _refused(path.name, "", [Problem("file", f"could not be read: {exc}")], "")
        _in_transaction(con, lambda: _record(con, outcome))
        return outcome

    earlier = con.execute(
        "select file_name, area_code, assessment_year from raw.submissions where submission_id = ?", [sha256]
    ).fetchone()
    if earlier:
        name, area_code, assessment_year = earlier
        outcome = FileOutcome(
            path.name, sha256, "unchanged", area_code, fw.area(area_code).name, assessment_year,
            detail=f"identical to {name}, already loaded",
        )
        _in_transaction(con, lambda: _record(con, outcome))
    else:
        outcome = _load_or_refuse(con, path, archived, sha256, home, fw, area, year)
    _leave_inbox(path, home)
    return outcome


def _load_or_refuse(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    archived: Path,
    sha256: str,
    home: Home,
    fw: Framework,
    area: str | None,
    year: int | None,
) -> FileOutcome:
    try:
        submission = read_submission(archived, fw)  # the archived bytes are the ones we hashed
        identity = identify(submission, path.name, fw, area, year)
    except Refused as refused:
        problems = refused.problems
    except Exception as exc:  # a reader bug or an odd file must not stop the batch
        problems = [Problem("file", f"could not be read: {exc}")]
    else:
        try:
            outcome = _in_transaction(con, lambda: _load(con, path, archived, sha256, submission, identity))
        except Exception as exc:  # rolled back; the file is refused like any other
            problems = [Problem("file", f"could not be loaded: {exc}")]
        else:
            return outcome

    quarantined = quarantine_file(path, sha256, problems, home)
    outcome = _refused(path.name, sha256, problems, f"quarantined as {quarantined.name}")
    _in_transaction(con, lambda: _record(con, outcome))
    return outcome


def _load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    archived: Path,
    sha256: str,
    submission: Submission,
    identity: Identity,
) -> FileOutcome:
    now = _now()
    group_key = (submission.group_label or "").strip().lower()
    replaced = con.execute(
        """select submission_id, file_name from raw.submissions
           where area_code = ? and assessment_year = ? and coalesce(lower(trim(group_label)), '') = ?
             and superseded_by is null
           order by loaded_at""",
        [identity.area_code, identity.assessment_year, group_key],
    ).fetchall()

    con.execute(  # "where not exists" rather than "on conflict": half the cost in DuckDB
        """insert into raw.files (sha256, file_name, archive_path, size_bytes, first_seen_at)
           select ?, ?, ?, ?, ? where not exists (select 1 from raw.files where sha256 = ?)""",
        [sha256, path.name, str(archived), archived.stat().st_size, now, sha256],
    )
    con.execute(
        """insert into raw.submissions (submission_id, file_name, reader, area_code, assessment_year, group_label,
                                        is_synthetic, area_source, year_source, loaded_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [sha256, path.name, submission.reader, identity.area_code, identity.assessment_year,
         submission.group_label, submission.is_synthetic, identity.area_source, identity.year_source, now],
    )
    participants = submission.participants
    _append(con, "raw.participants", {
        "submission_id": [sha256] * len(participants),
        "participant_id": [p.participant_id for p in participants],
        "participant_label": pa.array([p.label for p in participants], pa.string()),
        "sector": pa.array([p.sector for p in participants], pa.string()),
        "role_level": pa.array([p.role_level for p in participants], pa.string()),
    })
    scores = submission.scores
    _append(con, "raw.scores", {
        "submission_id": [sha256] * len(scores),
        "participant_id": [s.participant_id for s in scores],
        "grain": [s.grain for s in scores],
        "item_id": [s.item_id for s in scores],
        "score": pa.array([s.score for s in scores], pa.int32()),
        "is_skipped": [s.score is None for s in scores],
        "raw_value": pa.array([s.raw_value for s in scores], pa.string()),
        "sheet": [s.sheet for s in scores],
        "cell": [s.cell for s in scores],
    })
    if replaced:
        con.execute(
            f"update raw.submissions set superseded_by = ? where submission_id in ({', '.join('?' * len(replaced))})",
            [sha256, *(old_id for old_id, _ in replaced)],
        )

    detail = _counts(submission)
    if replaced:
        detail = f"replaces {', '.join(name for _, name in replaced)}; {detail}"
    outcome = FileOutcome(
        path.name, sha256, "superseded" if replaced else "accepted",
        identity.area_code, identity.area_name, identity.assessment_year, detail,
    )
    _record(con, outcome)
    return outcome


def _counts(submission: Submission) -> str:
    counted = Counter("skipped" if s.score is None else s.grain for s in submission.scores)
    text = (f"{len(submission.participants)} participants, "
            f"{counted['enabler']} enabler and {counted['indicator']} indicator scores")
    return text + (f", {counted['skipped']} skipped" if counted["skipped"] else "")


def _refused(file_name: str, sha256: str, problems: list[Problem], detail: str) -> FileOutcome:
    return FileOutcome(file_name, sha256, "refused", detail=detail, problems=tuple(problems))


def _record(con: duckdb.DuckDBPyConnection, outcome: FileOutcome) -> None:
    """The audit trail: one event per file handled, one rejection row per problem."""
    now = _now()
    con.execute(
        """insert into audit.file_events (event_at, file_name, sha256, status, area_code, assessment_year, detail)
           values (?, ?, ?, ?, ?, ?, ?)""",
        [now, outcome.file_name, outcome.sha256, outcome.status, outcome.area_code, outcome.assessment_year,
         outcome.detail],
    )
    if outcome.problems:
        problems = outcome.problems
        _append(con, "audit.rejections", {
            "file_name": [outcome.file_name] * len(problems),
            "location": [p.location for p in problems],
            "reason": [p.reason for p in problems],
            "sha256": pa.array([outcome.sha256 or None] * len(problems), pa.string()),
            "rejected_at": [now] * len(problems),
        })


def _append(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list | pa.Array]) -> None:
    """One bulk insert through Arrow: per-row statements are far too slow for ~1,000 scores a file."""
    rows = pa.table(columns)
    con.register("incoming_rows", rows)
    try:
        con.execute(f"insert into {table} by name select * from incoming_rows")
    finally:
        con.unregister("incoming_rows")


def _in_transaction(con: duckdb.DuckDBPyConnection, work: Callable[[], T]) -> T:
    con.begin()
    try:
        result = work()
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return result


def _leave_inbox(path: Path, home: Home) -> None:
    """Inbox files are consumed once handled (they live on in the archive); others stay put."""
    if path.parent.resolve() == home.inbox.resolve():
        path.unlink(missing_ok=True)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)

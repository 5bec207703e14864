"""Loading assessments into raw.submissions, raw.participants and raw.scores, and what the
partnership wrote beyond its scores into raw.reflections, raw.challenge_answers,
raw.integration_models, raw.priorities and raw.submission_notes: a whole chunk of files per
statement, and the versions they supersede marked in the same transaction."""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, repeat

import duckdb
import pyarrow as pa

from ingest import tables as T
from ingest.assessments.loadable import Loadable
from ingest.batch.ledger import Ledger, Version, group_key
from ingest.kinds import Landed, Read
from ingest.results import FileOutcome, FileStatus

PARTICIPANT_COLUMNS = {  # raw.participants column ← ParticipantRecord field
    "participant_id": "participant_id", "participant_label": "label", "sector": "sector", "role_level": "role_level",
    "organisation": "organisation", "role_text": "role_text",
}
SCORE_COLUMNS = {name: name for name in ("participant_id", "grain", "item_id", "score", "raw_value", "sheet", "cell")}
# Each narrative table with the Submission field holding its records, and the record fields it
# takes (raw columns of the same names).
NARRATIVE = (
    (T.REFLECTIONS, "reflections", ("level", "item_id", "kind", "text", "location")),
    (T.CHALLENGE_ANSWERS, "challenges", ("challenge_id", "status", "status_text", "within_gift", "location")),
    (T.INTEGRATION_MODELS, "models",
     ("scope", "current_model", "aspired_model", "current_text", "aspired_text", "location")),
    (T.PRIORITIES, "priorities", ("priority_no", "text", "enabler_ids", "enablers_text", "owner_role",
                                  "review_date", "review_date_text", "location")),
    (T.SUBMISSION_NOTES, "unplaced", ("location", "text", "reason")),
)
# How the outcome line counts each: (Submission field, one, many)
NARRATIVE_COUNTS = (
    ("reflections", "reflection", "reflections"), ("challenges", "challenge", "challenges"),
    ("models", "integration model", "integration models"), ("priorities", "priority", "priorities"),
    ("unplaced", "unplaced note", "unplaced notes"),
)


@dataclass(frozen=True)
class Plan:
    """What will be written for one file: its rows, its outcome, and what it supersedes."""

    read: Read
    loadable: Loadable
    at: datetime
    outcome: FileOutcome
    replaces: tuple[str, ...] = ()


def load_assessments(con: duckdb.DuckDBPyConnection, files: Sequence[Landed], ledger: Ledger) -> list[FileOutcome]:
    """Decide each file against the ledger (recording it there), then write them all."""
    plans = [plan(landed, ledger) for landed in files]
    write_assessments(con, plans)
    return [p.outcome for p in plans]


def plan(landed: Landed, ledger: Ledger) -> Plan:
    """Accepted, or superseding the current version of the same area, year and group."""
    read, loadable = landed.read, landed.accepted.content
    identity = loadable.identity
    key = (identity.area_code, identity.assessment_year, group_key(loadable.head.group_label))
    replaced = ledger.current.get(key, [])
    ledger.current[key] = [Version(read.sha256, read.name, identity.area_code, identity.area_name,
                                   identity.assessment_year)]
    detail = "; ".join((_counts(loadable), *loadable.head.notes))
    if replaced:
        detail = f"replaces {', '.join(v.file_name for v in replaced)}; {detail}"
    outcome = FileOutcome(
        read.name, read.sha256, FileStatus.SUPERSEDED if replaced else FileStatus.ACCEPTED,
        identity.area_code, identity.area_name, identity.assessment_year, detail,
    )
    return Plan(read, loadable, landed.at, outcome, tuple(v.sha256 for v in replaced))


def _counts(loadable: Loadable) -> str:
    """The outcome line's summary, counted in C: this runs for every file of a batch."""
    scores, grains = loadable.scores["score"], loadable.scores["grain"]
    scored = Counter(compress(grains, map(operator.is_not, scores, repeat(None))))
    skipped = scores.count(None)
    text = (f"{len(loadable.participants['participant_id'])} participants, "
            f"{scored['enabler']} enabler and {scored['indicator']} indicator scores")
    text += f", {skipped} skipped" if skipped else ""
    head = loadable.head
    said = [f"{n} {one if n == 1 else many}" for name, one, many in NARRATIVE_COUNTS if (n := len(getattr(head, name)))]
    return "; ".join((text, ", ".join(said))) if said else text


def write_assessments(con: duckdb.DuckDBPyConnection, plans: list[Plan]) -> None:
    """Raw rows of a chunk of files, a whole chunk per statement; the caller owns the transaction."""
    if not plans:
        return

    def column(value: Callable[[Plan], object]) -> list:
        return [value(p) for p in plans]

    T.append(con, T.SUBMISSIONS, {
        "submission_id": column(lambda p: p.read.sha256),
        "file_name": column(lambda p: p.read.name),
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
    T.append(con, T.PARTICIPANTS, _joined(plans, "participants", PARTICIPANT_COLUMNS))
    T.append(con, T.SCORES, _joined(plans, "scores", SCORE_COLUMNS))
    for table, records, columns in NARRATIVE:
        rows = _narrative(plans, records, columns)
        if rows["submission_id"]:
            T.append(con, table, rows)
    superseding = [(old, p.read.sha256) for p in plans for old in p.replaces]
    if superseding:
        con.register("superseding", pa.table({"old_id": [old for old, _ in superseding],
                                              "new_id": [new for _, new in superseding]}))
        try:
            con.execute("""update raw.submissions set superseded_by = superseding.new_id from superseding
                           where raw.submissions.submission_id = superseding.old_id""")
        finally:
            con.unregister("superseding")


def _joined(plans: list[Plan], records: str, columns: dict[str, str]) -> dict[str, list]:
    """A chunk's records as raw columns, each row keyed by its file's sha256."""
    joined: dict[str, list] = {"submission_id": [], **{raw: [] for raw in columns}}
    for p in plans:
        found = getattr(p.loadable, records)
        joined["submission_id"] += [p.read.sha256] * len(found[columns["participant_id"]])
        for raw, name in columns.items():
            joined[raw] += found[name]
    return joined


def _narrative(plans: list[Plan], records: str, columns: tuple[str, ...]) -> dict[str, list]:
    """A chunk's narrative records of one kind as raw columns, each row keyed by its file's sha256;
    few per file (a handful of challenges and priorities), so read straight off the records."""
    rows: dict[str, list] = {"submission_id": [], **{name: [] for name in columns}}
    for p in plans:
        found = getattr(p.loadable.head, records)
        rows["submission_id"] += [p.read.sha256] * len(found)
        for name in columns:
            rows[name] += [_raw(getattr(record, name)) for record in found]
    return rows


def _raw(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value

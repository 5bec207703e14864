"""Keeping paper entries until their partner arrives, and reading them back to compare.

A first entry may wait days for its second, and a pair with disagreements waits for resolution
files; so every entry's forms and scores are kept in `raw.transcribed_forms` and
`raw.transcribed_scores`, its narrative fields in `raw.transcribed_narrative`, and its progress in
`raw.transcriptions`, rather than in memory. The tables are declared in `ingest.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from framework.model import Framework
from ingest import tables
from ingest.core.submission import ParticipantRecord, ScoreRecord, Submission
from ingest.paper.compare import Entry
from ingest.paper.model import Disagreement
from ingest.paper.narrative import typed_fields

UNLOADED = ("pending", "compared")  # entries that may still pair, be settled, or be replaced


@dataclass(frozen=True)
class Key:
    """What a first and a second entry must share to be two typings of the same forms."""

    area_code: str
    assessment_year: int
    group_key: str


def group_key(group_label: str | None) -> str:
    """How groups are matched, as the ingest service matches them when one submission supersedes another."""
    return (group_label or "").strip().lower()


def record_file(con: duckdb.DuckDBPyConnection, submission: Submission, key: Key, sha256: str, file_name: str,
                status: str) -> None:
    tables.append(con, tables.TRANSCRIPTIONS, {
        "sha256": [sha256], "file_name": [file_name], "area_code": [key.area_code],
        "assessment_year": [key.assessment_year], "group_label": [submission.group_label],
        "group_key": [key.group_key], "entry": [submission.entry], "transcriber": [submission.transcriber],
        "is_synthetic": [submission.is_synthetic], "received_at": [now()], "status": [status],
    })


def store_values(con: duckdb.DuckDBPyConnection, submission: Submission, sha256: str, fw: Framework) -> None:
    """Keep an entry's forms, scores and narrative so that it can be compared with an entry that arrives later."""
    forms, scores = submission.participants, submission.scores
    tables.append(con, tables.TRANSCRIBED_FORMS, tables.columns_of(forms, {
        "form_id": "participant_id", "participant_label": "label", "sector": "sector", "role_level": "role_level",
        "location": "location", "organisation": "organisation", "role_text": "role_text"}, sha256=sha256))
    tables.append(con, tables.TRANSCRIBED_SCORES, tables.columns_of(scores, {
        "form_id": "participant_id", **tables.same_names("grain", "item_id", "score", "raw_value", "sheet", "cell")},
        sha256=sha256))
    fields = typed_fields(submission, fw)
    tables.append(con, tables.TRANSCRIBED_NARRATIVE, {
        "sha256": [sha256] * len(fields), "item_id": list(fields),
        "value": [value for value, _ in fields.values()], "location": [location for _, location in fields.values()]})


def current(con: duckdb.DuckDBPyConnection, key: Key, entry: str) -> str | None:
    """The unloaded entry of this kind for the key; replacing keeps there from being more than one."""
    found = con.execute(
        f"""select sha256 from raw.transcriptions
            where area_code = ? and assessment_year = ? and group_key = ? and entry = ?
              and status in ({', '.join('?' * len(UNLOADED))})""",
        [key.area_code, key.assessment_year, key.group_key, entry, *UNLOADED],
    ).fetchone()
    return found[0] if found else None


def replace_unloaded(con: duckdb.DuckDBPyConnection, key: Key, entries: tuple[str, ...], sha256: str) -> list[str]:
    """A re-sent entry replaces the unloaded one it corrects, closing that one's open disagreements."""
    replaced = con.execute(
        f"""select sha256, file_name from raw.transcriptions
            where area_code = ? and assessment_year = ? and group_key = ?
              and entry in ({', '.join('?' * len(entries))}) and status in ({', '.join('?' * len(UNLOADED))})
            order by received_at""",
        [key.area_code, key.assessment_year, key.group_key, *entries, *UNLOADED],
    ).fetchall()
    if replaced:
        old = [sha for sha, _ in replaced]
        marks = ", ".join("?" * len(old))
        con.execute(f"update raw.transcriptions set status = 'superseded', superseded_by = ? where sha256 in ({marks})",
                    [sha256, *old])
        con.execute(f"""update audit.transcription_disagreements set status = 'replaced'
                        where status = 'open' and (first_sha256 in ({marks}) or second_sha256 in ({marks}))""",
                    [*old, *old])
    return [name for _, name in replaced]


def stored_entry(con: duckdb.DuckDBPyConnection, sha256: str) -> Entry:
    """A kept entry, as `ingest.paper.compare` compares it."""
    file_name, transcriber, group_label, is_synthetic = con.execute(
        "select file_name, transcriber, group_label, is_synthetic from raw.transcriptions where sha256 = ?", [sha256]
    ).fetchone()
    forms = {
        row[0]: ParticipantRecord(*row)
        for row in con.execute(
            """select form_id, participant_label, sector, role_level, location, organisation, role_text
               from raw.transcribed_forms where sha256 = ?""", [sha256]).fetchall()
    }
    scores: dict[tuple[str, str], dict[str, ScoreRecord]] = {}
    for row in con.execute(
        "select form_id, grain, item_id, score, raw_value, sheet, cell from raw.transcribed_scores where sha256 = ?",
        [sha256],
    ).fetchall():
        record = ScoreRecord(*row)
        scores.setdefault((record.grain, record.participant_id), {})[record.item_id] = record
    narrative = {item_id: (value, location) for item_id, value, location in con.execute(
        "select item_id, value, location from raw.transcribed_narrative where sha256 = ?", [sha256]).fetchall()}
    return Entry(sha256, file_name, transcriber, group_label, is_synthetic, forms, scores, narrative)


def set_status(con: duckdb.DuckDBPyConnection, shas: list[str], status: str, loaded_as: str | None = None) -> None:
    marks = ", ".join("?" * len(shas))
    con.execute(f"update raw.transcriptions set status = ?, loaded_as = ? where sha256 in ({marks})",
                [status, loaded_as, *shas])


def record_disagreements(con: duckdb.DuckDBPyConnection, area_code: str, assessment_year: int, first: Entry,
                         second: Entry, found: list[Disagreement]) -> None:
    """Open disagreements between a pair, for `ingest.paper.disagreements` to list and resolutions to settle."""
    n = len(found)
    tables.append(con, tables.TRANSCRIPTION_DISAGREEMENTS, {
        "area_code": [area_code] * n,
        "assessment_year": [assessment_year] * n,
        "group_label": [first.group_label] * n,
        "form_id": [d.form_id for d in found],
        "item_id": [d.item_id for d in found],
        "first_value": [d.first_value for d in found],
        "second_value": [d.second_value for d in found],
        "first_location": [d.first_location for d in found],
        "second_location": [d.second_location for d in found],
        "first_file": [first.file_name] * n,
        "second_file": [second.file_name] * n,
        "first_sha256": [first.sha256] * n,
        "second_sha256": [second.sha256] * n,
        "recorded_at": [now()] * n,
        "status": ["open"] * n,
    })


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)

"""Double data entry for paper forms: two independent typings must agree before anything loads.

A slip while typing up a paper form changes a borough's figures without trace. So the same forms
are typed twice, by different people, and compared form by form and item by item: where the two
agree the value stands; every disagreement is recorded in `audit.transcription_disagreements` and
the whole set is held back until a resolution file (`ingest.paper.write_resolution_workbook`),
filled in by someone with the paper forms in hand, settles each one. Typing once is allowed but
the load is marked "single" so that nobody mistakes it for checked data.

`settle` is the one entry point: the ingest service calls it, inside the file's transaction, for
every identified submission whose `entry` is not "workbook", and loads what it releases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from framework.model import Framework
from ingest import paper_layout as P
from ingest.identify import Identity
from ingest.model import ParticipantRecord, Problem, Refused, ScoreRecord, Submission
from ingest.paper import write_resolution_workbook
from ingest.readers.paper_transcription import PaperTranscriptionReader

PAPER_ENTRIES = ("single", "first", "second", "resolution")
SETTLEMENT_KINDS = ("load", "held", "waiting", "unchanged")
UNLOADED = ("pending", "compared")  # entries that may still pair, be settled, or be replaced
DETAIL_ATTRIBUTES = {"participant_label": "label", "sector": "sector", "role_level": "role_level"}

DDL = """
create schema if not exists raw;
create schema if not exists audit;

create table if not exists raw.transcriptions (
    sha256          varchar primary key,
    file_name       varchar not null,
    area_code       varchar not null,
    assessment_year integer not null,
    group_label     varchar,
    group_key       varchar not null,   -- lower(trim(group_label)), '' for none: entries pair on it
    entry           varchar not null,   -- single | first | second | resolution
    transcriber     varchar,            -- who typed the forms, or who settled a resolution file
    is_synthetic    boolean not null,
    received_at     timestamp not null,
    status          varchar not null,   -- pending | compared | loaded | superseded | applied (resolutions)
    loaded_as       varchar,            -- the raw.submissions.submission_id its values were loaded under
    superseded_by   varchar             -- the entry that replaced it before it loaded
);

create table if not exists raw.transcribed_forms (
    sha256            varchar not null,
    form_id           varchar not null,
    participant_label varchar,
    sector            varchar,
    role_level        varchar,
    location          varchar,          -- the form's row: "'Enabler forms'!A7"
    primary key (sha256, form_id)
);

create table if not exists raw.transcribed_scores (
    sha256          varchar not null,
    form_id         varchar not null,
    grain           varchar not null,   -- enabler | indicator
    item_id         varchar not null,
    score           integer,            -- null when skipped
    is_skipped      boolean not null,
    raw_value       varchar,
    sheet           varchar not null,
    cell            varchar not null
);

create table if not exists audit.transcription_disagreements (
    area_code          varchar not null,
    assessment_year    integer not null,
    group_label        varchar,
    form_id            varchar not null,
    item_id            varchar not null,   -- E01, E01.1, form, indicator_form, participant_label, sector, role_level
    first_value        varchar,            -- "3", "skip", a detail (null: blank), "present" | "absent"
    second_value       varchar,
    first_location     varchar,
    second_location    varchar,
    first_file         varchar not null,
    second_file        varchar not null,
    first_sha256       varchar not null,
    second_sha256      varchar not null,
    recorded_at        timestamp not null,
    status             varchar not null,   -- open | resolved | replaced (an entry was re-sent first)
    resolved_value     varchar,
    resolved_location  varchar,
    resolved_by        varchar,
    resolved_by_file   varchar,
    resolved_by_sha256 varchar,
    resolved_at        timestamp
);
"""


@dataclass(frozen=True)
class Disagreement:
    """One place where the first and second entry differ, with both values as typed."""

    form_id: str
    item_id: str
    first_value: str | None
    second_value: str | None
    first_location: str | None  # None when the form (or its dig-deeper row) is missing from that entry
    second_location: str | None


@dataclass(frozen=True)
class Settlement:
    """What to do with a paper submission: load `submission` now, or nothing yet and why."""

    kind: str  # one of SETTLEMENT_KINDS
    detail: str
    submission: Submission | None = None  # set only when kind is "load"
    disagreements: tuple[Disagreement, ...] = ()  # the open ones when kind is "held"


@dataclass(frozen=True)
class _Key:
    area_code: str
    assessment_year: int
    group_key: str


@dataclass(frozen=True)
class _Entry:
    """A stored first or second entry, as compared."""

    sha256: str
    file_name: str
    transcriber: str | None
    group_label: str | None
    is_synthetic: bool
    forms: dict[str, ParticipantRecord]
    scores: dict[tuple[str, str], dict[str, ScoreRecord]]  # (grain, form ID) → item ID → score


@dataclass
class _Reconciled:
    """The two entries taken together: what is still open, and the values that stand."""

    open: list[Disagreement] = field(default_factory=list)
    participants: list[ParticipantRecord] = field(default_factory=list)
    scores: list[ScoreRecord] = field(default_factory=list)


def ensure_transcription_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def settle(
    con: duckdb.DuckDBPyConnection, submission: Submission, identity: Identity, sha256: str, file_name: str
) -> Settlement:
    """Record a paper entry or resolution file and say what, if anything, can load now.

    Runs inside the caller's transaction. Raises Refused when a resolution file names a
    disagreement that is not open; nothing it wrote then survives the caller's rollback.
    """
    if submission.entry not in PAPER_ENTRIES:
        raise ValueError(f"'{submission.entry}' is not a paper entry ({', '.join(PAPER_ENTRIES)})")
    seen = con.execute("select file_name, entry, status from raw.transcriptions where sha256 = ?", [sha256]).fetchone()
    if seen:
        return Settlement("unchanged", f"identical to {seen[0]}, already received ({seen[1]}, {seen[2]})")
    key = _Key(identity.area_code, identity.assessment_year, _group_key(submission.group_label))
    if submission.entry == "resolution":
        return _apply_resolutions(con, submission, identity, key, sha256, file_name)

    replaced = _replace_unloaded(con, key, ("first", "second") if submission.entry == "single" else (submission.entry,),
                                 sha256)
    note = f"replaces {', '.join(replaced)}; " if replaced else ""
    _record_file(con, submission, key, sha256, file_name, "pending")
    if submission.entry == "single":
        _set_status(con, [sha256], "loaded", loaded_as=sha256)
        return Settlement("load", f"{note}single entry typed by {submission.transcriber}, not double-checked",
                          submission)
    _store_values(con, submission, sha256)
    other = "second" if submission.entry == "first" else "first"
    partner = _current(con, key, other)
    if partner is None:
        return Settlement("waiting", f"{note}{submission.entry} entry by {submission.transcriber} stored; "
                                     f"waiting for the {other} entry")
    first, second = (sha256, partner) if submission.entry == "first" else (partner, sha256)
    first_entry, second_entry = _entry(con, first), _entry(con, second)
    reconciled = _reconcile(first_entry, second_entry, {})
    if reconciled.open:
        _record_disagreements(con, identity, first_entry, second_entry, reconciled.open)
        _set_status(con, [first, second], "compared")
        return Settlement("held", note + _held(len(reconciled.open)), disagreements=tuple(reconciled.open))
    return _release(con, submission, first_entry, second_entry, reconciled, sha256, "all values agree", note)


def open_disagreements(
    con: duckdb.DuckDBPyConnection, area_code: str, assessment_year: int, group_label: str | None
) -> list[Disagreement]:
    """The disagreements still waiting to be settled for one area, year and group, form by form."""
    rows = con.execute(
        """select form_id, item_id, first_value, second_value, first_location, second_location
           from audit.transcription_disagreements
           where area_code = ? and assessment_year = ? and coalesce(lower(trim(group_label)), '') = ?
             and status = 'open'""",
        [area_code, assessment_year, _group_key(group_label)],
    ).fetchall()
    return sorted((Disagreement(*row) for row in rows), key=lambda d: (_natural(d.form_id), _item_order(d.item_id)))


def write_resolution_template(
    con: duckdb.DuckDBPyConnection, fw: Framework, area_code: str, assessment_year: int, group_label: str | None,
    path: Path,
) -> Path:
    """A resolution workbook pre-filled with the open disagreements, for someone to settle from the paper."""
    found = open_disagreements(con, area_code, assessment_year, group_label)
    if not found:
        group = f", group '{group_label}'" if group_label else ""
        raise ValueError(f"no open disagreements for {fw.area(area_code).name} {assessment_year}{group}")
    return write_resolution_workbook(path, fw, area_code, assessment_year, group_label, found)


# --- storing and fetching entries ---------------------------------------------------------------------


def _group_key(group_label: str | None) -> str:
    """How groups are matched, as the ingest service matches them when one submission supersedes another."""
    return (group_label or "").strip().lower()


def _record_file(con: duckdb.DuckDBPyConnection, submission: Submission, key: _Key, sha256: str, file_name: str,
                 status: str) -> None:
    con.execute(
        """insert into raw.transcriptions (sha256, file_name, area_code, assessment_year, group_label, group_key, entry,
                                           transcriber, is_synthetic, received_at, status)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [sha256, file_name, key.area_code, key.assessment_year, submission.group_label, key.group_key,
         submission.entry, submission.transcriber, submission.is_synthetic, _now(), status],
    )


def _store_values(con: duckdb.DuckDBPyConnection, submission: Submission, sha256: str) -> None:
    """Keep an entry's forms and scores so that it can be compared with an entry that arrives later."""
    forms, scores = submission.participants, submission.scores
    _append(con, "raw.transcribed_forms", {
        "sha256": [sha256] * len(forms),
        "form_id": [f.participant_id for f in forms],
        "participant_label": pa.array([f.label for f in forms], pa.string()),
        "sector": pa.array([f.sector for f in forms], pa.string()),
        "role_level": pa.array([f.role_level for f in forms], pa.string()),
        "location": pa.array([f.location for f in forms], pa.string()),
    })
    _append(con, "raw.transcribed_scores", {
        "sha256": [sha256] * len(scores),
        "form_id": [s.participant_id for s in scores],
        "grain": [s.grain for s in scores],
        "item_id": [s.item_id for s in scores],
        "score": pa.array([s.score for s in scores], pa.int32()),
        "is_skipped": [s.score is None for s in scores],
        "raw_value": pa.array([s.raw_value for s in scores], pa.string()),
        "sheet": [s.sheet for s in scores],
        "cell": [s.cell for s in scores],
    })


def _current(con: duckdb.DuckDBPyConnection, key: _Key, entry: str) -> str | None:
    """The unloaded entry of this kind for the key; replacing keeps there from being more than one."""
    found = con.execute(
        f"""select sha256 from raw.transcriptions
            where area_code = ? and assessment_year = ? and group_key = ? and entry = ?
              and status in ({', '.join('?' * len(UNLOADED))})""",
        [key.area_code, key.assessment_year, key.group_key, entry, *UNLOADED],
    ).fetchone()
    return found[0] if found else None


def _replace_unloaded(con: duckdb.DuckDBPyConnection, key: _Key, entries: tuple[str, ...], sha256: str) -> list[str]:
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


def _entry(con: duckdb.DuckDBPyConnection, sha256: str) -> _Entry:
    file_name, transcriber, group_label, is_synthetic = con.execute(
        "select file_name, transcriber, group_label, is_synthetic from raw.transcriptions where sha256 = ?", [sha256]
    ).fetchone()
    forms = {
        row[0]: ParticipantRecord(*row)
        for row in con.execute(
            """select form_id, participant_label, sector, role_level, location from raw.transcribed_forms
               where sha256 = ?""", [sha256]).fetchall()
    }
    scores: dict[tuple[str, str], dict[str, ScoreRecord]] = {}
    for row in con.execute(
        "select form_id, grain, item_id, score, raw_value, sheet, cell from raw.transcribed_scores where sha256 = ?",
        [sha256],
    ).fetchall():
        record = ScoreRecord(*row)
        scores.setdefault((record.grain, record.participant_id), {})[record.item_id] = record
    return _Entry(sha256, file_name, transcriber, group_label, is_synthetic, forms, scores)


def _set_status(con: duckdb.DuckDBPyConnection, shas: list[str], status: str, loaded_as: str | None = None) -> None:
    marks = ", ".join("?" * len(shas))
    con.execute(f"update raw.transcriptions set status = ?, loaded_as = ? where sha256 in ({marks})",
                [status, loaded_as, *shas])


# --- comparing ------------------------------------------------------------------------------------------

Resolved = dict[tuple[str, str], tuple[str | None, str]]  # (form ID, item ID) → (resolved value, its location)


def _reconcile(first: _Entry, second: _Entry, resolved: Resolved) -> _Reconciled:
    """Walk both entries form by form; every difference not yet resolved stays open."""
    result = _Reconciled()
    for form_id in sorted(first.forms.keys() | second.forms.keys(), key=_natural):
        a, b = first.forms.get(form_id), second.forms.get(form_id)
        if a is None or b is None:
            if _presence(result, resolved, form_id, P.FORM_ITEM, a and a.location, b and b.location, a is not None):
                kept = first if a is not None else second
                result.participants.append(kept.forms[form_id])
                result.scores.extend(record for grain in ("enabler", "indicator")
                                     for record in kept.scores.get((grain, form_id), {}).values())
            continue
        result.participants.append(_details(result, resolved, a, b))
        # a typed form always has its enabler row; only the dig-deeper row can be missing from one entry
        _scores(result, resolved, form_id, "enabler", first.scores[("enabler", form_id)],
                second.scores[("enabler", form_id)])
        dug_a, dug_b = first.scores.get(("indicator", form_id)), second.scores.get(("indicator", form_id))
        if dug_a is not None and dug_b is not None:
            _scores(result, resolved, form_id, "indicator", dug_a, dug_b)
        elif dug_a is not None or dug_b is not None:
            if _presence(result, resolved, form_id, P.INDICATOR_FORM_ITEM, _row_location(dug_a),
                         _row_location(dug_b), dug_a is not None):
                result.scores.extend((dug_a or dug_b).values())
    return result


def _presence(result: _Reconciled, resolved: Resolved, form_id: str, item_id: str, first_location: str | None,
              second_location: str | None, in_first: bool) -> bool:
    """Whether a form (or its dig-deeper row) typed in one entry only stands; open until resolved."""
    decision = resolved.get((form_id, item_id))
    if decision is None:
        first, second = (P.PRESENT, P.ABSENT) if in_first else (P.ABSENT, P.PRESENT)
        result.open.append(Disagreement(form_id, item_id, first, second, first_location, second_location))
        return False
    return decision[0] == P.PRESENT


def _details(result: _Reconciled, resolved: Resolved, a: ParticipantRecord, b: ParticipantRecord) -> ParticipantRecord:
    """Name, sector and role as both entries agree (names ignoring case and spacing), else as resolved."""
    settled = {}
    for item_id, attribute in DETAIL_ATTRIBUTES.items():
        first, second = getattr(a, attribute), getattr(b, attribute)
        if _comparable(first) == _comparable(second):
            continue
        decision = resolved.get((a.participant_id, item_id))
        if decision is None:
            result.open.append(Disagreement(a.participant_id, item_id, first, second, a.location, b.location))
        settled[attribute] = decision[0] if decision else None
    return replace(a, **settled)


def _scores(result: _Reconciled, resolved: Resolved, form_id: str, grain: str,
            first: dict[str, ScoreRecord], second: dict[str, ScoreRecord]) -> None:
    """Item by item; an item column missing from one entry reads as blank there, which is a skip."""
    for item_id in sorted(first.keys() | second.keys(), key=_natural):
        a, b = first.get(item_id), second.get(item_id)
        score_a, score_b = a and a.score, b and b.score
        if score_a == score_b:
            result.scores.append(a or b)
            continue
        decision = resolved.get((form_id, item_id))
        if decision is None:
            result.open.append(Disagreement(form_id, item_id, _shown(score_a), _shown(score_b), _where(a), _where(b)))
            continue
        value, location = decision
        sheet, cell = location.rsplit("!", 1)
        score = None if value == P.SKIP else int(value)
        result.scores.append(ScoreRecord(form_id, grain, item_id, score, value, sheet.strip("'"), cell))


def _comparable(detail: str | None) -> str | None:
    return " ".join(detail.split()).casefold() if detail else None


def _shown(score: int | None) -> str:
    return P.SKIP if score is None else str(score)


def _where(record: ScoreRecord | None) -> str | None:
    return f"'{record.sheet}'!{record.cell}" if record else None


def _row_location(records: dict[str, ScoreRecord] | None) -> str | None:
    """Where a dig-deeper row was typed: its first cell in column order."""
    if not records:
        return None
    return _where(min(records.values(), key=lambda r: _natural(r.item_id)))


def _natural(text: str) -> tuple:
    """F2 before F10, E01 before E01.1 before E01.2: forms and items in the order people number them."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _item_order(item_id: str) -> tuple:
    """As the comparison meets them, which is how the paper form reads: the form, its details, the
    enabler grid, then the dig-deeper grid."""
    fixed = (P.FORM_ITEM, *P.FIELD_ITEMS)
    if item_id in fixed:
        return (fixed.index(item_id),)
    if item_id == P.INDICATOR_FORM_ITEM:
        return (len(fixed) + 1,)
    return (len(fixed) + ("." in item_id) * 2, *_natural(item_id))


def _held(count: int) -> str:
    return (f"held: {count} disagreement{'' if count == 1 else 's'} between first and second entry, listed in "
            "audit.transcription_disagreements; settle them with a resolution file")


def _record_disagreements(con: duckdb.DuckDBPyConnection, identity: Identity, first: _Entry, second: _Entry,
                          found: list[Disagreement]) -> None:
    n = len(found)
    _append(con, "audit.transcription_disagreements", {
        "area_code": [identity.area_code] * n,
        "assessment_year": pa.array([identity.assessment_year] * n, pa.int32()),
        "group_label": pa.array([first.group_label] * n, pa.string()),
        "form_id": [d.form_id for d in found],
        "item_id": [d.item_id for d in found],
        "first_value": pa.array([d.first_value for d in found], pa.string()),
        "second_value": pa.array([d.second_value for d in found], pa.string()),
        "first_location": pa.array([d.first_location for d in found], pa.string()),
        "second_location": pa.array([d.second_location for d in found], pa.string()),
        "first_file": [first.file_name] * n,
        "second_file": [second.file_name] * n,
        "first_sha256": [first.sha256] * n,
        "second_sha256": [second.sha256] * n,
        "recorded_at": [_now()] * n,
        "status": ["open"] * n,
    })


# --- settling and releasing ---------------------------------------------------------------------------


def _apply_resolutions(con: duckdb.DuckDBPyConnection, submission: Submission, identity: Identity, key: _Key,
                       sha256: str, file_name: str) -> Settlement:
    first_sha, second_sha = _current(con, key, "first"), _current(con, key, "second")
    pair = [first_sha, second_sha]
    open_items = set()
    if first_sha and second_sha:
        open_items = set(con.execute(
            """select form_id, item_id from audit.transcription_disagreements
               where first_sha256 = ? and second_sha256 = ? and status = 'open'""", pair).fetchall())
    problems = [Problem(r.location, _not_open(con, identity, submission.group_label, pair, r.form_id, r.item_id))
                for r in submission.resolutions if (r.form_id, r.item_id) not in open_items]
    if problems:
        raise Refused(problems)

    _record_file(con, submission, key, sha256, file_name, "applied")
    now = _now()
    for r in submission.resolutions:
        con.execute(
            """update audit.transcription_disagreements
               set status = 'resolved', resolved_value = ?, resolved_location = ?, resolved_by = ?,
                   resolved_by_file = ?, resolved_by_sha256 = ?, resolved_at = ?
               where first_sha256 = ? and second_sha256 = ? and status = 'open' and form_id = ? and item_id = ?""",
            [r.value, r.location, submission.transcriber, file_name, sha256, now, *pair, r.form_id, r.item_id],
        )
    resolved = {
        (form_id, item_id): (value, location)
        for form_id, item_id, value, location in con.execute(
            """select form_id, item_id, resolved_value, resolved_location from audit.transcription_disagreements
               where first_sha256 = ? and second_sha256 = ? and status = 'resolved'""", pair).fetchall()
    }
    first, second = _entry(con, first_sha), _entry(con, second_sha)
    reconciled = _reconcile(first, second, resolved)
    count = len(submission.resolutions)
    settled = f"settled {count} disagreement{'' if count == 1 else 's'}"
    if reconciled.open:
        return Settlement("held", f"{settled}; {_held(len(reconciled.open))}", disagreements=tuple(reconciled.open))
    return _release(con, submission, first, second, reconciled, sha256,
                    f"{len(resolved)} disagreement{'' if len(resolved) == 1 else 's'} settled by resolution")


def _not_open(con: duckdb.DuckDBPyConnection, identity: Identity, group_label: str | None, pair: list[str | None],
              form_id: str, item_id: str) -> str:
    where = f"{identity.area_name} {identity.assessment_year}" + (f", group '{group_label}'" if group_label else "")
    if None in pair:
        return f"form {form_id} {item_id}: no first and second entry for {where} are waiting to be settled"
    earlier = con.execute(
        """select resolved_by_file from audit.transcription_disagreements
           where first_sha256 = ? and second_sha256 = ? and status = 'resolved' and form_id = ? and item_id = ?""",
        [*pair, form_id, item_id]).fetchone()
    if earlier:
        return f"form {form_id} {item_id} was already settled by {earlier[0]}"
    return f"form {form_id} {item_id}: the first and second entry for {where} do not disagree there"


def _release(con: duckdb.DuckDBPyConnection, trigger: Submission, first: _Entry, second: _Entry,
             reconciled: _Reconciled, loaded_as: str, how: str, note: str = "") -> Settlement:
    """The merged entries as one submission, loaded under the file that settled them."""
    _set_status(con, [first.sha256, second.sha256], "loaded", loaded_as=loaded_as)
    transcribers = f"{first.transcriber} and {second.transcriber}"
    merged = replace(
        trigger,
        reader=PaperTranscriptionReader.name,
        group_label=first.group_label,
        is_synthetic=first.is_synthetic or second.is_synthetic,
        participants=tuple(reconciled.participants),
        scores=tuple(reconciled.scores),
        entry="double",
        transcriber=transcribers,
        resolutions=(),
    )
    return Settlement("load", f"{note}double entry by {transcribers}: {how}", merged)


def _append(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list | pa.Array]) -> None:
    """One bulk insert through Arrow, as the ingest service loads scores: per-row inserts are slow."""
    con.register("incoming_transcribed", pa.table(columns))
    try:
        con.execute(f"insert into {table} by name select * from incoming_transcribed")
    finally:
        con.unregister("incoming_transcribed")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)

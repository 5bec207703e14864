"""Double data entry for paper forms: two independent typings must agree before anything loads.

A slip while typing up a paper form changes a borough's figures without trace. So the same forms
are typed twice, by different people, and compared form by form and item by item
(`ingest.paper.compare`), and so is the partnership's narrative, field by field
(`ingest.paper.narrative`): where the two agree the value stands; every disagreement is recorded in
`audit.transcription_disagreements` and the whole set is held back until a resolution file
(`ingest.paper.disagreements.write_resolution_template`), filled in by someone with the paper forms
in hand, settles each one. Typing once is allowed but the load is marked "single" so that nobody
mistakes it for checked data.

`settle` is the one entry point: the ingest service calls it, inside the file's transaction, for
every identified submission whose `entry` is not "workbook", and loads what it releases.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb

from framework import load_framework
from framework.model import Framework
from ingest.core.identify import Identity
from ingest.core.problems import Problem, Refused
from ingest.core.submission import Submission
from ingest.paper.compare import Entry, Reconciled, reconcile
from ingest.paper.entries import (
    Key,
    current,
    group_key,
    now,
    record_disagreements,
    record_file,
    replace_unloaded,
    set_status,
    store_values,
    stored_entry,
)
from ingest.paper.model import Disagreement
from ingest.paper.narrative import comparable, place
from ingest.paper.transcription_reader import PaperTranscriptionReader

PAPER_ENTRIES = ("single", "first", "second", "resolution")
SETTLEMENT_KINDS = ("load", "held", "waiting", "unchanged")


@dataclass(frozen=True)
class Settlement:
    """What to do with a paper submission: load `submission` now, or nothing yet and why."""

    kind: str  # one of SETTLEMENT_KINDS
    detail: str
    submission: Submission | None = None  # set only when kind is "load"
    disagreements: tuple[Disagreement, ...] = ()  # the open ones when kind is "held"


def settle(
    con: duckdb.DuckDBPyConnection, submission: Submission, identity: Identity, sha256: str, file_name: str,
    fw: Framework | None = None,
) -> Settlement:
    """Record a paper entry or resolution file and say what, if anything, can load now.

    Runs inside the caller's transaction. Raises Refused when a resolution file names a
    disagreement that is not open; nothing it wrote then survives the caller's rollback. `fw`
    places the narrative's choices (the framework loaded afresh when not given).
    """
    fw = fw or load_framework()
    if submission.entry not in PAPER_ENTRIES:
        raise ValueError(f"'{submission.entry}' is not a paper entry ({', '.join(PAPER_ENTRIES)})")
    seen = con.execute("select file_name, entry, status from raw.transcriptions where sha256 = ?", [sha256]).fetchone()
    if seen:
        return Settlement("unchanged", f"identical to {seen[0]}, already received ({seen[1]}, {seen[2]})")
    key = Key(identity.area_code, identity.assessment_year, group_key(submission.group_label))
    if submission.entry == "resolution":
        return _apply_resolutions(con, submission, identity, key, sha256, file_name, fw)

    replaced = replace_unloaded(con, key, ("first", "second") if submission.entry == "single" else (submission.entry,),
                                sha256)
    note = f"replaces {', '.join(replaced)}; " if replaced else ""
    record_file(con, submission, key, sha256, file_name, "pending")
    if submission.entry == "single":
        set_status(con, [sha256], "loaded", loaded_as=sha256)
        return Settlement("load", f"{note}single entry typed by {submission.transcriber}, not double-checked",
                          submission)
    store_values(con, submission, sha256, fw)
    other = "second" if submission.entry == "first" else "first"
    partner = current(con, key, other)
    if partner is None:
        return Settlement("waiting", f"{note}{submission.entry} entry by {submission.transcriber} stored; "
                                     f"waiting for the {other} entry")
    first, second = (sha256, partner) if submission.entry == "first" else (partner, sha256)
    first_entry, second_entry = stored_entry(con, first), stored_entry(con, second)
    reconciled = reconcile(first_entry, second_entry, {}, _comparable(fw))
    if reconciled.open:
        record_disagreements(con, identity.area_code, identity.assessment_year, first_entry, second_entry,
                             reconciled.open)
        set_status(con, [first, second], "compared")
        return Settlement("held", note + _held(len(reconciled.open)), disagreements=tuple(reconciled.open))
    return _release(con, submission, first_entry, second_entry, reconciled, sha256, "all values agree", fw, note)


def _apply_resolutions(con: duckdb.DuckDBPyConnection, submission: Submission, identity: Identity, key: Key,
                       sha256: str, file_name: str, fw: Framework) -> Settlement:
    first_sha, second_sha = current(con, key, "first"), current(con, key, "second")
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

    record_file(con, submission, key, sha256, file_name, "applied")
    settled_at = now()
    for r in submission.resolutions:
        con.execute(
            """update audit.transcription_disagreements
               set status = 'resolved', resolved_value = ?, resolved_location = ?, resolved_by = ?,
                   resolved_by_file = ?, resolved_by_sha256 = ?, resolved_at = ?
               where first_sha256 = ? and second_sha256 = ? and status = 'open' and form_id = ? and item_id = ?""",
            [r.value, r.location, submission.transcriber, file_name, sha256, settled_at, *pair, r.form_id, r.item_id],
        )
    resolved = {
        (form_id, item_id): (value, location)
        for form_id, item_id, value, location in con.execute(
            """select form_id, item_id, resolved_value, resolved_location from audit.transcription_disagreements
               where first_sha256 = ? and second_sha256 = ? and status = 'resolved'""", pair).fetchall()
    }
    first, second = stored_entry(con, first_sha), stored_entry(con, second_sha)
    reconciled = reconcile(first, second, resolved, _comparable(fw))
    count = len(submission.resolutions)
    settled = f"settled {count} disagreement{'' if count == 1 else 's'}"
    if reconciled.open:
        return Settlement("held", f"{settled}; {_held(len(reconciled.open))}", disagreements=tuple(reconciled.open))
    return _release(con, submission, first, second, reconciled, sha256,
                    f"{len(resolved)} disagreement{'' if len(resolved) == 1 else 's'} settled by resolution", fw)


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


def _release(con: duckdb.DuckDBPyConnection, trigger: Submission, first: Entry, second: Entry,
             reconciled: Reconciled, loaded_as: str, how: str, fw: Framework, note: str = "") -> Settlement:
    """The merged entries as one submission, loaded under the file that settled them; the narrative
    placed from the merged fields exactly as a single entry's is placed from its own."""
    set_status(con, [first.sha256, second.sha256], "loaded", loaded_as=loaded_as)
    transcribers = f"{first.transcriber} and {second.transcriber}"
    narrative = place(reconciled.narrative, fw)
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
        reflections=narrative.reflections,
        challenges=narrative.challenges,
        models=narrative.models,
        priorities=narrative.priorities,
        unplaced=narrative.unplaced,
    )
    return Settlement("load", f"{note}double entry by {transcribers}: {how}", merged)


def _comparable(fw: Framework):
    return lambda item_id, value: comparable(item_id, value, fw)


def _held(count: int) -> str:
    return (f"held: {count} disagreement{'' if count == 1 else 's'} between first and second entry, listed in "
            "audit.transcription_disagreements; settle them with a resolution file")

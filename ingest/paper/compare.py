"""Comparing a first and a second entry of the same paper forms, form by form and item by item.

Pure: no database. Where the two typings agree the value stands; where they differ the value
stands only once a resolution has settled it, and until then the difference is open. Double entry
(`ingest.paper.double_entry`) compares a pair when its second half arrives, and again with every
resolution file, so that settling is nothing more than comparing with more decisions known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ingest.core.submission import ParticipantRecord, ScoreRecord
from ingest.paper import layout as P
from ingest.paper.model import Disagreement

DETAIL_ATTRIBUTES = {"participant_label": "label", "sector": "sector", "role_level": "role_level"}
# The text as typed that each placed value came from. Only the placed values are compared: two
# spellings placed alike agree, and the first entry's is kept.
WRITTEN = {"sector": "organisation", "role_level": "role_text"}

Resolved = dict[tuple[str, str], tuple[str | None, str]]  # (form ID, item ID) → (resolved value, its location)
Fields = dict[str, tuple[str | None, str]]  # a narrative item ID → (value as typed, its cell): ingest.paper.narrative
Comparable = Callable[[str, str | None], object]  # what two typings of a narrative item must share to agree


@dataclass(frozen=True)
class Entry:
    """A stored first or second entry, as compared."""

    sha256: str
    file_name: str
    transcriber: str | None
    group_label: str | None
    is_synthetic: bool
    forms: dict[str, ParticipantRecord]
    scores: dict[tuple[str, str], dict[str, ScoreRecord]]  # (grain, form ID) → item ID → score
    narrative: Fields = field(default_factory=dict)  # the optional narrative sheets; empty when left blank


@dataclass
class Reconciled:
    """The two entries taken together: what is still open, and the values that stand."""

    open: list[Disagreement] = field(default_factory=list)
    participants: list[ParticipantRecord] = field(default_factory=list)
    scores: list[ScoreRecord] = field(default_factory=list)
    narrative: Fields = field(default_factory=dict)


def spacing_closed(item_id: str, value: str | None) -> str | None:
    """Text as compared: spaces and line breaks closed up, case kept."""
    return " ".join(value.split()) or None if value else None


def reconcile(first: Entry, second: Entry, resolved: Resolved, comparable: Comparable = spacing_closed) -> Reconciled:
    """Walk both entries form by form, then the narrative item by item; every difference not yet
    resolved stays open."""
    result = Reconciled()
    for form_id in sorted(first.forms.keys() | second.forms.keys(), key=natural):
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
    _narrative(result, resolved, first.narrative, second.narrative, comparable)
    return result


def _narrative(result: Reconciled, resolved: Resolved, first: Fields, second: Fields, comparable: Comparable) -> None:
    """The partnership's narrative, one set per entry (form P.NARRATIVE_FORM). An item missing from
    one entry (its sheet deleted) reads as blank there. Agreed values keep the first entry's text."""
    for item_id in sorted(first.keys() | second.keys(), key=natural):
        a, b = first.get(item_id), second.get(item_id)
        value_a, value_b = a and a[0], b and b[0]
        if comparable(item_id, value_a) == comparable(item_id, value_b):
            result.narrative[item_id] = a or b
            continue
        decision = resolved.get((P.NARRATIVE_FORM, item_id))
        if decision is None:
            result.open.append(Disagreement(P.NARRATIVE_FORM, item_id, value_a, value_b, a and a[1], b and b[1]))
        else:
            result.narrative[item_id] = decision


def natural(text: str) -> tuple:
    """F2 before F10, E01 before E01.1 before E01.2: forms and items in the order people number them."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _presence(result: Reconciled, resolved: Resolved, form_id: str, item_id: str, first_location: str | None,
              second_location: str | None, in_first: bool) -> bool:
    """Whether a form (or its dig-deeper row) typed in one entry only stands; open until resolved."""
    decision = resolved.get((form_id, item_id))
    if decision is None:
        first, second = (P.PRESENT, P.ABSENT) if in_first else (P.ABSENT, P.PRESENT)
        result.open.append(Disagreement(form_id, item_id, first, second, first_location, second_location))
        return False
    return decision[0] == P.PRESENT


def _details(result: Reconciled, resolved: Resolved, a: ParticipantRecord, b: ParticipantRecord) -> ParticipantRecord:
    """Name, sector and role as both entries agree (names ignoring case and spacing), else as resolved;
    a resolved sector or role keeps the text of the entry that placed it so (none if neither did)."""
    settled = {}
    for item_id, attribute in DETAIL_ATTRIBUTES.items():
        first, second = getattr(a, attribute), getattr(b, attribute)
        if _comparable(first) == _comparable(second):
            continue
        decision = resolved.get((a.participant_id, item_id))
        if decision is None:
            result.open.append(Disagreement(a.participant_id, item_id, first, second, a.location, b.location))
        settled[attribute] = decision[0] if decision else None
        if attribute in WRITTEN:
            settled[WRITTEN[attribute]] = _written(attribute, settled[attribute], a, b)
    return replace(a, **settled)


def _written(attribute: str, value: str | None, *entries: ParticipantRecord) -> str | None:
    """The text typed by the first entry that placed `attribute` at the settled value."""
    return next((getattr(entry, WRITTEN[attribute]) for entry in entries
                 if _comparable(getattr(entry, attribute)) == _comparable(value)), None)


def _scores(result: Reconciled, resolved: Resolved, form_id: str, grain: str,
            first: dict[str, ScoreRecord], second: dict[str, ScoreRecord]) -> None:
    """Item by item; an item column missing from one entry reads as blank there, which is a skip."""
    for item_id in sorted(first.keys() | second.keys(), key=natural):
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
    return _where(min(records.values(), key=lambda r: natural(r.item_id)))

"""Which lines across a grid are people, and which hold labels, numbering or summaries.

A line across the items (a column, in the grid's turned cells) is decided by its heading and its
entries together, because either alone misleads: a participant who gave enabler 2 a 2 and enabler 5
a 5 has entries that look like the items' numbers, and a participant called "Max" or with the
initials "SD" has a heading that looks like a summary. The rules (docs/ingest.md, "Not
participants"), in order:

- Headed as labels, notes or a group score (Theme, Statement, "Enabler ID", Notes, Consensus,
  Agreed, "Average score"…): not a person, whatever it holds.
- Headed by one summary word (Mean, Total, Max, SD, N…): a summary when anything in it could not be
  one person's score (a fraction, a number outside 1–5, a formula, words) or when its whole scores
  are, line by line, the participants' mean or median (rounded either way), lowest, highest or most
  common score; a participant when they summarise no one's; refused when no one else scored there.
- Headed as numbering (No, #, ID, Item): the items' numbers, unless every entry is a score and
  some are not their item's number: then refused, as it may be a participant "NO".
- Any other heading (a name, initials, "Participant 7", an organisation) is a person; so is an
  unheaded line, except that text naming the items makes a line of labels, and an unheaded line
  holding each item's own number (or 1, 2, 3… down the items) on most lines is numbering when some
  of those numbers cannot be scores, and refused when all could.
A line left of the labels is never read; one holding scores is refused rather than dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.assessments.about import blank
from ingest.assessments.grid_layout import Grid
from ingest.assessments.grid_words import heading
from ingest.core.book import cell_text
from ingest.core.labels import LabelMatcher, Match
from ingest.core.problems import Problem
from ingest.core.scores import NUMBER

Score = Callable[[object], int | None]  # a cell's score; raises ValueError when it is no score
NEVER_PEOPLE = ("labels", "notes", "group", "summary")


@dataclass
class Sorted:
    """A grid's lines across the items: whose they are, and what was said about them."""

    people: list[int] = field(default_factory=list)  # in order; an empty one may be an unlabelled participant's place
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def sort_columns(grid: Grid, labels: LabelMatcher, items: list[int], head: list[int], score: Score) -> Sorted:
    """Every line across `items` but the labels' own, decided by heading and entries (module docstring)."""
    result = Sorted()
    judged: list[tuple[int, str, int]] = []  # one summary word over whole scores: (column, heading, its row)
    for col in grid.columns:
        if col == grid.axis:
            continue
        text, row = _heading(grid, col, head)
        kind = heading(text) if text else None
        entries = [(r, v) for r in items if not blank(v := grid.cells[r][col])]
        formulas = any((r, col) in grid.formulas for r in items)
        verdict = _verdict(grid, labels, col, items, kind, entries, formulas, score, result.problems, text, row)
        if col < grid.axis:
            if verdict == "person":
                _left_of_labels(grid, col, entries, score, result.problems)
        elif verdict == "person":
            result.people.append(col)
        elif verdict == "judge":
            judged.append((col, text or "", row))
    for col, text, row in judged:
        _judge(grid, col, text, row, items, result, score)
    result.people.sort()
    return result


def head_rows(grid: Grid, header_rows: list[int]) -> list[int]:
    """The header lines straight above the first item, nearest first: where a line's heading is
    (not the area and year lines further up, across a blank line)."""
    run: list[int] = []
    for r in sorted((r for r in header_rows if r < min(grid.items)), reverse=True):
        if run and r != run[-1] - 1:
            break
        run.append(r)
    return run


def _heading(grid: Grid, col: int, head: list[int]) -> tuple[str | None, int]:
    """The line's heading: the text nearest the items that says it is not someone's, else the nearest text."""
    texts = [(t, r) for r in head if (t := cell_text(grid.at(r, col)))]
    return next(((t, r) for t, r in texts if heading(t)), texts[0] if texts else (None, -1))


def _verdict(
    grid: Grid, labels: LabelMatcher, col: int, items: list[int], kind: str | None, entries: list[tuple[int, object]],
    formulas: bool, score: Score, problems: list[Problem], text: str | None, row: int,
) -> str:
    """"person", "labels" or "judge" (one summary word over whole scores); a refusal is added to problems."""
    if kind in NEVER_PEOPLE:
        return "labels"
    scores = [_is_score(v, score) for _, v in entries]
    real = any(_safe(score, v) is not None for _, v in entries)  # a score, not only skips
    if kind == "summary?":
        return "judge" if real and not formulas and all(scores) else "labels"
    place = {r: n for n, r in enumerate(items, start=1)}
    numbered = [_numbers(labels, grid, r, v, place) for r, v in entries]
    if kind == "numbering":
        if real and all(scores) and not all(numbered) and col > grid.axis:
            problems.append(Problem(grid.location(row, col), (
                f"'{text}' heads scores that are not the items' numbers: if they are a participant's, "
                "head the line with the participant's name")))
        return "labels"
    named = [r for r, v in entries if _names_item(labels, grid, r, v)]
    if entries and 2 * len(named) >= len(entries):
        for r, v in entries:  # a score among the labels would otherwise go unread
            if r not in named and _is_score(v, score) and _number(v) is not None:
                problems.append(Problem(grid.location(r, col), f"{cell_text(v)} among the item labels of this line"))
        return "labels"
    if kind is None and entries and all(numbered) and (2 * len(entries) > len(items) or col < grid.axis):
        if all(scores) and col > grid.axis:
            problems.append(Problem(grid.location(entries[0][0], col), (
                "an unheaded line holding each item's own number, which could also be scores: head it 'No' "
                "if it numbers the items, or with the participant's name if they are scores")))
        return "labels"
    return "person"


def _judge(grid: Grid, col: int, text: str, row: int, items: list[int], result: Sorted, score: Score) -> None:
    """One summary word over whole scores: a summary of the people's scores, a participant, or unsure."""
    given = [(r, s) for r in items if (s := _safe(score, grid.cells[r][col])) is not None]
    others = {r: [s for c in result.people if (s := _safe(score, grid.cells[r][c])) is not None] for r, _ in given}
    where = grid.location(row, col) if row >= 0 else grid.location(given[0][0], col)
    if not any(others.values()):
        result.problems.append(Problem(where, (
            f"'{text}' heads whole scores with no one else's beside them to summarise: if they are a "
            "participant's, head the line with the participant's name; if a summary, delete it")))
    elif all(_summarises(s, others[r]) for r, s in given):
        result.notes.append(f"{where} '{text}' read as a summary: its whole scores are the participants' "
                            "mean, median, lowest, highest or most common on every line")
    else:
        result.people.append(col)
        result.notes.append(f"{where} '{text}' read as a participant: whole scores that summarise no one else's")


def _left_of_labels(grid: Grid, col: int, entries: list[tuple[int, object]], score: Score,
                    problems: list[Problem]) -> None:
    """Scores left of the labels are not read; said rather than dropped."""
    found = next((r for r, v in entries if _safe(score, v) is not None), None)
    if found is not None:
        problems.append(Problem(grid.location(found, col), (
            "a score left of the enabler or indicator labels, where no one's scores are read: "
            "put the participants' lines after the labels")))


def _summarises(value: int, others: list[int]) -> bool:
    if not others:
        return False
    ordered = sorted(others)
    mean = sum(ordered) / len(ordered)
    median = (ordered[(len(ordered) - 1) // 2] + ordered[len(ordered) // 2]) / 2
    counts = Counter(ordered)
    return value in {ordered[0], ordered[-1], math.floor(mean), math.ceil(mean), math.floor(median),
                     math.ceil(median)} or counts[value] == max(counts.values())


def _names_item(labels: LabelMatcher, grid: Grid, row: int, value: object) -> bool:
    """True for text naming items (a statement, name or ID): never a score. Numbers are `_numbers`'."""
    if value.__class__ is not str or _number(value) is not None:
        return False
    found = labels.match(value)  # type: ignore[arg-type]
    if found is None:
        item = grid.items[row]
        found = labels.match(value, item.grain)  # type: ignore[arg-type]
        return isinstance(found, Match) and found.item_id == item.item_id
    return True


def _numbers(labels: LabelMatcher, grid: Grid, row: int, value: object, place: dict[int, int]) -> bool:
    """True when a number is its item's own (3 beside E03, 3.2 beside E03.2) or its place down the items."""
    number = _number(value)
    return number is not None and (labels.is_number_of(number, grid.items[row].item_id) or number == place[row])


def _number(value: object) -> float | None:
    if value.__class__ in (int, float):
        return float(value)  # type: ignore[arg-type]
    if value.__class__ is str and NUMBER.fullmatch(text := value.strip()):  # type: ignore[attr-defined]
        return float(text)
    return None


def _is_score(value: object, score: Score) -> bool:
    """True for a score or a skip: what one person could have written."""
    try:
        score(value)
    except ValueError:
        return False
    return True


def _safe(score: Score, value: object) -> int | None:
    try:
        return score(value)
    except ValueError:
        return None

"""Reads what a partnership wrote beyond its scores (issue #14) into the Submission's reflections,
challenges, integration models, priorities and unplaced notes: from the Excel tool's optional
sheets (by the positions in layout.py) and from boroughs' own sheets and blocks (by what their
cells say).

Nothing here refuses a file: the sections are optional and free text by nature. A value is placed
where the framework's words place it (ingest.core.narrative_values); a status, model, enabler list
or date that cannot be placed is kept as written beside a null and said in Submission.notes; text
that belongs to no section (a footnote, a stray remark, a second answer for the same challenge) is
kept as an UnplacedNote with its cell and the reason.

Boroughs' own layouts are recognised by headings: a sheet named, or headed, "Challenges",
"Integration model"/"Spectrum of integration", "Priorities"/"Action plan" or "Reflections"/"What is
working well" is read whole as that section (and the grid reader leaves it alone); on any other
sheet, such a heading starts a block that runs down to the next heading or two blank rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.about import blank
from ingest.core.book import Book, cell_text
from ingest.core.narrative_values import (
    challenge_of,
    date_of,
    enabler_of,
    enablers_of,
    model_of,
    spoken,
    status_of,
    theme_of,
)
from ingest.core.submission import ChallengeRecord, ModelRecord, PriorityRecord, ReflectionRecord, UnplacedNote

SECTIONS = ("reflections", "challenges", "models", "priorities")
# Headings (in closed-up words) that name a section, as a sheet's name or a cell on its own.
HEADINGS = {
    "reflections": ("reflections", "reflection", "key areas where progress is needed", "what is working well",
                    "working well", "evidence", "reflections and evidence", "strengths and evidence"),
    "challenges": ("challenges", "the six challenges", "six common challenges", "common challenges",
                   "six challenges", "challenges in play", "barriers", "challenges we face"),
    "models": ("integration model", "integration models", "spectrum of integration", "spectrum",
               "model of integration", "models of integration", "where we are on the spectrum"),
    "priorities": ("priorities", "priorities for action", "our priorities", "action plan", "actions",
                   "next steps", "priority actions", "key priorities", "future priorities"),
}
SECTION_OF_HEADING = {spoken(h): section for section, headings in HEADINGS.items() for h in headings}
TRAILING_WORDS = re.compile(r"^(?:\d+\s+)?(.*?)(?:\s+optional)?$")  # "4. Priorities (optional)"
TITLE_WORDS = {  # word stems a section's title line uses ("Where are we on the spectrum of integration?")
    "reflections": ("reflect", "working well", "evidence", "progress", "strength"),
    "challenges": ("challenge", "barrier"),
    "models": ("spectrum", "model", "integrat"),
    "priorities": ("priorit", "action", "next step", "plan"),
}
MAX_BLANK_ROWS = 2  # a block on a score sheet ends at this many blank rows together
# Column headings inside a section (closed-up words, matched as whole words at the start).
STATUS_WORDS = ("status", "in play", "is this in play", "is it in play", "answer", "rating", "yes no")
GIFT_WORDS = ("within our gift", "within the partnership s gift", "gift", "what can we change", "what we can change",
              "comments", "comment", "notes", "what is in our control", "actions")
ENABLER_WORDS = ("enabler", "enablers", "enabler s", "enablers addressed", "enabler s addressed", "linked enabler")
OWNER_WORDS = ("owner", "owner role", "lead", "responsible", "who", "lead role")
DATE_WORDS = ("review date", "review", "date", "by when", "deadline", "when", "timescale")
CURRENT_WORDS = ("today", "now", "current", "currently", "where we are", "where we are now", "at present",
                 "present", "current model", "as is")
ASPIRED_WORDS = ("aiming for", "aim", "aspired", "aspiration", "future", "target", "where we want to be",
                 "to be", "goal", "aspire", "ambition", "in future", "aspired model", "aiming")
FOOTNOTE = re.compile(r"^\s*(?:\*|†|‡|note\b|notes\b|nb\b|n\.b\.|source\b|footnote\b|please\b)", re.IGNORECASE)
NUMBERED = re.compile(r"^\s*(?:priority\s*)?(\d{1,2})\s*[.):\-]?\s+(.+)$", re.IGNORECASE | re.DOTALL)
ENABLERS_AT_END = re.compile(r"^(.*?)\s*[(\[]([^()\[\]]+)[)\]]\s*\.?$", re.DOTALL)
OVERALL_WORDS = ("overall", "whole partnership", "partnership overall", "overall partnership", "all")


@dataclass
class NarrativeParts:
    """What one file's narrative sections hold, gathered cell by cell; `fields` gives the
    Submission's fields, `notes` what was kept as written for the outcome line."""

    fw: Framework
    reflections: dict[tuple[str, str, str], ReflectionRecord] = field(default_factory=dict)
    challenges: dict[str, ChallengeRecord] = field(default_factory=dict)
    models: dict[str, ModelRecord] = field(default_factory=dict)
    priorities: list[PriorityRecord] = field(default_factory=list)
    unplaced: list[UnplacedNote] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # "'maybe' at 'Challenges'!C7 (a status)"

    def reflection(self, level: str, item_id: str, kind: str, text: str, location: str) -> None:
        """Two blocks for the same item are joined with a blank line, at the first one's cell."""
        key = (level, item_id, kind)
        if (earlier := self.reflections.get(key)) is not None:
            text, location = f"{earlier.text}\n\n{text}", earlier.location
        self.reflections[key] = ReflectionRecord(level, item_id, kind, text, location)

    def challenge(self, challenge_id: str, status: object, gift: object, location: str) -> None:
        status_text, gift_text = cell_text(status), cell_text(gift)
        if status_text is None and gift_text is None:
            return
        if challenge_id in self.challenges:
            self.note(location, " | ".join(t for t in (status_text, gift_text) if t),
                      f"a second answer for the challenge {self._challenge_name(challenge_id)}")
            return
        placed = status_of(status, self.fw) if status_text is not None else None
        if status_text is not None and placed is None:
            self.kept.append(f"'{status_text}' at {location} (a challenge status)")
        self.challenges[challenge_id] = ChallengeRecord(challenge_id, placed, status_text, gift_text, location)

    def model(self, scope: str, current: object, aspired: object, location: str) -> None:
        current_text, aspired_text = cell_text(current), cell_text(aspired)
        if current_text is None and aspired_text is None:
            return
        earlier = self.models.get(scope)
        if earlier is not None:  # "Today" and "Aiming for" may come from different rows of one scope
            if (earlier.current_text and current_text) or (earlier.aspired_text and aspired_text):
                self.note(location, " | ".join(t for t in (current_text, aspired_text) if t),
                          f"a second integration model for {self._scope_name(scope)}")
                return
            current_text, aspired_text = earlier.current_text or current_text, earlier.aspired_text or aspired_text
            location = earlier.location
        placed = []
        for text in (current_text, aspired_text):
            model = model_of(text, self.fw) if text is not None else None
            if text is not None and model is None:
                self.kept.append(f"'{text}' at {location} (an integration model)")
            placed.append(model)
        self.models[scope] = ModelRecord(scope, placed[0], placed[1], current_text, aspired_text, location)

    def priority(self, text: str, enablers: list[object], owner: object, review: object, location: str) -> None:
        if len(self.priorities) >= L.PRIORITY_COUNT:
            self.note(location, text, f"more than {L.PRIORITY_COUNT} priorities for action")
            return
        written = [t for value in enablers if (t := cell_text(value)) is not None]
        ids: list[str] = []
        for value in written:
            found, unplaced = enablers_of(value, self.fw)
            ids += found
            self.kept += [f"'{part}' at {location} (names no enabler)" for part in unplaced]
        order = {e.id: e.order for e in self.fw.enablers}
        review_text = cell_text(review)
        review_date = date_of(review) if review_text is not None else None
        if review_text is not None and review_date is None:
            self.kept.append(f"'{review_text}' at {location} (a review date)")
        self.priorities.append(PriorityRecord(
            len(self.priorities) + 1, text, tuple(sorted(set(ids), key=order.__getitem__)),
            "; ".join(written) or None, cell_text(owner), review_date, review_text, location,
        ))

    def note(self, location: str, text: str, reason: str) -> None:
        self.unplaced.append(UnplacedNote(location, text, reason))

    def fields(self) -> dict[str, tuple]:
        return {
            "reflections": tuple(self.reflections.values()), "challenges": tuple(self.challenges.values()),
            "models": tuple(self.models.values()), "priorities": tuple(self.priorities),
            "unplaced": tuple(self.unplaced),
        }

    def notes(self) -> tuple[str, ...]:
        """The outcome line's word on what was kept as written but not placed."""
        said = []
        if self.kept:
            said.append(f"{len(self.kept)} narrative value(s) kept as written, not placed: " + "; ".join(self.kept))
        if self.unplaced:
            said.append(f"{len(self.unplaced)} unplaced note(s) kept: "
                        + "; ".join(f"{n.location} ({n.reason})" for n in self.unplaced))
        return tuple(said)

    def _challenge_name(self, challenge_id: str) -> str:
        return next(c.name for c in self.fw.challenges if c.id == challenge_id)

    def _scope_name(self, scope: str) -> str:
        return L.OVERALL_LABEL if scope == L.OVERALL_SCOPE else self.fw.theme(scope).name


# --- the Excel tool's own sheets ------------------------------------------------------------------


def read_template_narrative(book: Book, fw: Framework) -> NarrativeParts:
    """The tool's optional sheets, each where layout.py puts it; a workbook made before they existed
    (or with them deleted) gives nothing."""
    parts = NarrativeParts(fw)
    names = set(book.sheet_names)
    for sheet, read, headings in (
        (L.REFLECTIONS_SHEET, _template_reflections, L.REFLECTION_COLUMNS),
        (L.CHALLENGES_SHEET, _template_challenges, L.CHALLENGE_COLUMNS),
        (L.MODELS_SHEET, _template_models, (*L.MODEL_COLUMNS, *L.MODEL_GUIDE_COLUMNS)),
        (L.PRIORITIES_SHEET, _template_priorities, L.PRIORITY_COLUMNS),
    ):
        if sheet in names:
            _above_the_table(book, sheet, headings, parts)
            read(book, sheet, parts)
    return parts


def _above_the_table(book: Book, sheet: str, headings: tuple[str, ...], parts: NarrativeParts) -> None:
    """Text written between the sheet's note and its table, or in the header row beyond the
    template's own headings: kept, as no column reads it."""
    rows = book.rows(sheet)
    ours = {spoken(h) for h in headings}
    for number in range(L.TITLE_ROW + 2, min(L.NARRATIVE_FIRST_ROW, len(rows) + 1)):
        for col, value in enumerate(rows[number - 1], start=1):
            text = cell_text(value)
            if text is not None and not (number == L.NARRATIVE_HEADER_ROW and spoken(text) in ours):
                parts.note(Book.location(sheet, number, col), text, "above the table")


def _template_rows(book: Book, sheet: str):
    """(row number, cells) of a sheet's table rows, the cells padded so that columns can be indexed."""
    rows = book.rows(sheet)
    for number in range(L.NARRATIVE_FIRST_ROW, len(rows) + 1):
        cells = rows[number - 1]
        if any(not blank(c) for c in cells):
            yield number, list(cells) + [""] * 10


def _leftover(parts: NarrativeParts, sheet: str, number: int, cells: list, used: set[int], reason: str) -> None:
    """Text in a row's cells that no column of the section reads: kept as an unplaced note."""
    for col, value in enumerate(cells, start=1):
        if col not in used and (text := cell_text(value)) is not None:
            parts.note(Book.location(sheet, number, col), text, reason)


def _template_reflections(book: Book, sheet: str, parts: NarrativeParts) -> None:
    fw = parts.fw
    ours = {L.REFLECTION_ID_COL, L.REFLECTION_NAME_COL, L.REFLECTION_PROMPT_COL, L.REFLECTION_TEXT_COL}
    for number, cells in _template_rows(book, sheet):
        label = cells[L.REFLECTION_ID_COL - 1]
        text = cell_text(cells[L.REFLECTION_TEXT_COL - 1])
        enabler = enabler_of(label, fw) if not blank(label) else None
        theme = theme_of(label, fw) if enabler is None and not blank(label) else None
        location = Book.location(sheet, number, L.REFLECTION_TEXT_COL)
        if enabler is None and theme is None:
            _leftover(parts, sheet, number, cells, set(), "in a row that names no theme or enabler")
            continue
        if text is not None:
            if enabler is not None:
                parts.reflection("enabler", enabler, "evidence", text, location)
            else:
                parts.reflection("theme", theme, "reflection", text, location)
        _leftover(parts, sheet, number, cells, ours, "beside the reflections table")


def _template_challenges(book: Book, sheet: str, parts: NarrativeParts) -> None:
    ours = {L.CHALLENGE_NAME_COL, L.CHALLENGE_DESCRIPTION_COL, L.CHALLENGE_STATUS_COL, L.CHALLENGE_GIFT_COL}
    for number, cells in _template_rows(book, sheet):
        challenge = challenge_of(cells[L.CHALLENGE_NAME_COL - 1], parts.fw)
        if challenge is None:
            _leftover(parts, sheet, number, cells, set(), "in a row that names none of the six challenges")
            continue
        parts.challenge(challenge, cells[L.CHALLENGE_STATUS_COL - 1], cells[L.CHALLENGE_GIFT_COL - 1],
                        Book.location(sheet, number, L.CHALLENGE_STATUS_COL))
        _leftover(parts, sheet, number, cells, ours, "beside the challenges table")


def _template_models(book: Book, sheet: str, parts: NarrativeParts) -> None:
    fw = parts.fw
    guide = {spoken(t) for m in fw.integration_models for t in (m.name, m.description)}
    ours = {L.MODEL_SCOPE_COL, L.MODEL_CURRENT_COL, L.MODEL_ASPIRED_COL}
    for number, cells in _template_rows(book, sheet):
        # the spectrum's guide beside the table is the template's own text, a label
        extra = [col for col in range(L.MODEL_GUIDE_COL, len(cells) + 1) if spoken(cells[col - 1]) in guide]
        label = cells[L.MODEL_SCOPE_COL - 1]
        scope = _scope(label, fw)
        if scope is None:
            _leftover(parts, sheet, number, cells, set(extra), "in a row that names no theme (nor 'Overall')")
            continue
        parts.model(scope, cells[L.MODEL_CURRENT_COL - 1], cells[L.MODEL_ASPIRED_COL - 1],
                    Book.location(sheet, number, L.MODEL_CURRENT_COL))
        _leftover(parts, sheet, number, cells, ours | set(extra), "beside the integration model table")


def _template_priorities(book: Book, sheet: str, parts: NarrativeParts) -> None:
    enabler_cols = range(L.PRIORITY_ENABLER_COL, L.PRIORITY_OWNER_COL)
    ours = {L.PRIORITY_NO_COL, L.PRIORITY_TEXT_COL, *enabler_cols, L.PRIORITY_OWNER_COL, L.PRIORITY_DATE_COL}
    for number, cells in _template_rows(book, sheet):
        if number >= L.NARRATIVE_FIRST_ROW + L.PRIORITY_COUNT:
            _leftover(parts, sheet, number, cells, set(), f"below the table of {L.PRIORITY_COUNT} priorities")
            continue
        # the row's number is a label (the template writes it); other text there is kept
        label = cell_text(cells[L.PRIORITY_NO_COL - 1])
        if label is not None and not re.fullmatch(r"\d{1,2}\.?", label):
            parts.note(Book.location(sheet, number, L.PRIORITY_NO_COL), label, "in the priorities' number column")
        filled = [c for c in ours - {L.PRIORITY_NO_COL} if not blank(cells[c - 1])]
        if not filled:
            _leftover(parts, sheet, number, cells, ours, "beside the priorities table")
            continue
        text = cell_text(cells[L.PRIORITY_TEXT_COL - 1])
        location = Book.location(sheet, number, L.PRIORITY_TEXT_COL)
        if text is None:
            parts.note(location, " | ".join(cell_text(cells[c - 1]) or "" for c in sorted(filled)),
                       "enablers, an owner or a date with no priority written")
        else:
            parts.priority(text, [cells[c - 1] for c in enabler_cols], cells[L.PRIORITY_OWNER_COL - 1],
                           cells[L.PRIORITY_DATE_COL - 1], location)
        _leftover(parts, sheet, number, cells, ours, "beside the priorities table")


def _scope(label: object, fw: Framework) -> str | None:
    if blank(label):
        return None
    if spoken(label) in {spoken(w) for w in OVERALL_WORDS}:
        return L.OVERALL_SCOPE
    return theme_of(label, fw)


# --- boroughs' own sheets -----------------------------------------------------------------------


def heading_section(value: object) -> str | None:
    """The section a heading names ("Priorities for action (optional)" → "priorities"), or None."""
    if not isinstance(value, str):
        return None
    found = TRAILING_WORDS.match(spoken(value))
    return SECTION_OF_HEADING.get(found.group(1)) if found else None


def sheet_section(book: Book, sheet: str) -> str | None:
    """The section a whole sheet holds, by its name or its title (the first filled row, when that
    holds one cell only, within the first three rows); None for other sheets."""
    if (section := heading_section(sheet)) is not None:
        return section
    for row in book.rows(sheet)[:3]:
        if any(not blank(c) for c in row):
            return heading_section(_lone(row))
    return None


class ScoresView:
    """A borough's workbook as the grid reader should see it: without its narrative sheets, and with
    the rows of narrative blocks on other sheets blank, so that a "Reflections" block naming
    enablers below a grid is not read as a second table of scores."""

    def __init__(self, book: Book):
        self.book = book
        self._rows: dict[str, list[list[object]]] = {}
        self._blocks: dict[str, list[tuple[int, int, str]]] = {}
        self._sections = {s: sheet_section(book, s) for s in book.sheet_names}

    @property
    def sheet_names(self) -> list[str]:
        return [s for s, section in self._sections.items() if section is None]

    def section(self, sheet: str) -> str | None:
        """The section a whole sheet holds, or None for a sheet of other things."""
        return self._sections[sheet]

    def blocks(self, sheet: str) -> list[tuple[int, int, str]]:
        """(heading row, end row, section) of the headed blocks on a sheet of other things (0-based)."""
        if sheet not in self._blocks:
            self._blocks[sheet] = _blocks(self.book.rows(sheet))
        return self._blocks[sheet]

    def rows(self, sheet: str) -> list[list[object]]:
        if sheet not in self._rows:
            rows = self.book.rows(sheet)
            hidden = {r for start, end, _ in self.blocks(sheet) for r in range(start, end)}
            self._rows[sheet] = [[""] * len(row) if r in hidden else row for r, row in enumerate(rows)]
        return self._rows[sheet]

    def formulas(self, sheet: str):
        return self.book.formulas(sheet)


def read_borough_narrative(view: ScoresView, fw: Framework) -> NarrativeParts:
    """Every narrative sheet and block of a borough's workbook (`view` is the grid reader's)."""
    parts = NarrativeParts(fw)
    for sheet in view.book.sheet_names:
        rows = view.book.rows(sheet)
        whole = view.section(sheet)
        if whole is not None:
            _read_block(parts, sheet, rows, 0, len(rows), whole)
            continue
        for start, end, section in view.blocks(sheet):
            _read_block(parts, sheet, rows, start + 1, end, section)
    return parts


def _lone(row: list) -> object | None:
    """The one text cell of a row holding nothing else, or None."""
    found = None
    for value in row:
        if value != "" and value is not None:
            if found is not None or not isinstance(value, str):
                return None
            found = value
    return found


def _blocks(rows: list[list]) -> list[tuple[int, int, str]]:
    """(heading row, end row, section) of each headed block on a sheet of other things (0-based)."""
    starts = [(r, section) for r, row in enumerate(rows)
              if (lone := _lone(row)) is not None and (section := heading_section(lone)) is not None]
    blocks = []
    for index, (start, section) in enumerate(starts):
        limit = starts[index + 1][0] if index + 1 < len(starts) else len(rows)
        end, blanks = start + 1, 0
        for r in range(start + 1, limit):
            blanks = blanks + 1 if all(blank(c) for c in rows[r]) else 0
            if blanks >= MAX_BLANK_ROWS:
                break
            end = r + 1
        blocks.append((start, end, section))
    return blocks


def _read_block(parts: NarrativeParts, sheet: str, rows: list[list], start: int, end: int, section: str) -> None:
    """Rows start … end - 1 (0-based) read as one section; headings and column headings are labels."""
    reader = {"challenges": _borough_challenges, "models": _borough_models,
              "priorities": _borough_priorities, "reflections": _borough_reflections}[section]
    lines = [(r, cells) for r in range(start, end) if (cells := [(c, v) for c, v in enumerate(rows[r]) if not blank(v)])]
    if lines and _is_title(lines[0][1], section, parts.fw):  # "Our priorities for the next year": a label
        lines = lines[1:]
    reader(parts, sheet, lines)


def _is_title(cells: list[tuple[int, object]], section: str, fw: Framework) -> bool:
    """The first line of a section when it only says what the section is: one cell of text, no
    numbered entry, naming nothing a section reads and using one of the section's TITLE_WORDS (so
    that the first of an unnumbered list of priorities is not taken for a title)."""
    if len(cells) != 1 or not isinstance(value := cells[0][1], str) or NUMBERED.match(value):
        return False
    key = spoken(value)
    return (any(word in key for word in TITLE_WORDS[section])
            and not any(find(value, fw) for find in (challenge_of, model_of, enabler_of, theme_of)))


Line = tuple[int, list[tuple[int, object]]]  # (0-based row, its non-blank (0-based column, value) pairs)


def _at(sheet: str, row: int, col: int) -> str:
    return Book.location(sheet, row + 1, col + 1)


def _columns_named(line: list[tuple[int, object]], vocabulary: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Which column each kind of heading is in, when this line is a row of column headings."""
    found: dict[str, int] = {}
    for col, value in line:
        key = spoken(value) if isinstance(value, str) else ""
        for kind, words in vocabulary.items():
            if kind not in found and any(key == w or key.startswith(w + " ") for w in words):
                found[kind] = col
                break
    return found


def _rest(parts: NarrativeParts, sheet: str, row: int, cells: list[tuple[int, object]], reason: str) -> None:
    for col, value in cells:
        if (text := cell_text(value)) is not None and heading_section(value) is None:
            parts.note(_at(sheet, row, col), text, reason)


def _borough_challenges(parts: NarrativeParts, sheet: str, lines: list[Line]) -> None:
    """Rows naming a challenge, its answer and what is within the gift beside it, e.g.
    "Capacity | Yes | more health visitors"; column headings ("Status", "Within our gift") say which
    is which, else the first cell after the name is the status."""
    fw, columns = parts.fw, {}
    for row, cells in lines:
        named = _columns_named(cells, {"status": STATUS_WORDS, "gift": GIFT_WORDS})
        if named and not any(challenge_of(v, fw) for _, v in cells):
            columns = named
            continue
        found = next(((i, challenge) for i, (_, v) in enumerate(cells) if (challenge := challenge_of(v, fw))), None)
        if found is None:
            _rest(parts, sheet, row, cells, "names none of the six challenges")
            continue
        index, challenge = found
        after = cells[index + 1:]
        before = [(c, v) for c, v in cells[:index] if not _is_numbering(v)]  # "1 | Capacity | Yes"
        if columns:
            status = next((v for c, v in after if c == columns.get("status")), None)
            gift = [v for c, v in after if c != columns.get("status")]
        else:
            status = after[0][1] if after else None
            gift = [v for _, v in after[1:]]
            if status is not None and status_of(status, fw) is None and not gift and len(str(status)) > 20:
                status, gift = None, [status]  # a sentence beside the name, not an answer
        gift_text = "; ".join(t for v in gift if (t := cell_text(v))) or None
        location = _at(sheet, row, after[0][0] if after else cells[index][0])
        parts.challenge(challenge, status, gift_text, location)
        _rest(parts, sheet, row, before, "beside a challenge's name")


def _borough_models(parts: NarrativeParts, sheet: str, lines: list[Line]) -> None:
    """Either the models as column headings with an X (or any mark) under one, in rows labelled
    "Today"/"Where we want to be" (and a theme, when given per theme); or rows of a scope and
    today's and the aimed-for model ("Overall | Coalition | Coordinated"), or "Today | Coordinated"."""
    fw = parts.fw
    model_columns: dict[int, str] = {}
    pair_columns: dict[str, int] = {}
    for row, cells in lines:
        heads = {c: m for c, v in cells if isinstance(v, str) and (m := model_of(v, fw)) and len(spoken(v).split()) <= 3}
        labelled = _scope(cells[0][1], fw) is not None or _which(cells[0][1], fw)[0] is not None
        if len(heads) >= 2 and not labelled and not pair_columns:
            model_columns = heads
            continue
        named = _columns_named(cells, {"current": CURRENT_WORDS, "aspired": ASPIRED_WORDS})
        if len(named) == 2 and not any(model_of(v, fw) for _, v in cells):
            pair_columns = named
            continue
        label_col, label = cells[0]
        if model_columns:
            marked = [c for c, _ in cells if c in model_columns]
            which, scope = _which(label, fw)
            if marked and which and label_col not in model_columns:
                names = {m.id: m.name for m in fw.integration_models}  # two marks: kept, named neither
                text = " / ".join(names[m] for m in dict.fromkeys(model_columns[c] for c in marked))
                values = (text, None) if which == "current" else (None, text)
                parts.model(scope, *values, _at(sheet, row, marked[0]))
                continue
        if pair_columns:
            scope = _scope(label, fw)
            if scope is not None:
                current = next((v for c, v in cells if c == pair_columns["current"]), None)
                aspired = next((v for c, v in cells if c == pair_columns["aspired"]), None)
                parts.model(scope, current, aspired, _at(sheet, row, pair_columns["current"]))
                continue
        which, scope = _which(label, fw)
        if which and len(cells) >= 2 and label_col not in model_columns:
            value = cells[1][1]
            values = (value, None) if which == "current" else (None, value)
            parts.model(scope, *values, _at(sheet, row, cells[1][0]))
            continue
        _rest(parts, sheet, row, cells, "names no integration model, theme or 'today' / 'aiming for'")


def _which(label: object, fw: Framework) -> tuple[str | None, str]:
    """("current" | "aspired" | None, scope) of a row label such as "Today", "Where we want to be",
    "People and place - now"."""
    key = spoken(label) if isinstance(label, str) else ""
    for which, words in (("current", CURRENT_WORDS), ("aspired", ASPIRED_WORDS)):
        for word in sorted(words, key=len, reverse=True):
            if re.search(rf"(?:^|\b){re.escape(word)}(?:\b|$)", key):
                rest = re.sub(rf"\b{re.escape(word)}\b", " ", key).strip()
                return which, (theme_of(rest, fw) if rest else None) or L.OVERALL_SCOPE
    return None, L.OVERALL_SCOPE


def _borough_priorities(parts: NarrativeParts, sheet: str, lines: list[Line]) -> None:
    """A numbered list ("1. Joint data dashboard (E3, E7)") or a table whose column headings name the
    enablers, owner and review date; a footnote, or an unnumbered line in a numbered list, is kept
    as an unplaced note."""
    fw, columns = parts.fw, {}
    body = []
    for row, cells in lines:
        named = _columns_named(cells, {"enablers": ENABLER_WORDS, "owner": OWNER_WORDS, "date": DATE_WORDS})
        if len(named) >= 2:
            columns = named
            continue
        if len(cells) == 1 and heading_section(cells[0][1]) is not None:
            continue
        body.append((row, cells))
    numbered = sum(1 for _, cells in body if _number(cells) is not None)
    for row, cells in body:
        first_col, first = cells[0]
        text_cells = cells
        if _number(cells) is not None:
            number_cell = cells[0]
            if isinstance(number_cell[1], (int, float)) or re.fullmatch(r"\s*\d{1,2}\s*[.)]?\s*", str(number_cell[1])):
                text_cells = cells[1:]
            else:
                text_cells = [(first_col, NUMBERED.match(str(first)).group(2)), *cells[1:]]
        elif FOOTNOTE.match(str(first)) or (numbered and numbered >= len(body) / 2):
            _rest(parts, sheet, row, cells, "a note beside the priorities, not a priority")
            continue
        if not text_cells:
            continue
        role_of = {col: kind for kind, col in columns.items()}
        text_col, text = next(((c, v) for c, v in text_cells if c not in role_of), text_cells[0])
        text = str(text).strip()
        enablers = [v for c, v in text_cells if role_of.get(c) == "enablers"]
        owner = next((v for c, v in text_cells if role_of.get(c) == "owner"), None)
        review = next((v for c, v in text_cells if role_of.get(c) == "date"), None)
        if not enablers and (tail := ENABLERS_AT_END.match(text)) and enablers_of(tail.group(2), fw)[0]:
            text, enablers = tail.group(1).rstrip(" -–:"), [tail.group(2)]
        used = {text_col} | {c for c, _ in text_cells if c in role_of}
        others = [(c, v) for c, v in text_cells if c not in used]
        parts.priority(text, enablers, owner, review, _at(sheet, row, text_col))
        _rest(parts, sheet, row, others, "beside a priority, in no column of the priorities")


def _is_numbering(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
        isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}\s*[.)]?\s*", value) is not None)


def _number(cells: list[tuple[int, object]]) -> int | None:
    """The number a priority line starts with: a number cell before its text, or "1." in it."""
    value = cells[0][1]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and len(cells) > 1:
        return int(value)
    if isinstance(value, str):
        if re.fullmatch(r"\s*\d{1,2}\s*[.)]?\s*", value) and len(cells) > 1:
            return int(re.sub(r"\D", "", value))
        if found := NUMBERED.match(value):
            return int(found.group(1))
    return None


def _borough_reflections(parts: NarrativeParts, sheet: str, lines: list[Line]) -> None:
    """Rows labelled with a theme (its reflection) or an enabler (its evidence), the text beside."""
    fw = parts.fw
    for row, cells in lines:
        label, rest = cells[0][1], cells[1:]
        if len(cells) == 1 and heading_section(label) is not None:
            continue
        enabler = enabler_of(label, fw)
        theme = theme_of(label, fw) if enabler is None else None
        if enabler or theme:  # "E09 | Information sharing | …": the name beside the id is a label too
            rest = [(c, v) for c, v in rest
                    if (enabler_of(v, fw) if enabler else theme_of(v, fw)) != (enabler or theme)]
        if not rest and (enabler or theme):  # a theme or enabler named with nothing written beside it
            continue
        if enabler is None and theme is None:
            if not (len(cells) <= 4 and all(isinstance(v, str) and heading_section(v) is not None or _is_heading(v)
                                            for _, v in cells)):
                _rest(parts, sheet, row, cells, "names no theme or enabler")
            continue
        text = "\n".join(t for _, v in rest if (t := cell_text(v)))
        location = _at(sheet, row, rest[0][0])
        if enabler is not None:
            parts.reflection("enabler", enabler, "evidence", text, location)
        else:
            parts.reflection("theme", theme, "reflection", text, location)


def _is_heading(value: object) -> bool:
    """A column heading of a reflections table ("Enabler", "Theme", "Evidence", "Comments")."""
    return isinstance(value, str) and spoken(value) in {
        "enabler", "enablers", "theme", "themes", "item", "area", "comments", "comment", "notes", "text",
        "what is working well", "evidence", "reflections", "reflection", "response", "our response", "name", "id",
        "enabler id", "theme or enabler", "prompt", "your response", "key areas where progress is needed",
    }

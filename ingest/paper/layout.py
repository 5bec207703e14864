"""Where everything sits in the paper transcription and resolution workbooks.

The writers (`ingest.paper.template`) and the readers (`ingest.paper.transcription_reader`,
`ingest.paper.resolution_reader`) import these positions and words, so that they cannot drift
apart. The About sheet keeps the Excel tool's first rows (area, year, group, synthetic flag), so a
borough and identification meet the same cells in every workbook we send out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.assessments import layout as L

# About: the Excel tool's rows, then who typed the forms and which entry this is.
TRANSCRIBER_ROW = 8
ENTRY_ROW = 9
ABOUT_LABELS = {**L.ABOUT_LABELS, TRANSCRIBER_ROW: "Transcriber", ENTRY_ROW: "Entry"}
RESOLVED_BY_LABEL = "Resolved by"  # the resolution workbook's TRANSCRIBER_ROW
ABOUT_TEXT_ROW = 11
ENTRY_CHOICES = {"First entry": "first", "Second entry": "second", "Single entry": "single"}

SKIP = "skip"  # typed on a transcription or resolution where the participant skipped an item

# Form sheets: item names above their IDs, then one row per paper form.
NAME_ROW = 4
HEADER_ROW = 5
FIRST_FORM_ROW = 6
PREPARED_ROWS = 200  # rows given drop-downs in the blank workbook; rows typed further down are read too
FORM_ID = "Form ID"


@dataclass(frozen=True)
class FormSheet:
    """One grid of paper forms: descriptive columns, then one column per framework item."""

    name: str
    grain: str  # "enabler" | "indicator", as in raw.scores
    fields: tuple[str, ...]  # headings of the columns before the items; the first is FORM_ID

    @property
    def first_item_column(self) -> int:
        return len(self.fields) + 1


ENABLER_FORMS = FormSheet(
    "Enabler forms", "enabler",
    (FORM_ID, L.HEADER_LABELS[L.PARTICIPANT_ROW], L.HEADER_LABELS[L.SECTOR_ROW], L.HEADER_LABELS[L.ROLE_ROW]),
)
INDICATOR_FORMS = FormSheet("Indicator forms", "indicator", (FORM_ID,))
FORM_SHEETS = (ENABLER_FORMS, INDICATOR_FORMS)
PARTICIPANT_COL, SECTOR_COL, ROLE_COL = 2, 3, 4  # on ENABLER_FORMS

# Items a disagreement can be about besides framework items: whether a form (or its dig-deeper
# row) was typed at all, and the participant details of a form. The names match raw.participants.
FORM_ITEM = "form"
INDICATOR_FORM_ITEM = "indicator_form"
FIELD_ITEMS = ("participant_label", "sector", "role_level")
PRESENT, ABSENT = "present", "absent"
BLANK = "blank"  # a resolution saying a participant detail is empty

# The resolution workbook: About as above, then one row per open disagreement.
RESOLUTIONS_SHEET = "Resolutions"
RESOLUTION_COLUMNS = (
    FORM_ID, "Item", "What", "First entry", "First entry cell", "Second entry", "Second entry cell", "Resolved value",
)
RESOLVED_VALUE = RESOLUTION_COLUMNS[-1]

# The partnership's narrative (issue #14): reflections, evidence, challenges, the integration model
# and priorities for action. They are the partnership's agreed text, written once for the meeting
# and not per participant, so each is one optional sheet per workbook; a workbook without these
# sheets, or with them left blank, reads as before. Rows are tied by the ID in column A (the writer
# fills it in), fields by the heading of their column.
NARRATIVE_FORM = "narrative"  # the form_id of a narrative disagreement: the sections belong to no one form
NARRATIVE_ID = "ID"
OVERALL = "overall"  # the integration model's scope for the partnership as a whole
MAX_PRIORITIES = 8
OPTIONAL_TEXT = ("Optional. Type what the partnership agreed, once for all the forms (not per form), "
                 "as it is written on the paper; leave the sheet blank when the forms do not have it.")


@dataclass(frozen=True)
class NarrativeColumn:
    heading: str
    field: str | None  # the field typed here; None for a column the writer fills in (a label)
    width: int


@dataclass(frozen=True)
class NarrativeSheet:
    """One section: a row per theme, enabler, challenge, scope or priority number, then its fields."""

    name: str
    title: str
    columns: tuple[NarrativeColumn, ...]  # from column A: the row's ID, labels, then the fields

    def column_of(self, field: str) -> int:
        return next(col for col, c in enumerate(self.columns, start=1) if c.field == field)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns if c.field)


REFLECTIONS = NarrativeSheet("Reflections", "Reflections and evidence", (
    NarrativeColumn(NARRATIVE_ID, None, 20), NarrativeColumn("Theme or enabler", None, 30),
    NarrativeColumn("Asked", None, 40), NarrativeColumn("What the partnership wrote", "text", 90),
))
REFLECTION_ASKED = "Reflections — what are the key areas where progress is needed?"  # a theme's row
EVIDENCE_ASKED = "What is working well, and the evidence that shows this"  # an enabler's row
CHALLENGES = NarrativeSheet("Challenges", "The six common challenges", (
    NarrativeColumn(NARRATIVE_ID, None, 22), NarrativeColumn("Challenge", None, 26),
    NarrativeColumn("In play here?", "status", 16),
    NarrativeColumn("What is within the partnership's gift to change", "within_gift", 90),
))
MODELS = NarrativeSheet("Integration model", "The spectrum of integration: where the partnership is and wants to be", (
    NarrativeColumn(NARRATIVE_ID, None, 20), NarrativeColumn("For", None, 30),
    NarrativeColumn("Today", "current", 22), NarrativeColumn("Aiming for", "aspired", 22),
))
PRIORITIES = NarrativeSheet("Priorities", f"Priorities for action (up to {MAX_PRIORITIES})", (
    NarrativeColumn("No.", None, 6), NarrativeColumn("Priority for action", "text", 70),
    NarrativeColumn("Enabler(s) it addresses", "enablers", 22), NarrativeColumn("Owner (role)", "owner", 24),
    NarrativeColumn("Review date", "review_date", 14),
))
NARRATIVE_SHEETS = (REFLECTIONS, CHALLENGES, MODELS, PRIORITIES)
# The first word of a narrative item ID, by sheet: "reflection:people_place", "evidence:E01",
# "challenge:stretched_capacity:status", "model:overall:current", "priority:3:owner".
NARRATIVE_PREFIXES = {"reflection": REFLECTIONS, "evidence": REFLECTIONS, "challenge": CHALLENGES, "model": MODELS,
                      "priority": PRIORITIES}
NOTE_PREFIX = "note"  # "note:'Challenges'!F9": text typed where no section reads it

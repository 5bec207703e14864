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

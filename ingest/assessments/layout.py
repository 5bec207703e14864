"""Where everything sits in the Beyond Boundaries workbook.

The template writer and the template reader both import these positions, so a layout change is
made once and cannot leave the reader looking in the wrong cells. Rows and columns are 1-based,
as Excel shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

ABOUT_SHEET = "About"
SCALE_SHEET = "Scale"
LISTS_SHEET = "Lists"  # hidden: the drop-down choices, too long for an inline list

BANNER_ROW = 1  # on every sheet: the synthetic-data banner, blank in real returns
TITLE_ROW = 2
SYNTHETIC_BANNER = "SYNTHETIC DATA — generated for demonstration; not a real borough's return"
SYNTHETIC_MARK = "YES"

# About: a label in column B and the answer beside it in column C.
ABOUT_LABEL_COL = 2
ABOUT_VALUE_COL = 3
ABOUT_HINT_COL = 4
AREA_ROW = 4
YEAR_ROW = 5
GROUP_ROW = 6
SYNTHETIC_ROW = 7
ABOUT_LABELS = {
    AREA_ROW: "Local authority",
    YEAR_ROW: "Assessment year",
    GROUP_ROW: "Group",
    SYNTHETIC_ROW: "Synthetic data",
}
ABOUT_TEXT_ROW = 9  # instructions, scale legend and warnings start here
YEAR_MIN, YEAR_MAX = 2000, 2100  # the year cell's validation; identification applies a tighter bound

# Score sheets: participant header rows above a table of items.
CAPACITY = 20  # participant columns per workbook
PARTICIPANT_ROW = 4
SECTOR_ROW = 5
ROLE_ROW = 6
HEADER_LABELS = {
    PARTICIPANT_ROW: "Participant",
    SECTOR_ROW: "Organisation / sector",
    ROLE_ROW: "Strategic or operational",
}
TABLE_HEADER_ROW = 8
FIRST_ITEM_ROW = 9

# Lists: one column of choices each, values from LIST_FIRST_ROW down.
LIST_FIRST_ROW = 3
AREA_LIST_COL = 1
SECTOR_LIST_COL = 2
ROLE_LIST_COL = 3


@dataclass(frozen=True)
class ScoreSheet:
    """One score sheet: its descriptive columns, then CAPACITY participant columns."""

    name: str
    grain: str  # "enabler" | "indicator", as in raw.scores
    columns: tuple[str, ...]  # headings of the descriptive columns, left to right
    id_column: int  # the column whose IDs tie a row to the framework

    @property
    def label_column(self) -> int:
        """The last descriptive column, which also carries the participant header labels."""
        return len(self.columns)

    @property
    def first_participant_column(self) -> int:
        return len(self.columns) + 1

    @property
    def last_participant_column(self) -> int:
        return len(self.columns) + CAPACITY


ENABLER_SHEET = ScoreSheet(
    name="Enabler scores",
    grain="enabler",
    columns=("Theme", "Enabler ID", "Enabler", "Statement"),
    id_column=2,
)
INDICATOR_SHEET = ScoreSheet(
    name="Indicator scores",
    grain="indicator",
    columns=("Enabler ID", "Indicator ID", "Indicator"),
    id_column=2,
)
SCORE_SHEETS = (ENABLER_SHEET, INDICATOR_SHEET)


def participant_id(position: int) -> str:
    """P01 for the first participant column: stable because it depends only on the column."""
    return f"P{position:02d}"


# --- The optional narrative sheets (issue #14), after the score sheets --------------------------
# Each has its title on TITLE_ROW (marked "Optional"), a note below it, a table header on
# NARRATIVE_HEADER_ROW and one row per item from NARRATIVE_FIRST_ROW. Rows are tied to the
# framework by what their label column names (an ID, a name or a short form), not by position.
NARRATIVE_HEADER_ROW = 5
NARRATIVE_FIRST_ROW = 6
OPTIONAL = "Optional"

REFLECTIONS_SHEET = "Reflections"
# One row per enabler (evidence), each theme's enablers followed by the theme's own row (reflection),
# as each theme's grid in the tool ends with its reflections.
REFLECTION_COLUMNS = ("Theme or enabler", "Name", "Prompt", "Your response")
REFLECTION_ID_COL, REFLECTION_NAME_COL, REFLECTION_PROMPT_COL, REFLECTION_TEXT_COL = 1, 2, 3, 4
THEME_ROW_ID = "T{order}"  # how a theme's row is labelled in the ID column: T1, T2, T3

CHALLENGES_SHEET = "Challenges"
CHALLENGE_COLUMNS = ("Challenge", "What it covers", "Status", "Within our gift to change")
CHALLENGE_NAME_COL, CHALLENGE_DESCRIPTION_COL, CHALLENGE_STATUS_COL, CHALLENGE_GIFT_COL = 1, 2, 3, 4

MODELS_SHEET = "Integration model"
MODEL_COLUMNS = ("Scope", "Today", "Aiming for")
MODEL_SCOPE_COL, MODEL_CURRENT_COL, MODEL_ASPIRED_COL = 1, 2, 3
OVERALL_SCOPE = "overall"  # raw.integration_models.scope of the partnership as a whole
OVERALL_LABEL = "Overall"
MODEL_GUIDE_COL = 5  # the spectrum's models and their descriptions, beside the table (E: name, F: text)
MODEL_GUIDE_COLUMNS = ("Model", "What it looks like")

PRIORITIES_SHEET = "Priorities"
PRIORITY_COUNT = 8
ENABLER_CHOICES = 3  # drop-down columns of "E01 Senior leadership", one enabler each
PRIORITY_COLUMNS = ("No.", "Priority for action", *(f"Enabler {n}" for n in range(1, ENABLER_CHOICES + 1)),
                    "Owner (role)", "Review date")
PRIORITY_NO_COL, PRIORITY_TEXT_COL, PRIORITY_ENABLER_COL = 1, 2, 3  # enablers in columns C–E
PRIORITY_OWNER_COL = PRIORITY_ENABLER_COL + ENABLER_CHOICES
PRIORITY_DATE_COL = PRIORITY_OWNER_COL + 1

NARRATIVE_SHEETS = (REFLECTIONS_SHEET, CHALLENGES_SHEET, MODELS_SHEET, PRIORITIES_SHEET)

STATUS_LIST_COL = 4
MODEL_LIST_COL = 5
ENABLER_LIST_COL = 6


def enabler_choice(enabler_id: str, name: str) -> str:
    """An enabler as the priorities' drop-downs offer it: "E01 Senior leadership"."""
    return f"{enabler_id} {name}"

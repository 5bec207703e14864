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

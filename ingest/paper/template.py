"""Workbooks for paper forms: one to type the forms up in, one to settle where two typings disagree.

Paper forms are typed up after the meeting, where a slip of the hand changes a borough's figures
unseen; the transcription workbook therefore asks which entry it is (single, or the first or second
of two independent typings), and the resolution workbook lists each disagreement beside both values
so that someone with the paper in hand can decide. Styling and drop-downs come from the Excel
tool's writer so that every workbook we send looks and behaves alike; framework wording comes from
`fw` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.model import Narrative, ParticipantEntry
from ingest.assessments.sheet_parts import (
    BOLD,
    INPUT_FILL,
    TITLE_FONT,
    WRAP,
    add_validation,
    style_header,
    write_banner,
)
from ingest.assessments.template import TITLE, _ref, _write_lists, _write_scale, write_guidance
from ingest.paper import layout as P
from ingest.paper.model import Disagreement
from ingest.paper.narrative import choice_of, describe
from ingest.paper.narrative_template import inline_choices, write_narrative_sheets

TRANSCRIPTION_TITLE = f"{TITLE}: typing up paper forms"
RESOLUTION_TITLE = f"{TITLE}: settling disagreements between two typings"
ENTRY_LABELS = {code: label for label, code in P.ENTRY_CHOICES.items()}
INSTRUCTIONS = (
    f"Type each paper form into one row of '{P.ENABLER_FORMS.name}': the number written on the form as "
    f"{P.FORM_ID}, the participant's details, then the score for each enabler.",
    f"Type what the form says: 1–5, or '{P.SKIP}' where the participant skipped. A blank cell is read as a "
    "skip too, so check that every score on the form has been typed.",
    f"When a form has the dig-deeper grid filled in, give it a row with the same {P.FORM_ID} on "
    f"'{P.INDICATOR_FORMS.name}'.",
    "Double entry (recommended): two people type the same forms independently, each in their own copy of "
    "this workbook, one as 'First entry' and the other as 'Second entry'. Where the two agree the scores load; "
    "every difference is listed and nothing loads until each one is settled against the paper in a "
    "resolution workbook.",
    "Single entry: one person types the forms once. The scores load straight away, marked as typed once "
    "and not checked.",
    f"Optional: what the partnership agreed beyond the scores — reflections and evidence, the six challenges, "
    f"the integration model and priorities for action — goes once on the sheets '{P.REFLECTIONS.name}', "
    f"'{P.CHALLENGES.name}', '{P.MODELS.name}' and '{P.PRIORITIES.name}' (not per form). With double entry "
    "both people type them; they are compared like the scores.",
    "Do not rename the sheets or move columns.",
)
RESOLUTION_INSTRUCTIONS = (
    f"Each row on '{P.RESOLUTIONS_SHEET}' is one place where the first and second entry disagree. Look at the "
    f"paper form and choose the right value under '{P.RESOLVED_VALUE}'.",
    f"Scores: 1–5 or '{P.SKIP}'. Participant details: the right answer, or '{P.BLANK}' when the form leaves it "
    f"empty. A whole form typed in one entry only: '{P.PRESENT}' keeps it (with the values of the entry that "
    f"has it), '{P.ABSENT}' leaves it out.",
    f"The partnership's narrative (form '{P.NARRATIVE_FORM}'): the text as the paper has it, a challenge's status "
    f"or an integration model from the list, or '{P.BLANK}' when the paper leaves it empty.",
    "Rows left blank stay open: send another resolution workbook for them later. The scores load once "
    "nothing is open.",
)
ABOUT_HINTS = {
    L.AREA_ROW: "Choose from the list",
    L.YEAR_ROW: "The calendar year the partnership met, e.g. 2024",
    L.GROUP_ROW: "Optional: as on the paper forms, e.g. 'Health partners'; both entries must give the same group",
    L.SYNTHETIC_ROW: f"Leave blank for real returns ('{L.SYNTHETIC_MARK}' marks demonstration data)",
    P.TRANSCRIBER_ROW: "The name or initials of the person typing",
    P.ENTRY_ROW: "First entry or Second entry for double entry; Single entry when the forms are typed once",
}
FIELD_WIDTHS = {P.FORM_ID: 10, "Participant": 18, "Organisation / sector": 26, "Strategic or operational": 14}
ITEM_WIDTH = {"enabler": 13, "indicator": 18}
NAME_ROW_HEIGHT = {"enabler": 45, "indicator": 190}  # room for the longest wording, wrapped
RESOLUTION_WIDTHS = (10, 16, 60, 14, 20, 14, 20, 16)


@dataclass(frozen=True)
class PaperForm:
    """One participant's paper form, as a transcriber types it."""

    form_id: str
    participant: ParticipantEntry


@dataclass(frozen=True)
class TranscriptionContent:
    """A typed-up set of forms: the transcription writer's input (tests and demonstrations)."""

    area_name: str
    assessment_year: int
    group_label: str | None
    transcriber: str
    entry: str  # "first" | "second" | "single"
    forms: tuple[PaperForm, ...]
    is_synthetic: bool = False
    narrative: Narrative | None = None  # None: the optional narrative sheets left blank


def write_paper_template(path: Path, fw: Framework, content: TranscriptionContent | None = None) -> Path:
    """Write the transcription workbook to `path` (blank when content is None) and return the path."""
    workbook = Workbook()
    about = workbook.active
    about.title = L.ABOUT_SHEET
    enablers = workbook.create_sheet(P.ENABLER_FORMS.name)
    indicators = workbook.create_sheet(P.INDICATOR_FORMS.name)
    write_narrative_sheets(workbook, fw, content.narrative if content is not None else None)
    _write_scale(workbook.create_sheet(L.SCALE_SHEET), fw)
    lists = _write_lists(workbook.create_sheet(L.LISTS_SHEET), fw)

    values = {}
    if content is not None:
        values = {L.AREA_ROW: content.area_name, L.YEAR_ROW: content.assessment_year, L.GROUP_ROW: content.group_label,
                  L.SYNTHETIC_ROW: L.SYNTHETIC_MARK if content.is_synthetic else None,
                  P.TRANSCRIBER_ROW: content.transcriber, P.ENTRY_ROW: ENTRY_LABELS[content.entry]}
    labels = {row: (label, ABOUT_HINTS[row]) for row, label in P.ABOUT_LABELS.items()}
    _write_about(about, fw, TRANSCRIPTION_TITLE, labels, values, INSTRUCTIONS)
    _validate_about(about, lists)
    add_validation(about, DataValidation(type="list", formula1='"' + ",".join(P.ENTRY_CHOICES) + '"'),
              _ref(P.ENTRY_ROW, L.ABOUT_VALUE_COL), "Choose First entry, Second entry or Single entry.")
    _write_form_sheet(enablers, P.ENABLER_FORMS, fw, [(e.id, e.name) for e in fw.enablers], lists)
    _write_form_sheet(indicators, P.INDICATOR_FORMS, fw, [(i.id, i.text) for i in fw.indicators], lists)
    if content is not None:
        _write_forms(enablers, indicators, content)
        if content.is_synthetic:
            for sheet in workbook.worksheets:
                write_banner(sheet)
    return _save(workbook, path, TRANSCRIPTION_TITLE, INSTRUCTIONS[0])


def write_resolution_workbook(
    path: Path, fw: Framework, area_code: str, assessment_year: int, group_label: str | None,
    disagreements: Sequence[Disagreement],
) -> Path:
    """Write a resolution workbook listing `disagreements`, the value to choose left for the resolver."""
    workbook = Workbook()
    about = workbook.active
    about.title = L.ABOUT_SHEET
    sheet = workbook.create_sheet(P.RESOLUTIONS_SHEET)
    lists = _write_lists(workbook.create_sheet(L.LISTS_SHEET), fw)

    labels = {row: (P.ABOUT_LABELS[row], ABOUT_HINTS[row]) for row in (L.AREA_ROW, L.YEAR_ROW, L.GROUP_ROW)}
    labels[P.TRANSCRIBER_ROW] = (P.RESOLVED_BY_LABEL, "The name or initials of the person settling")
    values = {L.AREA_ROW: fw.area(area_code).name, L.YEAR_ROW: assessment_year, L.GROUP_ROW: group_label}
    _write_about(about, fw, RESOLUTION_TITLE, labels, values, RESOLUTION_INSTRUCTIONS)
    _validate_about(about, lists)

    sheet.cell(L.TITLE_ROW, 1, P.RESOLUTIONS_SHEET).font = TITLE_FONT
    sheet.cell(L.TITLE_ROW + 1, 1, RESOLUTION_INSTRUCTIONS[1])
    for col, (heading, width) in enumerate(zip(P.RESOLUTION_COLUMNS, RESOLUTION_WIDTHS), start=1):
        style_header(sheet.cell(P.HEADER_ROW, col, heading))
        sheet.column_dimensions[get_column_letter(col)].width = width
    value_col = len(P.RESOLUTION_COLUMNS)
    cells_by_kind: dict[str, list[str]] = {}
    for row, found in enumerate(disagreements, start=P.FIRST_FORM_ROW):
        written = (found.form_id, found.item_id, _describe(fw, found.form_id, found.item_id),
                   _shown(found.first_value), found.first_location, _shown(found.second_value), found.second_location)
        for col, value in enumerate(written, start=1):
            sheet.cell(row, col, value).alignment = WRAP
        sheet.cell(row, value_col).fill = INPUT_FILL
        cells_by_kind.setdefault(_kind(found.form_id, found.item_id), []).append(_ref(row, value_col))
    for kind, validation in _resolution_choices(fw, lists).items():
        first, *rest = cells_by_kind.get(kind) or [None]
        if first is not None:
            add_validation(sheet, validation, first, "Choose the value the paper form shows.", prompt=False)
            for cell in rest:
                validation.add(cell)
    sheet.freeze_panes = f"A{P.FIRST_FORM_ROW}"
    return _save(workbook, path, RESOLUTION_TITLE, RESOLUTION_INSTRUCTIONS[0])


def _write_about(sheet: Worksheet, fw: Framework, title: str, labels: dict[int, tuple[str, str]],
                 values: dict[int, object], instructions: Sequence[str]) -> None:
    """Labels (with a hint each) in the Excel tool's About columns, then the instructions and the scale."""
    sheet.cell(L.TITLE_ROW, L.ABOUT_LABEL_COL, title).font = TITLE_FONT
    sheet.cell(L.TITLE_ROW + 1, L.ABOUT_LABEL_COL, f"Framework version {fw.version}")
    for row, (label, hint) in labels.items():
        sheet.cell(row, L.ABOUT_LABEL_COL, label).font = BOLD
        sheet.cell(row, L.ABOUT_VALUE_COL, values.get(row)).fill = INPUT_FILL
        sheet.cell(row, L.ABOUT_HINT_COL, hint).font = Font(italic=True, color="595959")
    write_guidance(sheet, fw, P.ABOUT_TEXT_ROW, instructions)
    for col, width in ((1, 3), (L.ABOUT_LABEL_COL, 22), (L.ABOUT_VALUE_COL, 34), (L.ABOUT_HINT_COL, 80)):
        sheet.column_dimensions[get_column_letter(col)].width = width


def _validate_about(sheet: Worksheet, lists: dict[str, str]) -> None:
    area_list = lists[L.ABOUT_LABELS[L.AREA_ROW]]
    add_validation(sheet, DataValidation(type="list", formula1=f"={area_list}"), _ref(L.AREA_ROW, L.ABOUT_VALUE_COL),
              "Choose the local authority from the list.")
    add_validation(sheet, DataValidation(type="whole", operator="between", formula1=str(L.YEAR_MIN),
                                    formula2=str(L.YEAR_MAX)), _ref(L.YEAR_ROW, L.ABOUT_VALUE_COL),
              f"Type the year as a whole number, e.g. 2024 ({L.YEAR_MIN}–{L.YEAR_MAX}).")


def _score_choices(fw: Framework) -> str:
    return '"' + ",".join([*(str(point.score) for point in fw.scale), P.SKIP]) + '"'


def _write_form_sheet(sheet: Worksheet, spec: P.FormSheet, fw: Framework, items: list[tuple[str, str]],
                      lists: dict[str, str]) -> None:
    sheet.cell(L.TITLE_ROW, 1, spec.name).font = TITLE_FONT
    sheet.cell(L.TITLE_ROW + 1, 1, f"One row per paper form. Scores 1–5, or '{P.SKIP}'. {fw.skip_guidance}")
    for col, heading in enumerate(spec.fields, start=1):
        style_header(sheet.cell(P.HEADER_ROW, col, heading))
        sheet.column_dimensions[get_column_letter(col)].width = FIELD_WIDTHS[heading]
    for col, (item_id, name) in enumerate(items, start=spec.first_item_column):
        sheet.cell(P.NAME_ROW, col, name).alignment = WRAP
        style_header(sheet.cell(P.HEADER_ROW, col, item_id))
        sheet.column_dimensions[get_column_letter(col)].width = ITEM_WIDTH[spec.grain]
    sheet.row_dimensions[P.NAME_ROW].height = NAME_ROW_HEIGHT[spec.grain]

    first, last = P.FIRST_FORM_ROW, P.FIRST_FORM_ROW + P.PREPARED_ROWS - 1
    last_col = spec.first_item_column + len(items) - 1
    for row in range(first, last + 1):
        for col in range(1, last_col + 1):
            sheet.cell(row, col).fill = INPUT_FILL
    if spec is P.ENABLER_FORMS:
        for col, row_label in ((P.SECTOR_COL, L.SECTOR_ROW), (P.ROLE_COL, L.ROLE_ROW)):
            heading = L.HEADER_LABELS[row_label]
            add_validation(sheet, DataValidation(type="list", formula1=f"={lists[heading]}"),
                      f"{get_column_letter(col)}{first}:{get_column_letter(col)}{last}",
                      f"Choose the {heading.lower()}.")
    add_validation(sheet, DataValidation(type="list", formula1=_score_choices(fw)),
              f"{get_column_letter(spec.first_item_column)}{first}:{get_column_letter(last_col)}{last}",
              f"Choose a score from 1 to 5, or '{P.SKIP}'.", prompt=False)
    sheet.freeze_panes = f"{get_column_letter(spec.first_item_column)}{first}"


def _write_forms(enablers: Worksheet, indicators: Worksheet, content: TranscriptionContent) -> None:
    enabler_ids = [c.value for c in enablers[P.HEADER_ROW]][P.ENABLER_FORMS.first_item_column - 1 :]
    indicator_ids = [c.value for c in indicators[P.HEADER_ROW]][P.INDICATOR_FORMS.first_item_column - 1 :]
    indicator_row = P.FIRST_FORM_ROW
    for row, form in enumerate(content.forms, start=P.FIRST_FORM_ROW):
        person = form.participant
        for col, value in enumerate((form.form_id, person.label, person.sector, person.role_level), start=1):
            enablers.cell(row, col, value)
        for col, item_id in enumerate(enabler_ids, start=P.ENABLER_FORMS.first_item_column):
            enablers.cell(row, col, person.enabler_scores.get(item_id))
        if person.indicator_scores:
            indicators.cell(indicator_row, 1, form.form_id)
            for col, item_id in enumerate(indicator_ids, start=P.INDICATOR_FORMS.first_item_column):
                indicators.cell(indicator_row, col, person.indicator_scores.get(item_id))
            indicator_row += 1


def _kind(form_id: str, item_id: str) -> str:
    """What sort of value settles a disagreement about this item."""
    if form_id == P.NARRATIVE_FORM:
        return choice_of(item_id) or "narrative text"
    if item_id in (P.FORM_ITEM, P.INDICATOR_FORM_ITEM):
        return "presence"
    if item_id in P.FIELD_ITEMS:
        return item_id
    return "score"


def _resolution_choices(fw: Framework, lists: dict[str, str]) -> dict[str, DataValidation]:
    """One drop-down per kind of item; participant names and narrative text are free text, so they get none.

    Details may be settled as 'blank', which the framework's lists do not offer; those drop-downs
    warn rather than refuse, so that it can still be typed.
    """
    sector = DataValidation(type="list", formula1=f"={lists[L.HEADER_LABELS[L.SECTOR_ROW]]}", errorStyle="warning")
    role = DataValidation(type="list", formula1=f"={lists[L.HEADER_LABELS[L.ROLE_ROW]]}", errorStyle="warning")
    statuses = inline_choices([s.label for s in fw.challenge_statuses])
    models = inline_choices([m.name for m in fw.integration_models])
    return {
        "status": DataValidation(type="list", formula1=statuses, errorStyle="warning"),
        "model": DataValidation(type="list", formula1=models, errorStyle="warning"),
        "score": DataValidation(type="list", formula1=_score_choices(fw)),
        "presence": DataValidation(type="list", formula1=f'"{P.PRESENT},{P.ABSENT}"'),
        "sector": sector,
        "role_level": role,
    }


def _describe(fw: Framework, form_id: str, item_id: str) -> str:
    """The item as the resolver will find it on the paper form."""
    if form_id == P.NARRATIVE_FORM:
        return describe(item_id, fw)
    if item_id == P.FORM_ITEM:
        return f"Form {form_id} was typed in one entry only"
    if item_id == P.INDICATOR_FORM_ITEM:
        return f"Form {form_id}'s dig-deeper row was typed in one entry only"
    if item_id in P.FIELD_ITEMS:
        return P.ENABLER_FORMS.fields[1 + P.FIELD_ITEMS.index(item_id)]
    if "." in item_id:
        return fw.indicator(item_id).text
    return fw.enabler(item_id).name


def _shown(value: str | None) -> str:
    return f"({P.BLANK})" if value is None else value


def _save(workbook: Workbook, path: Path, title: str, description: str) -> Path:
    props = workbook.properties
    props.title, props.description, props.creator = title, description, "maturity-warehouse"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path

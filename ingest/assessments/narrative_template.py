"""The Excel tool's optional sheets for what a partnership writes beyond its scores (issue #14):
reflections and evidence, the six common challenges, the integration model, priorities for action.

They come after the score sheets and say "Optional" in their titles, because a workbook without
them is as valid as one with them. Choices are drop-downs from the hidden Lists sheet, but the
drop-downs only warn: people write "Yes - but improving" where a status was offered, and the
reader places such text rather than Excel refusing it. All wording comes from the framework.
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.model import Narrative
from ingest.assessments.sheet_parts import INPUT_FILL, TITLE_FONT, WRAP, add_validation, style_header

REFLECTION_PROMPT = "Reflections — what are the key areas where progress is needed?"
EVIDENCE_PROMPT = "What is working well, and the evidence that shows this"
STATUS_HEADING, MODEL_HEADING, ENABLER_HEADING = "Status", "Integration model", "Enabler"
NOTES = {
    L.REFLECTIONS_SHEET: "After scoring each theme: what is working well for each enabler and the evidence that "
    "shows it, and the key areas where progress is needed. Leave blank what you did not discuss.",
    L.CHALLENGES_SHEET: "After scoring: which of the six common challenges are in play here, and what is within "
    "the partnership's gift to change. Choose a status or write your own words.",
    L.MODELS_SHEET: "Where the partnership is on the spectrum of integration today and where it aims to be, "
    "overall and for each theme. The models are described on the right.",
    L.PRIORITIES_SHEET: f"Up to {L.PRIORITY_COUNT} priorities for action, each with the enabler(s) it addresses "
    f"(choose up to {L.ENABLER_CHOICES}, or write them, e.g. 'E3, E7'), an owner's role (not a name) and a "
    "review date.",
}
NOTE_FONT = Font(italic=True, color="595959")
WIDTHS = {
    L.REFLECTIONS_SHEET: (16, 28, 36, 80),
    L.CHALLENGES_SHEET: (24, 70, 18, 60),
    L.MODELS_SHEET: (28, 22, 22, 3, 22, 80),
    L.PRIORITIES_SHEET: (6, 60, 30, 30, 30, 26, 14),
}
ROW_HEIGHT = 45  # room for a few lines of text in the answer cells


def narrative_lists(fw: Framework) -> dict[int, tuple[str, list[str]]]:
    """The Lists sheet's columns for the narrative drop-downs: column → (heading, choices)."""
    return {
        L.STATUS_LIST_COL: (STATUS_HEADING, [s.label for s in fw.challenge_statuses]),
        L.MODEL_LIST_COL: (MODEL_HEADING, [m.name for m in fw.integration_models]),
        L.ENABLER_LIST_COL: (ENABLER_HEADING, [L.enabler_choice(e.id, e.name) for e in fw.enablers]),
    }


def check_narrative(narrative: Narrative, fw: Framework) -> None:
    """Refuse content the sheets cannot hold, rather than silently dropping it."""
    known = {
        "reflections": ({t.id for t in fw.themes}, set(narrative.reflections)),
        "evidence": ({e.id for e in fw.enablers}, set(narrative.evidence)),
        "challenges": ({c.id for c in fw.challenges}, set(narrative.challenges)),
        "model scopes": ({L.OVERALL_SCOPE, *(t.id for t in fw.themes)}, set(narrative.models)),
        "statuses": ({s.id for s in fw.challenge_statuses}, {s for s, _ in narrative.challenges.values() if s}),
        "models": ({m.id for m in fw.integration_models},
                   {m for pair in narrative.models.values() for m in pair if m}),
        "priority enablers": ({e.id for e in fw.enablers}, {e for p in narrative.priorities for e in p.enabler_ids}),
    }
    for what, (allowed, given) in known.items():
        if given - allowed:
            raise ValueError(f"narrative {what} not in the framework: {sorted(given - allowed)}")
    if len(narrative.priorities) > L.PRIORITY_COUNT:
        raise ValueError(f"{len(narrative.priorities)} priorities; the workbook holds {L.PRIORITY_COUNT}")
    crowded = [n for n, p in enumerate(narrative.priorities, start=1) if len(p.enabler_ids) > L.ENABLER_CHOICES]
    if crowded:
        raise ValueError(f"priorities {crowded} name more than the {L.ENABLER_CHOICES} enablers the workbook offers")


def write_narrative_sheets(
    workbook, fw: Framework, narrative: Narrative | None, lists: dict[str, str]
) -> None:
    """The four optional sheets, appended to `workbook`; filled from `narrative` when given."""
    narrative = narrative or Narrative()
    for name, write in ((L.REFLECTIONS_SHEET, _reflections), (L.CHALLENGES_SHEET, _challenges),
                        (L.MODELS_SHEET, _models), (L.PRIORITIES_SHEET, _priorities)):
        sheet = workbook.create_sheet(name)
        sheet.cell(L.TITLE_ROW, 1, f"{name} ({L.OPTIONAL})").font = TITLE_FONT
        sheet.cell(L.TITLE_ROW + 1, 1, NOTES[name]).font = NOTE_FONT
        for col, width in enumerate(WIDTHS[name], start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        write(sheet, fw, narrative, lists)
        sheet.freeze_panes = f"A{L.NARRATIVE_FIRST_ROW}"


def _header(sheet: Worksheet, headings: tuple[str, ...], first_col: int = 1) -> None:
    for col, heading in enumerate(headings, start=first_col):
        style_header(sheet.cell(L.NARRATIVE_HEADER_ROW, col, heading))


def _row(sheet: Worksheet, row: int, values: dict[int, object], inputs: tuple[int, ...]) -> None:
    for col, value in values.items():
        cell = sheet.cell(row, col, value)
        cell.alignment = WRAP
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text as written, not a formula for Excel to run
    for col in inputs:
        sheet.cell(row, col).fill = INPUT_FILL
    sheet.row_dimensions[row].height = ROW_HEIGHT


def _choices(lists: dict[str, str], heading: str) -> DataValidation:
    """A drop-down that warns, not refuses, when something else is written (the reader places it)."""
    return DataValidation(type="list", formula1=f"={lists[heading]}", errorStyle="warning")


def _reflections(sheet: Worksheet, fw: Framework, narrative: Narrative, lists: dict[str, str]) -> None:
    _header(sheet, L.REFLECTION_COLUMNS)
    row = L.NARRATIVE_FIRST_ROW
    for theme in fw.themes:
        for enabler_id in theme.enabler_ids:
            enabler = fw.enabler(enabler_id)
            _row(sheet, row, {L.REFLECTION_ID_COL: enabler.id, L.REFLECTION_NAME_COL: enabler.name,
                              L.REFLECTION_PROMPT_COL: EVIDENCE_PROMPT,
                              L.REFLECTION_TEXT_COL: narrative.evidence.get(enabler.id)}, (L.REFLECTION_TEXT_COL,))
            row += 1
        _row(sheet, row, {L.REFLECTION_ID_COL: L.THEME_ROW_ID.format(order=theme.order),
                          L.REFLECTION_NAME_COL: theme.name, L.REFLECTION_PROMPT_COL: REFLECTION_PROMPT,
                          L.REFLECTION_TEXT_COL: narrative.reflections.get(theme.id)}, (L.REFLECTION_TEXT_COL,))
        for col in (L.REFLECTION_ID_COL, L.REFLECTION_NAME_COL):
            sheet.cell(row, col).font = Font(bold=True)
        row += 1


def _challenges(sheet: Worksheet, fw: Framework, narrative: Narrative, lists: dict[str, str]) -> None:
    _header(sheet, L.CHALLENGE_COLUMNS)
    labels = {s.id: s.label for s in fw.challenge_statuses}
    for offset, challenge in enumerate(fw.challenges):
        status, gift = narrative.challenges.get(challenge.id, (None, None))
        _row(sheet, L.NARRATIVE_FIRST_ROW + offset, {
            L.CHALLENGE_NAME_COL: challenge.name, L.CHALLENGE_DESCRIPTION_COL: challenge.description,
            L.CHALLENGE_STATUS_COL: labels[status] if status else None, L.CHALLENGE_GIFT_COL: gift,
        }, (L.CHALLENGE_STATUS_COL, L.CHALLENGE_GIFT_COL))
    status_col = get_column_letter(L.CHALLENGE_STATUS_COL)
    last = L.NARRATIVE_FIRST_ROW + len(fw.challenges) - 1
    add_validation(sheet, _choices(lists, STATUS_HEADING), f"{status_col}{L.NARRATIVE_FIRST_ROW}:{status_col}{last}",
                   "Choose how far this challenge is in play here, or write your own words.")


def _models(sheet: Worksheet, fw: Framework, narrative: Narrative, lists: dict[str, str]) -> None:
    _header(sheet, L.MODEL_COLUMNS)
    names = {m.id: m.name for m in fw.integration_models}
    scopes = [(L.OVERALL_SCOPE, L.OVERALL_LABEL), *((t.id, t.name) for t in fw.themes)]
    for offset, (scope, label) in enumerate(scopes):
        current, aspired = narrative.models.get(scope, (None, None))
        _row(sheet, L.NARRATIVE_FIRST_ROW + offset, {
            L.MODEL_SCOPE_COL: label, L.MODEL_CURRENT_COL: names[current] if current else None,
            L.MODEL_ASPIRED_COL: names[aspired] if aspired else None,
        }, (L.MODEL_CURRENT_COL, L.MODEL_ASPIRED_COL))
    last = L.NARRATIVE_FIRST_ROW + len(scopes) - 1
    cells = f"{get_column_letter(L.MODEL_CURRENT_COL)}{L.NARRATIVE_FIRST_ROW}:{get_column_letter(L.MODEL_ASPIRED_COL)}{last}"
    add_validation(sheet, _choices(lists, MODEL_HEADING), cells,
                   "Choose a model of the spectrum of integration, or write your own words.")
    _header(sheet, L.MODEL_GUIDE_COLUMNS, L.MODEL_GUIDE_COL)
    for offset, model in enumerate(fw.integration_models):
        row = L.NARRATIVE_FIRST_ROW + offset
        sheet.cell(row, L.MODEL_GUIDE_COL, model.name).alignment = WRAP
        sheet.cell(row, L.MODEL_GUIDE_COL + 1, model.description).alignment = WRAP
        sheet.row_dimensions[row].height = 75


def _priorities(sheet: Worksheet, fw: Framework, narrative: Narrative, lists: dict[str, str]) -> None:
    _header(sheet, L.PRIORITY_COLUMNS)
    names = {e.id: e.name for e in fw.enablers}
    inputs = tuple(range(L.PRIORITY_TEXT_COL, L.PRIORITY_DATE_COL + 1))
    for number in range(1, L.PRIORITY_COUNT + 1):
        row = L.NARRATIVE_FIRST_ROW + number - 1
        values: dict[int, object] = {L.PRIORITY_NO_COL: number}
        if number <= len(narrative.priorities):
            entry = narrative.priorities[number - 1]
            values |= {L.PRIORITY_TEXT_COL: entry.text, L.PRIORITY_OWNER_COL: entry.owner_role,
                       L.PRIORITY_DATE_COL: entry.review_date}
            values |= {L.PRIORITY_ENABLER_COL + i: L.enabler_choice(e, names[e]) for i, e in enumerate(entry.enabler_ids)}
        _row(sheet, row, values, inputs)
        sheet.cell(row, L.PRIORITY_DATE_COL).number_format = "DD/MM/YYYY"
    last = L.NARRATIVE_FIRST_ROW + L.PRIORITY_COUNT - 1
    first_enabler, last_enabler = (get_column_letter(L.PRIORITY_ENABLER_COL),
                                   get_column_letter(L.PRIORITY_OWNER_COL - 1))
    add_validation(sheet, _choices(lists, ENABLER_HEADING),
                   f"{first_enabler}{L.NARRATIVE_FIRST_ROW}:{last_enabler}{last}",
                   "Choose the enabler this priority addresses (one per column), or write them, e.g. 'E3, E7'.")
    date_col = get_column_letter(L.PRIORITY_DATE_COL)
    add_validation(sheet, DataValidation(type="date", operator="greaterThan", formula1="36526", errorStyle="warning"),
                   f"{date_col}{L.NARRATIVE_FIRST_ROW}:{date_col}{last}",
                   "A date for reviewing progress, e.g. 31/03/2026.")

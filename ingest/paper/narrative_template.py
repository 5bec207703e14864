"""The transcription workbook's optional narrative sheets (issue #14), blank or typed.

One sheet per section, laid out by `ingest.paper.layout` and read back by `ingest.paper.narrative`:
a row per theme and enabler, challenge, scope or priority number with its ID already in column A,
so that the typist only types what the paper says. Choices (a challenge's status, the integration
models) are drop-downs of the framework's own labels.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.model import Narrative
from ingest.assessments.sheet_parts import INPUT_FILL, TITLE_FONT, WRAP, add_validation, style_header
from ingest.paper import layout as P
from ingest.paper.narrative import item_id, item_ids, rows

HINTS = {
    P.REFLECTIONS.name: "Each theme's grid ends with its reflections; each enabler may have what is working well "
                        "and the evidence for it.",
    P.CHALLENGES.name: "For each challenge: is it in play here (choose from the list), and what is within the "
                       "partnership's gift to change.",
    P.MODELS.name: "Where the partnership is on the spectrum of integration today, and where it is aiming for: "
                   "overall, and for each theme if the paper says.",
    P.PRIORITIES.name: "Up to eight priorities, each with the enabler(s) it addresses (IDs or names, e.g. "
                       "'E01, E05'), the role that owns it and when it will be reviewed (a date).",
}


def write_narrative_sheets(workbook: Workbook, fw: Framework, narrative: Narrative | None) -> None:
    """Add the four sections after the form sheets, filled in from `narrative` when given."""
    typed = typed_values(fw, narrative) if narrative is not None else {}
    models = [m.name for m in fw.integration_models]
    choices = {("status",): [s.label for s in fw.challenge_statuses], ("current", "aspired"): models}
    for spec in P.NARRATIVE_SHEETS:
        sheet = workbook.create_sheet(spec.name)
        _write_sheet(sheet, fw, spec, typed, choices)


def _write_sheet(sheet: Worksheet, fw: Framework, spec: P.NarrativeSheet, typed: dict[str, object],
                 choices: dict[tuple[str, ...], list[str]]) -> None:
    sheet.cell(L.TITLE_ROW, 1, f"{spec.title} (optional)").font = TITLE_FONT
    sheet.cell(L.TITLE_ROW + 1, 1, P.OPTIONAL_TEXT)
    sheet.cell(P.NAME_ROW, 1, HINTS[spec.name])
    for col, column in enumerate(spec.columns, start=1):
        style_header(sheet.cell(P.HEADER_ROW, col, column.heading))
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    laid_out = rows(fw, spec)
    for row, line in enumerate(laid_out, start=P.FIRST_FORM_ROW):
        labels = (line.row_id, line.label, line.asked)
        for col, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row, col)
            cell.alignment = WRAP
            if column.field is None:
                cell.value = labels[col - 1]
                continue
            cell.fill = INPUT_FILL
            cell.value = typed.get(item_id(fw, spec, line.row_id, column.field))
            if column.field == "review_date" and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
    last = P.FIRST_FORM_ROW + len(laid_out) - 1
    for fields, values in choices.items():  # one drop-down per list of choices, over every column offering it
        letters = [get_column_letter(spec.column_of(field)) for field in fields if field in spec.fields]
        if not letters:
            continue
        first, *rest = (f"{letter}{P.FIRST_FORM_ROW}:{letter}{last}" for letter in letters)
        validation = DataValidation(type="list", formula1=inline_choices(values))
        add_validation(sheet, validation, first, f"Choose {', '.join(values)}.")
        for cells in rest:
            validation.add(cells)
    sheet.freeze_panes = f"A{P.FIRST_FORM_ROW}"


def inline_choices(values: list[str]) -> str:
    """A drop-down's choices written into the rule itself; Excel splits them at commas."""
    if any("," in v or '"' in v for v in values):
        raise ValueError(f"a drop-down choice holds a comma or a quote: {values}")
    return '"' + ",".join(values) + '"'


def typed_values(fw: Framework, narrative: Narrative) -> dict[str, object]:
    """Item ID → what a typist puts in its cell: choices by their label, enablers by their IDs."""
    statuses = {s.id: s.label for s in fw.challenge_statuses}
    models = {m.id: m.name for m in fw.integration_models}
    values: dict[str, object] = {}
    for theme_id, text in narrative.reflections.items():
        values[item_id(fw, P.REFLECTIONS, theme_id, "text")] = text
    for enabler_id, text in narrative.evidence.items():
        values[item_id(fw, P.REFLECTIONS, enabler_id, "text")] = text
    for challenge_id, (status, within_gift) in narrative.challenges.items():
        values[item_id(fw, P.CHALLENGES, challenge_id, "status")] = statuses.get(status)
        values[item_id(fw, P.CHALLENGES, challenge_id, "within_gift")] = within_gift
    for scope, (current, aspired) in narrative.models.items():
        values[item_id(fw, P.MODELS, scope, "current")] = models.get(current)
        values[item_id(fw, P.MODELS, scope, "aspired")] = models.get(aspired)
    if len(narrative.priorities) > P.MAX_PRIORITIES:
        raise ValueError(f"{len(narrative.priorities)} priorities: the form has room for {P.MAX_PRIORITIES}")
    for number, priority in enumerate(narrative.priorities, start=1):
        for field, value in (("text", priority.text), ("enablers", ", ".join(priority.enabler_ids) or None),
                             ("owner", priority.owner_role), ("review_date", priority.review_date)):
            values[item_id(fw, P.PRIORITIES, str(number), field)] = value
    _check(fw, narrative, values)
    return values


def _check(fw: Framework, narrative: Narrative, values: dict[str, object]) -> None:
    """Refuse content the sheets have no cell or choice for, rather than writing less than was given."""
    unknown = sorted(set(values) - set(item_ids(fw)))
    unknown += sorted({status for status, _ in narrative.challenges.values() if status}
                      - {s.id for s in fw.challenge_statuses})
    unknown += sorted({m for pair in narrative.models.values() for m in pair if m} - {m.id for m in fw.integration_models})
    unknown += sorted({e for p in narrative.priorities for e in p.enabler_ids} - {e.id for e in fw.enablers})
    if unknown:
        raise ValueError(f"not in the framework's narrative sections: {unknown}")

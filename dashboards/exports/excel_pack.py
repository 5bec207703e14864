"""The borough workshop pack as an Excel workbook, with native charts the borough can edit.

The Beyond Boundaries Excel tool "generates radar diagrams" on the spot; this pack gives the
partnership the same, from the published figures: every chart is a native Excel chart whose data
ranges point at cells of the workbook, so a borough can restyle it, or add next year's column.
Figures are numbers in cells (formatted 0.00), so they can be re-used; a withheld figure is the word
"withheld" in tables, and an EMPTY cell in a chart's data with the reason beside it — Excel draws a
text cell as 0, which would put a withheld mean at the centre of the radar. Every text cell goes
through `neutralise`, so no outcome or file text can arrive as a live formula.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboards import palette
from dashboards.exports.neutralise import neutralise
from dashboards.exports.pack import SAID_TITLE, Column, Kind, Pack, Radar, Table, build_pack, strip_text
from dashboards.queries.borough import BoroughReport
from dashboards.wording import SYNTHETIC_BANNER, WITHHELD

_BANNER_FILL = PatternFill("solid", fgColor="C00000")
_BANNER_FONT = Font(bold=True, color="FFFFFF", size=12)
_HEADER_FILL = PatternFill("solid", fgColor="E7EEF7")
_WITHHELD_FILL = PatternFill("solid", fgColor=palette.WITHHELD_FILL.lstrip("#"))
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CHART_ROWS = 32  # rows a 15 cm chart covers at the default row height


def _rgb(colour: str) -> str:
    return colour.lstrip("#").upper()


def _clean(value: object) -> object:
    """Neutralised text without the control characters an xlsx cannot hold; numbers untouched."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _put(ws: Worksheet, row: int, col: int, value: object, kind: Kind = Kind.TEXT):
    """The one way a cell is written: text neutralised, figures as numbers with their format."""
    cell = ws.cell(row=row, column=col, value=_clean(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and kind not in (Kind.TEXT, Kind.NOTES):
        cell.number_format = kind.value
    elif value == WITHHELD:
        cell.fill = _WITHHELD_FILL
        cell.font = Font(italic=True)
    elif kind is Kind.COMPARISON and value in palette.COMPARISON_COLOURS:
        cell.fill = PatternFill("solid", fgColor=_rgb(palette.COMPARISON_COLOURS[value]))
        cell.font = Font(color=_rgb(palette.COMPARISON_TEXT[value]))
    return cell


class _Sheet:
    """A sheet of the pack: the synthetic banner on its first row, then a title, then content."""

    def __init__(self, workbook: Workbook, name: str, title: str, synthetic: bool, width: int = 12):
        self.ws = workbook.create_sheet(name)
        self.width = width
        self.row = 1
        if synthetic:
            cell = _put(self.ws, 1, 1, SYNTHETIC_BANNER)
            cell.fill, cell.font = _BANNER_FILL, _BANNER_FONT
            for col in range(2, width + 1):
                self.ws.cell(row=1, column=col).fill = _BANNER_FILL
            self.row = 2
        _put(self.ws, self.row, 1, title).font = Font(bold=True, size=14)
        self.title_rows = self.row
        self.row += 2
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False

    def text(self, text: str, *, bold: bool = False, span: int | None = None) -> None:
        """A line of prose, wrapped across `span` columns with a row tall enough to show it."""
        span = span or self.width
        cell = _put(self.ws, self.row, 1, text)
        cell.alignment = _WRAP
        cell.font = Font(bold=bold)
        if span > 1:
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=span)
        characters = sum(self.ws.column_dimensions[get_column_letter(c)].width or 10 for c in range(1, span + 1))
        lines = max(1, math.ceil(len(text) * 1.1 / max(characters, 1)))
        self.ws.row_dimensions[self.row].height = 15 * lines
        self.row += 1

    def columns(self, columns: tuple[Column, ...], start: int = 1) -> None:
        for i, column in enumerate(columns, start=start):
            letter = get_column_letter(i)
            self.ws.column_dimensions[letter].width = max(self.ws.column_dimensions[letter].width or 0, column.width)

    def table(self, table: Table, *, freeze: bool = False) -> tuple[int, int, int]:
        """Header at the current row, then the rows; returns (header row, first row, last row)."""
        self.columns(table.columns)
        if table.title != self.ws[f"A{self.title_rows}"].value:  # not when it is the sheet's title
            _put(self.ws, self.row, 1, table.title).font = Font(bold=True, size=12)
            self.row += 1
        header = self.row
        for col, column in enumerate(table.columns, start=1):
            cell = _put(self.ws, header, col, column.heading)
            cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), _HEADER_FILL, _WRAP, _BORDER
        self.ws.row_dimensions[header].height = 45
        for offset, values in enumerate(table.rows, start=1):
            for col, (column, value) in enumerate(zip(table.columns, values), start=1):
                cell = _put(self.ws, header + offset, col, value, column.kind)
                cell.border = _BORDER
                if column.kind in (Kind.TEXT, Kind.NOTES) and column.width >= 30:
                    cell.alignment = _WRAP
                if column.kind is Kind.NOTES:
                    self.ws.row_dimensions[header + offset].height = 60
        last = header + len(table.rows)
        self.row = last + 2  # a blank row after the table, so a sort or filter stops at its end
        if not table.rows and table.empty:
            self.text(table.empty, span=len(table.columns))
        for note in table.notes:
            self.text(note, span=len(table.columns))
        self.row += 1
        if freeze:
            self.ws.freeze_panes = f"B{header + 1}"
            self.ws.print_title_rows = f"1:{header}"
        return header, header + 1, last


def _radar_block(sheet: _Sheet, radar: Radar) -> None:
    """The radar's data as a small table (spoke, one column per series, why not drawn) and, below
    it, a native radar chart reading exactly those cells."""
    ws = sheet.ws
    _put(ws, sheet.row, 1, radar.title).font = Font(bold=True, size=12)
    header = sheet.row + 1
    spelt_out = radar.labels != radar.categories
    headings = ["Spoke", *(s.name for s in radar.series), "Not drawn", *(["In full"] if spelt_out else [])]
    for col, heading in enumerate(headings, start=1):
        cell = _put(ws, header, col, heading)
        cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), _HEADER_FILL, _WRAP, _BORDER
    note_column = 2 + len(radar.series)
    for i, (label, category) in enumerate(zip(radar.labels, radar.categories)):
        row = header + 1 + i
        _put(ws, row, 1, label).border = _BORDER
        if spelt_out:
            full = _put(ws, row, note_column + 1, category)
            full.border, full.alignment = _BORDER, _WRAP
        for col, series in enumerate(radar.series, start=2):
            value = series.values[i]
            cell = _put(ws, row, col, value, Kind.MEAN) if value is not None else ws.cell(row=row, column=col)
            cell.border = _BORDER
        note = _put(ws, row, note_column, radar.notes[i])
        note.border = _BORDER
        if radar.notes[i]:
            note.fill, note.font = _WITHHELD_FILL, Font(italic=True)
    last = header + len(radar.categories)

    chart = RadarChart()
    chart.type = "marker"
    chart.title = radar.title
    chart.style = 2
    chart.height, chart.width = 15, 24
    chart.y_axis.scaling.min, chart.y_axis.scaling.max, chart.y_axis.majorUnit = 1, 5, 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.display_blanks = "gap"  # an empty (withheld) cell is a gap in the ring, never a 0
    chart.legend.position = "b"
    data = Reference(ws, min_col=2, max_col=1 + len(radar.series), min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    for plotted, series in zip(chart.series, radar.series):
        plotted.graphicalProperties.line.solidFill = _rgb(series.colour)
        plotted.graphicalProperties.line.width = 28575  # 2.25 pt
        if series.dashed:
            plotted.graphicalProperties.line.dashStyle = "dash"
        plotted.marker.symbol = "none" if series.dashed else "circle"
        plotted.marker.graphicalProperties = GraphicalProperties(solidFill=_rgb(series.colour))
        plotted.smooth = False
    ws.add_chart(chart, f"A{last + 2}")
    sheet.row = last + 2 + _CHART_ROWS + 1


def _radar_sheets(workbook: Workbook, pack: Pack, synthetic: bool) -> None:
    """"Radar": the enablers beside the region (and the comparator); "Indicator radars": one per
    enabler the partnership dug into, spokes named by indicator id with the text in full beside."""
    explain = (
        "Each chart reads the cells above it: change a cell and the chart follows. A withheld mean is "
        f"an empty cell, so it is a gap in the ring, not a point at the centre ({WITHHELD})."
    )
    sheet = _Sheet(workbook, "Radar", "Radar chart: the 12 enablers", synthetic, width=5)
    for letter, width in zip("ABCDE", (42, 14, 14, 14, 30)):
        sheet.ws.column_dimensions[letter].width = width
    sheet.text(explain)
    sheet.row += 1
    _radar_block(sheet, pack.enabler_radar)
    sheet.ws.print_title_rows = f"1:{sheet.title_rows}"

    sheet = _Sheet(workbook, "Indicator radars", "Radar charts: indicators, where the partnership dug deeper",
                   synthetic, width=4)
    for letter, width in zip("ABCD", (12, 16, 30, 90)):
        sheet.ws.column_dimensions[letter].width = width
    sheet.text(explain)
    sheet.row += 1
    if not pack.indicator_radars:
        sheet.text(pack.indicators.empty)
    for radar in pack.indicator_radars:
        if radar.drawable:
            _radar_block(sheet, radar)
        else:
            sheet.text(radar.not_drawn)
            sheet.row += 1
    sheet.ws.print_title_rows = f"1:{sheet.title_rows}"


def _distribution_sheet(workbook: Workbook, pack: Pack, synthetic: bool) -> None:
    table = pack.distribution_table
    sheet = _Sheet(workbook, table.key, table.title, synthetic, width=len(table.columns))
    header, first, last = sheet.table(table, freeze=True)
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "People giving each score, per enabler"
    chart.height, chart.width = 14, 26
    chart.x_axis.scaling.orientation = "maxMin"  # E01 at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.title = "people"
    score_columns = [i for i, c in enumerate(table.columns, start=1) if c.heading.startswith("Scored ")]
    data = Reference(sheet.ws, min_col=score_columns[0], max_col=score_columns[-1], min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=first, max_row=last))
    for score, plotted in enumerate(chart.series, start=1):
        plotted.graphicalProperties.solidFill = _rgb(palette.SCORE_COLOURS[score])
        plotted.graphicalProperties.line.solidFill = _rgb(palette.SCORE_COLOURS[score])
    sheet.text(f"A withheld enabler has no bar ({WITHHELD}).", span=len(table.columns))
    sheet.ws.add_chart(chart, f"A{sheet.row + 1}")


def _said_sheet(workbook: Workbook, pack: Pack, synthetic: bool) -> None:
    """"What the partnership said": its reflections, evidence, challenges, integration model and
    priorities, and last assessment's priorities beside the change since, one table under another."""
    said = pack.said
    width = max(len(table.columns) for table in said.tables)
    sheet = _Sheet(workbook, SAID_TITLE, SAID_TITLE, synthetic, width=width)
    for table in said.tables:
        sheet.table(table)
        if table is said.models and said.strips:
            sheet.row -= 1
            for strip in said.strips:
                sheet.text(strip_text(strip), span=width)
            sheet.row += 1
    sheet.ws.print_title_rows = f"1:{sheet.title_rows}"


def _summary_sheet(workbook: Workbook, pack: Pack, synthetic: bool) -> None:
    table = pack.summary
    sheet = _Sheet(workbook, "Summary", pack.title, synthetic, width=len(table.columns))
    sheet.columns(table.columns)
    for label, value in pack.facts:
        _put(sheet.ws, sheet.row, 1, label).font = Font(bold=True)
        _put(sheet.ws, sheet.row, 2, value)
        sheet.row += 1
    sheet.row += 1
    sheet.table(table)
    sheet.ws.print_title_rows = f"1:{sheet.title_rows}"
    for note in pack.notes:
        sheet.text(note, span=len(table.columns))
    sheet.text(
        "Sheets: Enablers, Radar, Indicator radars, Distributions, Indicators, Change, Group gaps, "
        f"Case studies, Challenges, {SAID_TITLE}, Response quality, Outcomes.",
        span=len(table.columns),
    )


def workbook(report: BoroughReport) -> Workbook:
    """The pack as an openpyxl Workbook (the sheets in workshop order)."""
    pack = build_pack(report)
    synthetic = report.is_synthetic
    book = Workbook()
    book.remove(book.active)
    _summary_sheet(book, pack, synthetic)
    sheet = _Sheet(book, pack.enablers.key, pack.enablers.title, synthetic, width=len(pack.enablers.columns))
    sheet.table(pack.enablers, freeze=True)
    _radar_sheets(book, pack, synthetic)
    _distribution_sheet(book, pack, synthetic)
    for table in (pack.indicators, pack.change, pack.gaps, pack.case_studies, pack.challenges):
        sheet = _Sheet(book, table.key, table.title, synthetic, width=len(table.columns))
        sheet.table(table, freeze=True)
    _said_sheet(book, pack, synthetic)
    for table in (pack.response_quality, pack.outcomes):
        sheet = _Sheet(book, table.key, table.title, synthetic, width=len(table.columns))
        sheet.table(table, freeze=True)
    book.properties.title = neutralise(f"{'SYNTHETIC ' if synthetic else ''}{pack.title}")
    book.properties.creator = "Early years integration maturity warehouse"
    return book


def excel_pack_bytes(report: BoroughReport) -> bytes:
    buffer = io.BytesIO()
    workbook(report).save(buffer)
    return buffer.getvalue()


def write_excel_pack(report: BoroughReport, out: Path) -> Path:
    out = Path(out)
    out.write_bytes(excel_pack_bytes(report))
    return out

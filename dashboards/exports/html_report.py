"""The borough workshop pack as one self-contained, printable HTML file.

Everything is inline — CSS and SVG charts, no script, font or stylesheet from the network — so the
file opens offline, from an email attachment or a shared drive, and prints (A4 landscape, a page
per section, table headers repeated). Every piece of text is HTML-escaped: indicator names,
case-study text and the partnership's own words come from files and must not become markup; a table
cell's text is also neutralised, as the Excel pack's is, since a spreadsheet can open an HTML table.
The content is the Excel pack's (`dashboards.exports.pack`), so the two cannot disagree.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from dashboards import palette
from dashboards.exports.neutralise import neutralise
from dashboards.exports.pack import ABSENT, SAID_TITLE, Kind, Pack, Radar, Strip, Table, build_pack, strip_text
from dashboards.exports.svg_charts import diverging_bars_svg, radar_svg
from dashboards.queries.borough import BoroughReport
from dashboards.wording import SYNTHETIC_BANNER, WITHHELD

# The spectrum strip's style, shared with the borough page (which shows the same strip).
STRIP_CSS = f"""
.strip {{ margin: 6px 0 12px; }}
.strip ol {{ display: flex; gap: 6px; list-style: none; padding: 0; margin: 4px 0; max-width: 720px; }}
.strip li {{ flex: 1 1 0; border: 1px solid #bfbfbf; padding: 6px 8px; text-align: center; }}
.strip li.today {{ border: 3px solid {palette.AREA}; }}
.strip li.aim {{ border: 3px dashed {palette.COMPARATOR}; }}
.strip li.today.aim {{ border-style: double; }}
.strip .mark {{ display: block; font-size: 12px; font-weight: 700; }}
"""
# The borough page shows the partnership's words in these same tables, styled within `.said` only.
SAID_PAGE_CSS = f"""
.said table {{ border-collapse: collapse; margin: 6px 0 8px; width: 100%; }}
.said caption {{ text-align: left; font-weight: 700; padding: 4px 0; caption-side: top; }}
.said th, .said td {{ border: 1px solid #bfbfbf; padding: 4px 8px; vertical-align: top; }}
.said th {{ background: #e7eef7; text-align: left; }}
.said td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.said td.withheld {{ background: {palette.WITHHELD_FILL}; font-style: italic; color: #404040; }}
.said td.wide {{ white-space: pre-wrap; }}
.said .note {{ color: #595959; font-size: 14px; }}
{STRIP_CSS}
"""
_CSS = f"""
:root {{ --ink: #1a1a1a; --muted: #595959; --rule: #bfbfbf; }}
* {{ box-sizing: border-box; }}
body {{ font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1200px; padding: 0 24px 48px; }}
.banner {{ background: #c00000; color: #fff; font-weight: 700; padding: 10px 16px; margin: 0 -24px 16px;
  text-align: center; }}
.tag {{ color: #c00000; font-weight: 700; font-size: 12px; margin: 0; }}
h1 {{ font-size: 26px; margin: 8px 0 12px; }}
h2 {{ font-size: 20px; margin: 28px 0 8px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }}
h3 {{ font-size: 16px; margin: 20px 0 6px; }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }}
dl.facts dt {{ font-weight: 700; }} dl.facts dd {{ margin: 0; }}
nav ol {{ columns: 3; margin: 8px 0; }}
.note {{ color: var(--muted); font-size: 13px; max-width: 90ch; }}
.table-wrap {{ overflow-x: auto; }}
table {{ border-collapse: collapse; font-size: 12.5px; margin: 6px 0 8px; }}
caption {{ text-align: left; font-weight: 700; padding: 4px 0; }}
th, td {{ border: 1px solid var(--rule); padding: 3px 6px; vertical-align: top; }}
th {{ background: #e7eef7; text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
td.withheld {{ background: {palette.WITHHELD_FILL}; font-style: italic; color: #404040; }}
td.notes {{ min-width: 30ch; height: 5em; }}
.chart {{ max-width: 100%; height: auto; display: block; margin: 8px 0; }}
.radar {{ max-width: 900px; }}
td.wide {{ min-width: 22ch; white-space: pre-wrap; }}  /* a partnership's line breaks kept */
.charts {{ display: flex; flex-wrap: wrap; gap: 16px; }}
.charts figure {{ margin: 0; flex: 1 1 480px; max-width: 580px; }}
figcaption {{ font-weight: 700; }}
{STRIP_CSS}
@page {{ size: A4 landscape; margin: 12mm; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 11px; }}
  .banner {{ margin: 0 0 8px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  td, th, .tag {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  nav {{ display: none; }}
  section {{ break-before: page; }}
  table {{ font-size: 8px; width: 100%; }}
  th, td {{ padding: 2px 3px; }}
  td.wide {{ min-width: 0; }}
  td.num {{ white-space: normal; }}
  thead {{ display: table-header-group; }}
  tr, figure, svg {{ break-inside: avoid; }}
  .table-wrap {{ overflow: visible; }}
}}
"""


def _cell(value: object, kind: Kind, wide: bool = False) -> str:
    """One <td>: figures formatted by their kind, the word withheld marked, text neutralised (a
    spreadsheet can open an HTML table) and escaped."""
    if kind is Kind.NOTES:
        return '<td class="notes"></td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = {
            Kind.MEAN: f"{value:.2f}",
            Kind.CHANGE: f"{value:+.2f}",
            Kind.COUNT: f"{int(value)}",
            Kind.SHARE: f"{value:.0%}",
            Kind.P_VALUE: f"{value:.3f}",
        }.get(kind, f"{value}")
        return f'<td class="num">{escape(text)}</td>'
    text = "" if value is None else str(neutralise(str(value)))  # an HTML table opened in a spreadsheet
    if text == WITHHELD:
        return f'<td class="withheld">{escape(text)}</td>'
    if kind is Kind.COMPARISON and text in palette.COMPARISON_COLOURS:
        return (
            f'<td style="background:{palette.COMPARISON_COLOURS[text]};'
            f'color:{palette.COMPARISON_TEXT[text]}">{escape(text)}</td>'
        )
    return f'<td class="wide">{escape(text)}</td>' if wide else f"<td>{escape(text)}</td>"


def _table(table: Table) -> str:
    if not table.rows:
        body = f'<p class="note">{escape(table.empty)}</p>' if table.empty else ""
    else:
        head = "".join(f'<th scope="col">{escape(c.heading)}</th>' for c in table.columns)
        rows = "".join(
            "<tr>" + "".join(_cell(v, c.kind, c.width >= 22) for c, v in zip(table.columns, values)) + "</tr>"
            for values in table.rows
        )
        body = (
            f'<div class="table-wrap"><table id="table-{escape(_slug(table.key), quote=True)}">'
            f"<caption>{escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in table.notes)
    return body + notes


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _radar_table(radar: Radar) -> str:
    """The numbers each radar draws, beside it (a chart always has its table)."""
    head = '<th scope="col">Spoke</th>' + "".join(f'<th scope="col">{escape(s.name)}</th>' for s in radar.series)
    rows = []
    for i, category in enumerate(radar.categories):
        cells = "".join(
            _cell(s.values[i], Kind.MEAN) if s.values[i] is not None
            else _cell(WITHHELD if k == 0 and radar.notes[i] else ABSENT, Kind.TEXT)
            for k, s in enumerate(radar.series)
        )
        rows.append(f"<tr><td>{escape(category)}</td>{cells}</tr>")
    return (
        f'<div class="table-wrap"><table><caption>Table: {escape(radar.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _figure(radar: Radar) -> str:
    chart = radar_svg(radar) if radar.drawable else f'<p class="note">{escape(radar.not_drawn)}</p>'
    return (
        f'<figure id="chart-{escape(radar.key, quote=True)}"><figcaption>{escape(radar.title)}</figcaption>'
        f"{chart}{_radar_table(radar)}</figure>"
    )


def strip_html(strip: Strip) -> str:
    """The spectrum of integration as a strip of its models in order, today's and the one aimed for
    marked in words as well as by their borders (so colour is never the only cue); escaped."""
    def step(index: int, name: str) -> str:
        marks = [(css, word) for css, word, at in (("today", "Today", strip.today), ("aim", "Aiming for", strip.aim))
                 if at == index]
        classes = " ".join(css for css, _ in marks)
        words = "".join(f'<span class="mark">{escape(word)}</span>' for _, word in marks)
        return f'<li class="{classes}">{escape(name)}{words}</li>' if classes else f"<li>{escape(name)}</li>"

    steps = "".join(step(i, name) for i, name in enumerate(strip.models))
    return (f'<div class="strip" role="img" aria-label="{escape(strip_text(strip), quote=True)}">'
            f"<strong>{escape(strip.label)}</strong><ol>{steps}</ol></div>")


def said_table_html(table: Table) -> str:
    """One table of what the partnership said (the report's and the borough page's): a table's
    caption is its title; one left blank still has its heading, then why it is empty."""
    return ("" if table.rows else f"<h3>{escape(table.title)}</h3>") + _table(table)


def _said(pack: Pack) -> str:
    said = pack.said
    parts = []
    for table in said.tables:
        parts.append(said_table_html(table))
        if table is said.models:
            parts.append("".join(strip_html(strip) for strip in said.strips))
    return "".join(parts)


def _section(key: str, title: str, body: str, synthetic: bool) -> str:
    tag = f'<p class="tag">{escape(SYNTHETIC_BANNER)}</p>' if synthetic else ""
    return f'<section id="{escape(_slug(key), quote=True)}">{tag}<h2>{escape(title)}</h2>{body}</section>'


def _sections(pack: Pack) -> list[tuple[str, str, str]]:
    """(key, heading, HTML) in workshop order."""
    indicator_charts = "".join(_figure(r) for r in pack.indicator_radars)
    return [
        ("summary", "Summary", _table(pack.summary)),
        (
            "enablers",
            "The 12 enablers",
            _figure(pack.enabler_radar)
            + '<p class="note">A withheld mean is left as a gap in the ring, never drawn as a point.</p>'
            + _table(pack.enablers),
        ),
        (
            "distributions",
            "How many people gave each score",
            diverging_bars_svg(pack.distribution) + _table(pack.distribution_table),
        ),
        (
            "indicators",
            "Indicators, where the partnership dug deeper",
            f'<div class="charts">{indicator_charts}</div>' + _table(pack.indicators),
        ),
        ("change", pack.change.title, _table(pack.change)),
        ("group-gaps", pack.gaps.title, _table(pack.gaps)),
        ("case-studies", pack.case_studies.title, _table(pack.case_studies)),
        ("challenges", pack.challenges.title, _table(pack.challenges)),
        ("said", SAID_TITLE, _said(pack)),
        ("response-quality", pack.response_quality.title, _table(pack.response_quality)),
        ("outcomes", pack.outcomes.title, _table(pack.outcomes)),
    ]


def html_report(report: BoroughReport) -> str:
    pack = build_pack(report)
    synthetic = report.is_synthetic
    sections = _sections(pack)
    facts = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in pack.facts)
    contents = "".join(f'<li><a href="#{escape(_slug(key), quote=True)}">{escape(title)}</a></li>'
                       for key, title, _ in sections)
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in pack.notes)
    title = f"{'SYNTHETIC – ' if synthetic else ''}{pack.title}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        + (f'<div class="banner" role="note">{escape(SYNTHETIC_BANNER)}</div>' if synthetic else "")
        + f"<header><h1>{escape(pack.title)}</h1><dl class=\"facts\">{facts}</dl>{notes}"
        f'<nav aria-label="Contents"><ol>{contents}</ol></nav></header><main>'
        + "".join(_section(key, heading, body, synthetic) for key, heading, body in sections)
        + "</main></body></html>\n"
    )


def write_html_report(report: BoroughReport, out: Path) -> Path:
    out = Path(out)
    out.write_text(html_report(report), encoding="utf-8")
    return out

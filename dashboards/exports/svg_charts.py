"""Charts for the HTML report as inline SVG: they open offline, print sharply and weigh kilobytes.

The dashboard's plotly figures need plotly.js (about 4.5 MB) to draw; a report meant to be emailed
and printed after a workshop is better served by plain SVG drawn from the same pack data. Each chart
carries its numbers as JSON in `data-values` (null for a spoke or bar not drawn), so what is drawn
can be checked without a browser, and each point has a <title> a screen reader or a hover shows.
All text is escaped: enabler and indicator text come from files.
"""

from __future__ import annotations

import json
import math
import textwrap
from html import escape

from dashboards import palette
from dashboards.exports.pack import Distribution, Radar
from dashboards.wording import WITHHELD

_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif"


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _values_json(values) -> str:
    return json.dumps([None if v is None else round(float(v), 6) for v in values])


def radar_svg(radar: Radar, *, size: int = 600, margin: int = 150) -> str:
    """Spokes clockwise from the top, rings at scores 1–5 (1 at the centre, as on the dashboard).

    A series is drawn as line segments between neighbouring spokes that both have a value, so a
    withheld spoke is a gap in the ring; its label says withheld."""
    n = len(radar.categories)
    width, centre_x, centre_y, radius = size + 2 * margin, size / 2 + margin, size / 2, size / 2 - 70
    angle = [2 * math.pi * i / n - math.pi / 2 for i in range(n)]

    def point(i: int, value: float, extra: float = 0) -> tuple[float, float]:
        r = (value - 1) / 4 * radius + extra
        return centre_x + r * math.cos(angle[i]), centre_y + r * math.sin(angle[i])

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size + 30 * len(radar.series)}" '
        f'role="img" aria-label="{_attr(radar.title)}" class="chart radar" data-chart="radar" '
        f'style="{_FONT};font-size:11px">',
        f"<title>{escape(radar.title)}</title>",
    ]
    for ring in range(1, 6):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#d0d0d0" stroke-width="1"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" fill="#707070">{ring}</text>')
    withheld = [value is None for value in radar.series[0].values]
    for i, category in enumerate(radar.labels):
        x, y = point(i, 5)
        parts.append(f'<line x1="{centre_x:.1f}" y1="{centre_y:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        lx, ly = point(i, 5, 14)
        cos = math.cos(angle[i])
        anchor = "middle" if abs(cos) < 0.3 else "start" if cos > 0 else "end"
        lines = _lines(category, 24) + (_lines(WITHHELD, 24) if withheld[i] else [])
        # beside the circle a label is centred on its spoke; above it grows upwards, below downwards
        if abs(cos) >= 0.3:
            top = ly - (len(lines) - 1) * 6
        else:
            top = ly - (len(lines) - 1) * 12 if ly < centre_y else ly + 4
        style = ' fill="#707070" font-style="italic"' if withheld[i] else ' fill="#222"'
        spans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + k * 12:.1f}">{escape(line)}</tspan>' for k, line in enumerate(lines)
        )
        parts.append(f'<text text-anchor="{anchor}"{style}>{spans}</text>')
    for series in radar.series:
        dash = ' stroke-dasharray="6 4"' if series.dashed else ""
        parts.append(
            f'<g class="series" data-name="{_attr(series.name)}" data-values="{_attr(_values_json(series.values))}">'
        )
        for i in range(n):
            j = (i + 1) % n
            a, b = series.values[i], series.values[j]
            if a is not None and b is not None and n > 2:
                (x1, y1), (x2, y2) = point(i, a), point(j, b)
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="{series.colour}" stroke-width="2.5"{dash}/>'
                )
        if not series.dashed:
            for i, value in enumerate(series.values):
                if value is not None:
                    x, y = point(i, value)
                    label = f"{radar.categories[i]}: {series.name} {value:.2f}"
                    parts.append(
                        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{series.colour}">'
                        f"<title>{escape(label)}</title></circle>"
                    )
        parts.append("</g>")
    for k, series in enumerate(radar.series):
        y = size + 10 + 30 * k
        x = margin
        dash = ' stroke-dasharray="6 4"' if series.dashed else ""
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 40}" y2="{y}" stroke="{series.colour}" stroke-width="2.5"{dash}/>'
            f'<text x="{x + 48}" y="{y + 4}" fill="#222">{escape(series.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def diverging_bars_svg(distribution: Distribution, *, width: int = 900) -> str:
    """Per enabler, people scoring 1–2 to the left of the centre and 4–5 to the right, with the 3s
    split across it (a diverging stacked bar, as Likert results are usually drawn)."""
    label_width, row_height, top = 300, 26, 40
    half = (width - label_width - 120) / 2  # 120 px on the right for the low / polarised flags
    centre = label_width + half
    sides = [
        (sum(c[:2]) + c[2] / 2, sum(c[3:]) + c[2] / 2) if None not in c else (0, 0) for c in distribution.counts
    ]
    scale = half / max([max(s) for s in sides] + [1])
    height = top + row_height * len(distribution.categories) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="People giving each score, per enabler" class="chart distribution" '
        f'data-chart="distribution" style="{_FONT};font-size:11px">',
        "<title>People giving each score, per enabler</title>",
    ]
    for score in range(1, 6):
        x = label_width + (score - 1) * 90
        parts.append(
            f'<rect x="{x}" y="8" width="14" height="14" fill="{palette.SCORE_COLOURS[score]}"/>'
            f'<text x="{x + 20}" y="19" fill="#222">scored {score}</text>'
        )
    parts.append(f'<line x1="{centre:.1f}" y1="{top - 6}" x2="{centre:.1f}" y2="{height - 16}" stroke="#707070"/>')
    rows = zip(distribution.categories, distribution.counts, distribution.notes, distribution.flags)
    for row, (category, counts, note, flag) in enumerate(rows):
        y = top + row * row_height
        parts.append(
            f'<g class="bar" data-category="{_attr(category)}" '
            f'data-values="{_attr(json.dumps(list(counts)))}">'
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" fill="#222">{escape(category)}</text>'
        )
        if None in counts:
            parts.append(
                f'<text x="{centre:.1f}" y="{y + 16}" text-anchor="middle" fill="#707070" '
                f'font-style="italic">{escape(note or WITHHELD)}</text></g>'
            )
            continue
        x = centre - sides[row][0] * scale
        for score, count in enumerate(counts, start=1):
            if count:
                w = count * scale
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_height - 8}" '
                    f'fill="{palette.SCORE_COLOURS[score]}" stroke="#fff" stroke-width="0.5">'
                    f"<title>{escape(f'{category}: {count} scored {score}')}</title></rect>"
                )
                x += w
        if flag:
            parts.append(
                f'<text x="{width - 8}" y="{y + 16}" text-anchor="end" fill="{palette.HIGHLIGHT}" '
                f'font-weight="bold">{escape(flag)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)

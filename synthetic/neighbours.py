"""SYNTHETIC statistical neighbours for the demo, in the layout of DfE's published workbook.

DfE's children's services statistical neighbours are chosen by similarity on socio-economic
measures; the demo has no such measures and must not pass off invented groups as DfE's. Without a
neighbours file, though, the benchmark has no statistical-neighbour comparator and the dashboards'
neighbour filter would be empty. So the demo writes its own groups, labelled SYNTHETIC in the
workbook's title lines, chosen by a rule anyone can check: each London authority's ten nearest
authorities on the project's London tile map (framework/data/tile_map.yaml), a borough on the other
side of the inner/outer line counting as SIDE_PENALTY squares further away. Outer boroughs near the
edge of the map therefore get some neighbours outside London, as real groups do, and those have no
maturity data: they show how the warehouse treats such neighbours (members without data).

The England demo (scope "england") has no tile map of England, so it uses another rule anyone can
check, said in its file's title lines: each current authority's ten authorities nearest in DfE LA
number within its own region (ties to the lower number), and, in a region of fewer than eleven
(the East Midlands' ten), the rest from the other regions, nearest in DfE number. DfE numbers run in
regional blocks, so those come from the authorities numbered beside the region. Every neighbour is
then an authority with (synthetic) data.

The result depends on the framework only, so it is the same for every seed and on every machine.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from framework.model import Framework
from ingest.reference.neighbours import NEIGHBOURS, SHEET
from synthetic.scope import ENGLAND, LONDON, scope_codes

OUTER = "Outer London"
SIDE_PENALTY = 1.5  # tile-map squares added to the distance between an inner and an outer authority
# DfE LA numbers of authorities bordering London, placed beside the tile map where they lie
# (row, column on the map's grid, off its edge). Used only as identifiers of neighbours outside
# London: the warehouse holds no data for them, and their placement is this demo's own.
OUTSIDE_LONDON = (
    ("919", "Hertfordshire", 0, 4),
    ("881", "Essex", 2, 9),
    ("883", "Thurrock", 4, 9),
    ("886", "Kent", 6, 8),
    ("936", "Surrey", 7, 3),
    ("825", "Buckinghamshire", 3, 0),
    ("871", "Slough", 4, 0),
)
TITLE = (
    "SYNTHETIC statistical neighbours, generated for the maturity warehouse demo. "
    "NOT DfE's children's services statistical neighbour groups."
)
METHOD = (
    "Each London authority's 10 nearest authorities on the project's London tile map, an authority "
    f"across the inner/outer London line counted {SIDE_PENALTY} squares further away; "
    "authorities outside London are placed beside the map and hold no data."
)
METHOD_ENGLAND = (
    "National synthetic demo (every current upper-tier authority in England): each authority's 10 authorities "
    "nearest in DfE LA number within its own region (ties to the lower number); in a region of fewer than 11 "
    "authorities, the rest from the other regions, nearest in DfE LA number. A rule, not a measure of similarity."
)


def synthetic_neighbours(fw: Framework) -> dict[str, list[str]]:
    """London DfE LA number → its ten synthetic neighbours' DfE numbers, nearest first (ties by
    DfE number, so the order never depends on dictionary order)."""
    position = {t.area_code: (t.row, t.col) for t in fw.tiles}
    places = [(a.dfe_code, *position[a.code], a.inner_outer) for a in fw.london_areas]
    places += [(dfe, row, col, OUTER) for dfe, _, row, col in OUTSIDE_LONDON]

    def distance(a: tuple, b: tuple) -> float:
        return math.dist(a[1:3], b[1:3]) + (SIDE_PENALTY if a[3] != b[3] else 0.0)

    neighbours = {}
    for area in fw.london_areas:
        me = next(p for p in places if p[0] == area.dfe_code)
        others = sorted((p for p in places if p[0] != area.dfe_code), key=lambda p: (distance(me, p), p[0]))
        neighbours[area.dfe_code] = [p[0] for p in others[:NEIGHBOURS]]
    return neighbours


def england_neighbours(fw: Framework) -> dict[str, list[str]]:
    """Every current authority's DfE LA number → its ten synthetic neighbours' DfE numbers, nearest
    first: nearest in DfE number within its region, then (for a small region) outside it."""
    current = [fw.area(code) for code in scope_codes(fw, ENGLAND)]
    neighbours = {}
    for area in sorted(current, key=lambda a: int(a.dfe_code)):
        mine = int(area.dfe_code)
        others = sorted(
            (a for a in current if a.code != area.code),
            key=lambda a: (a.region_code != area.region_code, abs(int(a.dfe_code) - mine), int(a.dfe_code)),
        )
        neighbours[area.dfe_code] = [a.dfe_code for a in others[:NEIGHBOURS]]
    return neighbours


def write_neighbours_demo(path: Path, fw: Framework, scope: str = LONDON) -> Path:
    """The synthetic neighbours workbook at `path` (sheet "LA SN Groups", title lines saying
    SYNTHETIC above the header "LA number", "LA name", "SN1" … "SN10"): London's boroughs by the
    tile-map rule, or with scope "england" every current authority by the DfE-number rule; returns
    the path."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([TITLE])
    sheet.append([METHOD_ENGLAND if scope == ENGLAND else METHOD])
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet.append([])
    sheet.append(["LA number", "LA name", *(f"SN{rank}" for rank in range(1, NEIGHBOURS + 1))])
    names = {fw.area(code).dfe_code: fw.area(code).name for code in scope_codes(fw, scope)}
    groups = england_neighbours(fw) if scope == ENGLAND else synthetic_neighbours(fw)
    for dfe, listed in groups.items():
        sheet.append([dfe, names[dfe], *listed])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path

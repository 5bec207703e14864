"""Colours, all safe for the common colour-vision deficiencies.

Comparisons follow OHID Fingertips' convention for indicators with no "good" direction: blues
for higher and lower, yellow for similar, and a grey for "not compared" — blue against yellow stays
distinct under deuteranopia, protanopia and tritanopia. Series use the Okabe–Ito palette; means on
the 1–5 scale the cividis scale (perceptually even, readable in greyscale); score distributions a
purple–orange diverging scheme centred on the neutral 3.
"""

from __future__ import annotations

from measures.benchmark import HIGHER, LOWER, NOT_COMPARED, SIMILAR

COMPARISON_COLOURS = {
    HIGHER: "#1d4f91",
    SIMILAR: "#f2c12e",
    LOWER: "#9ecae1",
    NOT_COMPARED: "#d9d9d9",
}
# Text drawn on a comparison colour: white on the dark blue, black on the others.
COMPARISON_TEXT = {HIGHER: "#ffffff", SIMILAR: "#000000", LOWER: "#000000", NOT_COMPARED: "#000000"}
WITHHELD_FILL = "#f0f0f0"  # drawn with a hatch pattern so it never reads as a low value
WITHHELD_PATTERN = "/"

# Okabe & Ito (2008): distinguishable by people with any common colour-vision deficiency.
AREA = "#0072b2"  # the borough in view
LONDON = "#595959"  # London (dashed)
COMPARATOR = "#e69f00"  # the chosen comparator group
ENGLAND = "#009e73"
HIGHLIGHT = "#d55e00"

MEAN_SCALE = "cividis"  # means 1–5
MEAN_RANGE = (1.0, 5.0)
# Scores 1 … 5: purple–orange diverging, 3 neutral (ColorBrewer PuOr, colour-blind safe).
SCORE_COLOURS = {1: "#b35806", 2: "#f1a340", 3: "#d8d8d8", 4: "#998ec3", 5: "#542788"}
# Groups compared within a partnership (sectors, role levels): the rest of Okabe–Ito, in order.
GROUP_SERIES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000")

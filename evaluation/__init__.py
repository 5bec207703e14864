"""Associations between partnerships' maturity ratings and published outcomes for young children,
reported with their uncertainty and in words that claim no more than an association.

See docs/outcomes.md ("Associations") for what each method compares and what it cannot show.
"""

from evaluation.associations import COLUMNS, EXPOSURE_LEVELS, outcome_associations
from evaluation.estimates import LEVEL, Estimate, correlation_interval, panel_estimate
from evaluation.wording import CORRELATION, METHODS, PANEL

__all__ = [
    "COLUMNS",
    "CORRELATION",
    "EXPOSURE_LEVELS",
    "LEVEL",
    "METHODS",
    "PANEL",
    "Estimate",
    "correlation_interval",
    "outcome_associations",
    "panel_estimate",
]

"""Dagster definitions for the maturity warehouse: assets, checks and jobs, and the `maturity` CLI."""

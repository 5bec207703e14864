"""Plotly figures for the dashboard and the HTML report, one module per kind of chart, each built
from snapshot frames so it can be checked without a browser."""

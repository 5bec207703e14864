"""Entry point for `streamlit run dashboards/app.py` (what `maturity dashboard` starts)."""

from dashboards.shell import main

main()

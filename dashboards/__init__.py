"""The Streamlit dashboard and exporters: readers of the published snapshot, never the warehouse."""

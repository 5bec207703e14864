"""The dashboard's pages; each module's `render(ctx)` draws one page from the snapshot it is given.

PAGES is the one list of them, in navigation order (the first is the landing page): the app builds
its navigation from it, and the screenshot script and browser tests visit every entry."""

PAGES = (
    # (module in dashboards.views, title, url path); Streamlit serves the landing page at "/" only
    ("overview", "Overview", ""),
    ("borough", "Borough profile", "borough"),
    ("trends", "Trends", "trends"),
    ("outcomes", "Outcomes", "outcomes"),
    ("data_sharing", "Data sharing", "data-sharing"),
    ("data_received", "Data received", "data-received"),
)

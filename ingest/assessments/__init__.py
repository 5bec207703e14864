"""Assessment workbooks: the Beyond Boundaries Excel tool (layout, writer, reader) and any borough's own grid of scores."""

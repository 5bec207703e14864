"""The dashboard's pages; each is a `render(path)` given the snapshot to read."""

"""What each page and report asks of the snapshot: plain functions of a `Snapshot`, one module per
page, returning frames in the marts' own names so a test can compare them with the marts."""

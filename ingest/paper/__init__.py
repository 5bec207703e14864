"""Paper forms: the transcription workbook and resolution file (layout, writers, readers) and double entry."""

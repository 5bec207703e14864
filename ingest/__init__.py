"""Ingest: every file a borough or publisher sends, archived, read by its kind, loaded or refused.

A folder per kind of file (assessments, paper, data_sharing, outcomes, reference) holds its
layout, template writer, reader(s), kind and loader; `core` holds what kinds share (opening
books, archive and quarantine, identification, clues, labels, scores); `batch` reads a batch,
keeps the ledger and loads in chunks. `kinds` is the one interface, `registry` the only dispatch,
`tables` the one declaration of every table written, `results` what a batch gives back.
"""

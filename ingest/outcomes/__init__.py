"""Outcome files: one module per published layout (Fingertips data and definitions, Explore
Education Statistics, a generic long CSV), their shared CSV table and periods, the kinds that
recognise them (ingest.outcomes.kind) and their loader."""

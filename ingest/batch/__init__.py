"""A batch of files: reading (in workers when big), the ledger of what is loaded, and chunked loading."""

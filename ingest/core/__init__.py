"""What every kind of file shares: opening books, archive and quarantine, identification, clues, labels, scores."""

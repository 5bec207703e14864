"""What a user takes away: CSV tables, the borough's Excel workshop pack and its HTML report."""

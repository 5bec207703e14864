"""One module of assets per source or stage."""

"""Getting borough submissions into the warehouse: archive, read, identify, validate, load or refuse."""

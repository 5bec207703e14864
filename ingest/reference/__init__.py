"""Reference files supplied beside the returns: DfE's statistical neighbours."""

"""The warehouse on disk, shared by the pipeline, the command line and the dashboards."""

"""The data-sharing questionnaire: a short yes / partly / no return per borough and year about case
management systems and information sharing, read beside the partnership's own E09 scores. The
reader lives with the other readers, in ingest.readers.data_sharing."""

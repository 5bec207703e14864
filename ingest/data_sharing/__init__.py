"""The data-sharing questionnaire: a short yes / partly / no return per borough and year about case
management systems and information sharing, read beside the partnership's own E09 scores. Its
layout, writer, reader, kind and loader live here."""

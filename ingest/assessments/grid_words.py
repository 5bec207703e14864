"""The words on a borough's grid that are not framework items: what heads a summary line, what
says a header line holds participants' names, organisations or levels, and how a typed
organisation or level is tied to the framework's choices.

Kept apart from finding and reading grids so that the vocabulary can grow (another borough's way of
writing "Average" or "Sector") without touching the logic; every comparison is on lower-case words
(`ingest.core.labels.words`), so case, spacing and punctuation never matter.
"""

from __future__ import annotations

from ingest.core.labels import words

# Headings of lines that hold no participant's scores.
NOT_PEOPLE = frozenset({
    "average", "averages", "avg", "mean", "total", "totals", "sum", "median", "min", "minimum", "max",
    "maximum", "count", "n", "sd", "stdev", "std dev", "standard deviation", "overall", "range", "mode", "spread",
    "variance", "consensus", "agreed",
    "notes", "note", "comments", "comment", "evidence", "examples", "actions", "next steps", "id", "ref",
    "reference", "no", "number", "theme", "themes", "statement", "statements", "description",
    "descriptor", "enabler", "enablers", "indicator", "indicators",
})
NOT_PEOPLE_ENDS = frozenset({"average", "avg", "mean", "total", "median", "notes", "comments"})
NOT_PEOPLE_STARTS = frozenset({
    "average", "avg", "mean", "total", "median", "overall", "sum", "notes", "comments", "agreed", "consensus",
})
# Header lines that say what the cells across them are: a participant's name, organisation or level.
LABEL_WORDS = frozenset({"participant", "participants", "name", "names", "initials", "respondent", "person", "who"})
ID_WORDS = frozenset({"id", "participant id", "no", "number", "ref", "participant no", "participant number"})
SECTOR_WORDS = frozenset({"organisation", "organization", "org", "sector", "agency", "service", "partner"})
SECTOR_FILLER = frozenset({"type", "of", "and", "or", "name", "participant", "participants"})
ROLE_WORDS = frozenset({"strategic", "operational", "role", "level", "seniority"})
ROLE_FILLER = frozenset({"or", "and", "type", "staff", "participant"})
HINT_STARTS = {"enabler": "enabler", "enablers": "enabler", "indicator": "indicator", "indicators": "indicator"}


def not_people(text: str) -> bool:
    """True when a heading marks a summary, note or numbering line rather than someone's entries."""
    said = words(text)
    if said in NOT_PEOPLE:
        return True
    parts = said.split()
    return bool(parts) and (parts[0] in NOT_PEOPLE_STARTS or parts[-1] in NOT_PEOPLE_ENDS)


def row_kind(text: str) -> str | None:
    """"label", "id", "sector" or "role" when a header cell says what the cells across it hold."""
    said = words(text)
    if said in LABEL_WORDS or (said.startswith("participant") and said.split()[-1] in {"name", "names", "initials"}):
        return "label"
    if said in ID_WORDS:
        return "id"
    parts = set(said.split())
    if parts & SECTOR_WORDS and parts <= SECTOR_WORDS | SECTOR_FILLER:
        return "sector"
    if parts & ROLE_WORDS and parts <= ROLE_WORDS | ROLE_FILLER:
        return "role"
    return None


def hint(text: str) -> str | None:
    """The grain a heading such as "Enabler", "Enabler no." or "Indicators" announces for its line."""
    said = words(text).split()
    return HINT_STARTS.get(said[0]) if 0 < len(said) <= 3 else None


def choices(options: tuple[str, ...]) -> dict[str, str]:
    """An answer as written (its words, or its initials: "VCS") → the framework's spelling."""
    found: dict[str, str] = {}
    for option in options:
        said = words(option)
        found[said] = option
        initials = "".join(word[0] for word in said.split())
        if len(initials) > 1:
            found.setdefault(initials, option)
    return found


def choose(text: str, choices: dict[str, str]) -> str | None:
    """The framework's spelling for an answer, its initials, or the start of exactly one choice."""
    said = words(text)
    if said in choices:
        return choices[said]
    starting = {option for key, option in choices.items() if len(said) >= 3 and key.startswith(said)}
    return starting.pop() if len(starting) == 1 else None

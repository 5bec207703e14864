"""The words on a borough's grid that are not framework items: what heads a summary line, what
says a header line holds participants' names, organisations or levels, and how a typed
organisation or level is tied to the framework's choices.

Kept apart from finding and reading grids so that the vocabulary can grow (another borough's way of
writing "Average" or "Sector") without touching the logic; every comparison is on lower-case words
(`ingest.core.labels.words`), so case, spacing and punctuation never matter.
"""

from __future__ import annotations

from ingest.core.labels import words

# Headings of lines that hold no participant's scores, by what they hold instead (see `heading`).
LABEL_HEADINGS = frozenset({
    "theme", "themes", "statement", "statements", "description", "descriptor", "enabler", "enablers", "indicator",
    "indicators",
})
NUMBERING_HEADINGS = frozenset({"no", "number", "id", "ref", "reference", "item", "items"})
NUMBERING_MARKS = frozenset({"#", "№"})  # no words at all, so compared as typed
NOTES_HEADINGS = frozenset({
    "notes", "note", "comments", "comment", "evidence", "examples", "actions", "next steps",
})
GROUP_HEADINGS = frozenset({"consensus", "agreed", "overall"})  # the group's own score: whole by design
SUMMARY_HEADINGS = frozenset({
    "average", "averages", "avg", "mean", "total", "totals", "sum", "median", "min", "minimum", "max", "maximum",
    "count", "n", "sd", "stdev", "std dev", "standard deviation", "range", "mode", "spread", "variance",
})
SUMMARY_STARTS = frozenset({"average", "avg", "mean", "total", "median", "sum"})
SUMMARY_ENDS = frozenset({"average", "avg", "mean", "total", "median"})
NOTES_ENDS = frozenset({"notes", "comments"})
# Header lines that say what the cells across them are: a participant's name, organisation or level.
LABEL_WORDS = frozenset({"participant", "participants", "name", "names", "initials", "respondent", "person", "who"})
ID_WORDS = frozenset({"id", "participant id", "no", "number", "ref", "participant no", "participant number"})
SECTOR_WORDS = frozenset({"organisation", "organization", "org", "sector", "agency", "service", "partner"})
SECTOR_FILLER = frozenset({"type", "of", "and", "or", "name", "participant", "participants"})
ROLE_WORDS = frozenset({"strategic", "operational", "role", "level", "seniority"})
ROLE_FILLER = frozenset({"or", "and", "type", "staff", "participant"})
HINT_STARTS = {"enabler": "enabler", "enablers": "enabler", "indicator": "indicator", "indicators": "indicator"}


def heading(text: str) -> str | None:
    """What a line's heading says it holds, when that is not someone's entries.

    "labels" (Theme, Statement, "Enabler ID", "Item no"…), "notes", "group" (Consensus, Agreed,
    Overall: the group's score) and "summary" ("Average score", "Group mean", "Std dev") are never
    a participant. Two kinds leave it to the entries, because the same word is also someone's name
    or initials: "numbering" (No, #, ID, Item…: the items' numbers, or a participant "NO") and
    "summary?" (one summary word: Mean, Total, Max, SD, N…: a summary, or a participant "Max").
    None: the heading names no such thing, so it is someone's (a name, initials, an organisation).
    """
    if text.strip() in NUMBERING_MARKS:
        return "numbering"
    said = words(text)
    parts = said.split()
    if not parts:
        return None
    if said in NOTES_HEADINGS or parts[0] in NOTES_ENDS or parts[-1] in NOTES_ENDS:
        return "notes"
    if said in LABEL_HEADINGS or (len(parts) > 1 and parts[0] in LABEL_HEADINGS | NUMBERING_HEADINGS):
        return "labels"
    if said in NUMBERING_HEADINGS:
        return "numbering"
    if said in GROUP_HEADINGS or parts[0] in GROUP_HEADINGS:
        return "group"
    if len(parts) == 1 and said in SUMMARY_HEADINGS:
        return "summary?"
    if said in SUMMARY_HEADINGS or parts[0] in SUMMARY_STARTS or parts[-1] in SUMMARY_ENDS:
        return "summary"
    return None


def not_people(text: str) -> bool:
    """True when a line's heading may mark a summary, note or numbering line rather than someone's entries."""
    return heading(text) is not None


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

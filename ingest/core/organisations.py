"""Which of the framework's sectors and role levels a participant's own words place them in.

Boroughs write what people call their service ("Public Health (LA)", "Midwifery – NHS trust",
"PVI nursery") and their job ("Head of service"), not the tool's drop-down choices. Refusing the
workbook for that would lose every score in it, so the text is placed instead, by the phrases of
framework/data/organisations.yaml and the rules written there: the exact choice wins; else the
phrase found as whole words with the most words; a tie between two choices, or no phrase at all,
places the text nowhere (the sector becomes the framework's `unmatched_sector`, the role is not
recorded) and the reader says so in a note on the accepted file. Readers keep the text as written.

Runs in reading workers: imports nothing heavy, and remembers each text it has placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from framework.model import Framework, Synonym
from ingest.core.labels import words

Placing = tuple[str, ...]  # the choices a text's best phrases name: one, several (a tie) or none


@dataclass
class _Phrases:
    """One kind of choice (sectors or role levels): its choices and phrases, in matcher form."""

    choices: dict[str, str]  # the words of a choice → the choice
    phrases: dict[str, str]  # " phrase " padded for whole-word search → its choice
    seen: dict[str, Placing] = field(default_factory=dict)

    @classmethod
    def of(cls, choices: tuple[str, ...], synonyms: tuple[Synonym, ...]) -> _Phrases:
        return cls({words(c): c for c in choices}, {f" {s.phrase} ": s.choice for s in synonyms})

    def place(self, text: str) -> Placing:
        if text not in self.seen:
            said = words(text)
            if said in self.choices:
                self.seen[text] = (self.choices[said],)
            else:
                padded = f" {said} "
                found = [(phrase.count(" "), choice) for phrase, choice in self.phrases.items() if phrase in padded]
                most = max((n for n, _ in found), default=0)
                self.seen[text] = tuple(dict.fromkeys(choice for n, choice in found if n == most))
        return self.seen[text]


_PLACERS: dict[int, tuple[Framework, _Phrases, _Phrases]] = {}


def _placers(fw: Framework) -> tuple[_Phrases, _Phrases]:
    """The sector and role phrases of this framework object, built once so that memory outlives a file."""
    found = _PLACERS.get(id(fw))
    if found is None or found[0] is not fw:
        found = _PLACERS[id(fw)] = (fw, _Phrases.of(fw.sectors, fw.sector_synonyms),
                                    _Phrases.of(fw.role_levels, fw.role_synonyms))
    return found[1], found[2]


def place_sector(text: str, fw: Framework) -> tuple[str, bool]:
    """(the sector, whether the text placed it): an unplaced text is the framework's unmatched sector."""
    placing = _placers(fw)[0].place(text)
    return (placing[0], True) if len(placing) == 1 else (fw.unmatched_sector, False)


def place_role(text: str, fw: Framework) -> tuple[str | None, bool]:
    """(the role level, whether the text placed it): an unplaced text records no role."""
    placing = _placers(fw)[1].place(text)
    return (placing[0], True) if len(placing) == 1 else (None, False)


class Placements:
    """One file's placings, for a reader: the sector and role of each text, and the texts left
    unplaced, for the note on the accepted file."""

    def __init__(self, fw: Framework):
        self._fw = fw
        self._unplaced: tuple[list[str], list[str]] = ([], [])  # organisations, roles

    def sector(self, text: str | None) -> str | None:
        if text is None:
            return None
        sector, matched = place_sector(text, self._fw)
        if not matched:
            self._unplaced[0].append(text)
        return sector

    def role(self, text: str | None) -> str | None:
        if text is None:
            return None
        role, matched = place_role(text, self._fw)
        if not matched:
            self._unplaced[1].append(text)
        return role

    def notes(self) -> tuple[str, ...]:
        """Each distinct unplaced text once: "2 organisations not matched to a sector (recorded as
        Other): 'Library service', 'Housing'"; "1 role not recognised (not recorded): '…'"."""
        found = []
        for texts, phrases, what, outcome in zip(
            self._unplaced, _placers(self._fw), (("organisation", "organisations"), ("role", "roles")),
            (f"not matched to a sector (recorded as {self._fw.unmatched_sector})", "not recognised (not recorded)"),
        ):
            distinct = list(dict.fromkeys(texts))
            if distinct:
                shown = ", ".join(_shown(text, phrases.place(text)) for text in distinct)
                found.append(f"{len(distinct)} {what[len(distinct) > 1]} {outcome}: {shown}")
        return tuple(found)


def _shown(text: str, placing: Placing) -> str:
    """A text as quoted in a note; a tie says which choices it matched equally."""
    return f"'{text}'" + (f" (equally {' / '.join(placing)})" if len(placing) > 1 else "")

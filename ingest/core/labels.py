"""Which framework item a label written by a borough names, or that it names none or several.

Boroughs label rows and columns with the tool's full statements, with shortened or cut-off copies
of them, with numbers ("3.", "Enabler 3", "E3", "3.2") and with the short names people use ("Info
sharing"). Each of these is compared after closing up case, punctuation, quotes, dashes and
spacing, reading "&", "+" and "/" as "and" and the framework's short forms as their meaning
("info", "VCS": framework/data/labels.yaml). In turn, a label names an item when it is
- one of the item's wordings;
- the start of exactly one item's wording, at least MIN_PREFIX characters long, so that a short
  fragment or a word that happens to begin a statement never matches;
- in any order, all the words of one of the item's wordings (ignoring UNORDERED words) and no word
  the item's wordings lack: "Open dialogue & shared goals" is E10's, "Partners and families" no one's;
- one of the item's whole wordings with a typo or two: at most one edit (a letter added, dropped,
  changed, or two swapped) per TYPO_SHARE characters of the longer of the two and MAX_TYPOS in all,
  and no other item within one edit more, so that a near miss between two items names neither.
Nothing is matched on likeness beyond that, because a wrong match would put a score against the
wrong enabler unseen. A label that names several items is reported as ambiguous with the
candidates, so that the refusal can say which.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from framework.model import Framework

MIN_PREFIX = 10  # characters of a cut-off label, counted after closing up punctuation and spacing
GRAINS = ("enabler", "indicator", "theme")
CACHE_LIMIT = 50_000  # distinct texts remembered; more means a very unusual batch, so start afresh
TYPO_SHARE = 10  # characters per typo forgiven: none below 10, one from 10, two from 20
MAX_TYPOS = 2
UNORDERED = frozenset({"and", "the"})  # words whose presence never changes what a label in any order names

QUOTES = "'\"’‘`´“”„«»"
DASHES = "‐‑‒–—―−"
LIGHT = str.maketrans({**{q: "'" for q in QUOTES}, **{d: "-" for d in DASHES}, "…": "..."})
JOINERS = str.maketrans({"+": " and ", "/": " and "})  # "&" is already "and" in `words`
NOT_WORDS = re.compile(r"[^\w]+|_")
ENABLER_ID = re.compile(r"(?:enabler\s*(?:no\.?|number|#)?\s*|e\s*)0*(\d{1,2})\.?", re.ASCII)
BARE_NUMBER = re.compile(r"0*(\d{1,2})\.?", re.ASCII)
INDICATOR_ID = re.compile(r"(?:indicator\s*(?:no\.?|number|#)?\s*)?(?:e\s*)?0*(\d{1,2})\s*\.\s*(\d{1,2})\.?", re.ASCII)
# "3. Joint monitoring…", "E3 - Joint…", "Enabler 3: Joint…", "3.2) The senior group…": the words decide.
NUMBERING = re.compile(
    r"(?:(?:enabler|indicator)\s*)?(?:e\s*)?\d{1,2}(?:\s*\.\s*\d{1,2})?\s*[.:)\-]?\s+(?=\D)", re.ASCII
)


@dataclass(frozen=True)
class Match:
    item_id: str  # "E09", "E09.1", or a theme id
    grain: str  # "enabler" | "indicator" | "theme"


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[str, ...]  # item ids, in framework order


Result = Match | Ambiguous | None  # None: the text names no item


class LabelMatcher:
    """Built once per framework (see `for_framework`); remembers every text it has judged."""

    def __init__(self, fw: Framework):
        self._order: dict[str, int] = {}
        self._grain: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._short = {words(a.short): words(a.meaning) for a in fw.label_abbreviations}
        exact: dict[str, set[str]] = {}
        cut: set[tuple[str, str]] = set()  # (wording, item id) that a cut-off label may start
        self._word_sets: dict[str, set[frozenset[str]]] = {}  # item id → the words of each wording
        self._vocabulary: dict[str, set[str]] = {}  # word → the items whose wordings use it
        self._by_length: dict[int, set[tuple[str, str, frozenset[str]]]] = {}  # length → (words, item id, pairs)

        def add(item_id: str, grain: str, name: str, texts: tuple[str, ...], cuttable: tuple[str, ...]) -> None:
            self._order[item_id], self._grain[item_id], self._names[item_id] = len(self._order), grain, name
            for text in texts:
                keys = (words(text), self._spelled(text))
                for key in keys:
                    exact.setdefault(key, set()).add(item_id)
                    self._by_length.setdefault(len(key), set()).add((key, item_id, pairs(key)))
                    if text in cuttable:
                        cut.add((key, item_id))
                self._word_sets.setdefault(item_id, set()).add(frozenset(keys[1].split()) - UNORDERED)
                for word in keys[1].split():
                    self._vocabulary.setdefault(word, set()).add(item_id)

        self._numbers: dict[str, object] = {e.id: float(e.order) for e in fw.enablers}
        self._numbers.update({i.id: float(f"{fw.enabler(i.enabler_id).order}.{i.order}") for i in fw.indicators})
        for theme in fw.themes:
            add(theme.id, "theme", theme.name, (theme.name,), ())
        for enabler in fw.enablers:
            texts = (enabler.name, enabler.statement, *enabler.aliases)
            add(enabler.id, "enabler", enabler.name, texts, texts)
        for indicator in fw.indicators:
            add(indicator.id, "indicator", indicator.text, (indicator.text,), (indicator.text,))
        self._exact = {key: self._sorted(ids) for key, ids in exact.items() if key}
        self._cut = sorted(cut)
        self._cut_keys = [key for key, _ in self._cut]
        self._memo: dict[tuple[str, str | None], Result] = {}

    @classmethod
    def for_framework(cls, fw: Framework) -> LabelMatcher:
        """The one matcher for this framework object, so that its memory outlives a single file."""
        found = _MATCHERS.get(id(fw))
        if found is None or found[0] is not fw:
            found = _MATCHERS[id(fw)] = (fw, cls(fw))
        return found[1]

    def match(self, text: str, grain_hint: str | None = None) -> Result:
        """The item a label names. `grain_hint` says the labels around it are all enablers (or all
        indicators): only then does a bare number such as "3" name an enabler, and only items of that
        grain are considered."""
        key = (text, grain_hint)
        found = self._memo.get(key, self)
        if found is self:
            if len(self._memo) >= CACHE_LIMIT:
                self._memo.clear()
            found = self._memo[key] = self._judge(text, grain_hint)
        return found  # type: ignore[return-value]

    def is_number_of(self, value: object, item_id: str) -> bool:
        """True when a cell's number is the item's own number: 3 beside E03, 3.2 beside E03.2."""
        return value.__class__ in (int, float) and value == self._numbers.get(item_id)

    def describe(self, item_id: str) -> str:
        """How messages name an item: "E09 Information sharing", "E09.1 Information-sharing agreem…"."""
        name = self._names[item_id]
        return f"{item_id} {name if len(name) <= 40 else name[:39] + '…'}"

    def _judge(self, text: str, hint: str | None) -> Result:
        light = " ".join(unicodedata.normalize("NFKC", text).translate(LIGHT).casefold().split())
        if not light:
            return None
        if (numbered := self._numbered(light, hint)) is not False:
            return numbered
        found = self._by_words(light, hint)
        if found is None and (numbering := NUMBERING.match(light)):
            found = self._by_words(light[numbering.end() :], hint)
        return found

    def _numbered(self, light: str, hint: str | None) -> Result | bool:
        """An item given by its number alone; False when the text is not a bare number or ID."""
        if hint != "enabler" and (found := INDICATOR_ID.fullmatch(light)):
            return self._known(f"E{int(found.group(1)):02d}.{int(found.group(2))}", hint)
        if hint != "indicator" and (found := ENABLER_ID.fullmatch(light)):
            return self._known(f"E{int(found.group(1)):02d}", hint)
        if found := BARE_NUMBER.fullmatch(light):
            return self._known(f"E{int(found.group(1)):02d}", hint) if hint == "enabler" else None
        return False

    def _known(self, item_id: str, hint: str | None) -> Match | None:
        grain = self._grain.get(item_id)
        return Match(item_id, grain) if grain and grain != "theme" and hint in (None, grain) else None

    def _by_words(self, text: str, hint: str | None) -> Result:
        """The module's rules in turn, each on the label as written and with its short forms spelled out."""
        key, spelled = words(text), self._spelled(text)
        if not key:
            return None
        ids = (self._exact.get(key) or self._exact.get(spelled) or self._starting(key) or self._starting(spelled)
               or self._in_any_order(spelled) or self._misspelt({key, spelled}))
        if hint is not None and len(ids) > 1:
            ids = tuple(i for i in ids if self._grain[i] == hint) or ids
        if len(ids) == 1:
            return Match(ids[0], self._grain[ids[0]])
        return Ambiguous(ids) if ids else None

    def _starting(self, key: str) -> tuple[str, ...]:
        if len(key) < MIN_PREFIX:
            return ()
        start = bisect.bisect_left(self._cut_keys, key)
        return self._sorted({
            item_id for k, item_id in self._cut[start : bisect.bisect_right(self._cut_keys, key + "\U0010ffff")]
            if k.startswith(key)
        })

    def _in_any_order(self, key: str) -> tuple[str, ...]:
        said = frozenset(key.split()) - UNORDERED
        if len(said) < 2:  # a single word is either a whole wording (matched above) or too little
            return ()
        items = set.intersection(*(self._vocabulary.get(word, set()) for word in said))
        return self._sorted({i for i in items if any(wording <= said for wording in self._word_sets[i])})

    def _misspelt(self, keys: set[str]) -> tuple[str, ...]:
        """The one item with a wording within the typos allowed for the longer of it and the label
        (as written or spelled out), when no other item has one within a typo more."""
        near: dict[str, int] = {}  # item id → fewest edits past those allowed (≤ 0: allowed; 1: near)
        for key in keys:
            mine = pairs(key)
            for length in range(len(key) - MAX_TYPOS - 1, len(key) + MAX_TYPOS + 2):
                limit = min(MAX_TYPOS, max(len(key), length) // TYPO_SHARE) + 1
                if abs(len(key) - length) > limit:
                    continue
                for wording, item_id, theirs in self._by_length.get(length, ()):
                    # an edit breaks at most three pairs of neighbouring letters (a swap): a cheap first test
                    if len(theirs - mine) <= 3 * limit and (found := edits(key, wording, limit) - limit + 1) <= 1:
                        near[item_id] = min(found, near.get(item_id, found))
        best = [item_id for item_id, found in near.items() if found <= 0]
        return tuple(best) if len(best) == len(near) == 1 else ()

    def _spelled(self, text: str) -> str:
        """The words with "+" and "/" read as "and" and short forms spelled out:
        "Info + comms" → "information and communication"."""
        key = words(unicodedata.normalize("NFKC", text).translate(JOINERS))
        return " ".join(self._short.get(word, word) for word in key.split())

    def _sorted(self, ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=self._order.__getitem__))


@functools.lru_cache(maxsize=CACHE_LIMIT)
def words(text: str) -> str:
    """Only the words, lower case: "Communicating the ‘why’" → "communicating the why"."""
    light = unicodedata.normalize("NFKC", text).casefold()
    for quote in QUOTES:
        light = light.replace(quote, "")
    return " ".join(NOT_WORDS.sub(" ", light.replace("&", " and ")).split())


def pairs(text: str) -> frozenset[str]:
    """The pairs of neighbouring letters in a text: a cheap first test of how far apart two texts are."""
    return frozenset(map(str.__add__, text, text[1:]))


def edits(said: str, meant: str, limit: int) -> int:
    """The fewest letters added, dropped, changed or swapped with a neighbour to make `said` into
    `meant`; any count above `limit` is given as limit + 1, which lets a near miss be found in a band
    of 2 × limit + 1 cells per letter instead of comparing every letter with every other."""
    over, width = limit + 1, len(meant)
    if abs(len(said) - width) > limit:
        return over
    before: list[int] = []
    previous = list(range(width + 1))
    for i in range(1, len(said) + 1):
        low, high = max(1, i - limit), min(width, i + limit)
        row = [over] * (width + 1)
        row[0] = i if i <= limit else over
        for j in range(low, high + 1):
            cost = previous[j - 1] + (said[i - 1] != meant[j - 1])
            found = min(previous[j] + 1, row[j - 1] + 1, cost)
            if i > 1 and j > 1 and said[i - 1] == meant[j - 2] and said[i - 2] == meant[j - 1]:
                found = min(found, before[j - 2] + 1)
            row[j] = found
        if min(row[low - 1 : high + 1]) > limit:
            return over
        before, previous = previous, row
    return min(previous[width], over)


_MATCHERS: dict[int, tuple[Framework, LabelMatcher]] = {}

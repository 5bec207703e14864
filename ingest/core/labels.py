"""Which framework item a label written by a borough names, or that it names none or several.

Boroughs label rows and columns with the tool's full statements, with shortened or cut-off copies
of them, with numbers ("3.", "Enabler 3", "E3", "3.2") and with the short names people use ("Info
sharing"). Each of these is compared after closing up case, punctuation, quotes, dashes and
spacing. A cut-off label must be the start of exactly one item's wording and at least MIN_PREFIX
characters long, so a short fragment or a word that happens to begin a statement never matches;
nothing is matched on likeness beyond that, because a wrong match would put a score against the
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

QUOTES = "'\"’‘`´“”„«»"
DASHES = "‐‑‒–—―−"
LIGHT = str.maketrans({**{q: "'" for q in QUOTES}, **{d: "-" for d in DASHES}, "…": "..."})
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
        exact: dict[str, set[str]] = {}
        cut: set[tuple[str, str]] = set()  # (wording, item id) that a cut-off label may start

        def add(item_id: str, grain: str, name: str, texts: tuple[str, ...], cuttable: tuple[str, ...]) -> None:
            self._order[item_id], self._grain[item_id], self._names[item_id] = len(self._order), grain, name
            for text in texts:
                exact.setdefault(words(text), set()).add(item_id)
            cut.update((words(text), item_id) for text in cuttable)

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
        found = self._by_words(words(light), hint)
        if found is None and (numbering := NUMBERING.match(light)):
            found = self._by_words(words(light[numbering.end() :]), hint)
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

    def _by_words(self, key: str, hint: str | None) -> Result:
        if not key:
            return None
        ids = self._exact.get(key, ())
        if not ids and len(key) >= MIN_PREFIX:
            start = bisect.bisect_left(self._cut_keys, key)
            ids = self._sorted({
                item_id for k, item_id in self._cut[start : bisect.bisect_right(self._cut_keys, key + "\U0010ffff")]
                if k.startswith(key)
            })
        if hint is not None and len(ids) > 1:
            ids = tuple(i for i in ids if self._grain[i] == hint) or ids
        if len(ids) == 1:
            return Match(ids[0], self._grain[ids[0]])
        return Ambiguous(ids) if ids else None

    def _sorted(self, ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=self._order.__getitem__))


@functools.lru_cache(maxsize=CACHE_LIMIT)
def words(text: str) -> str:
    """Only the words, lower case: "Communicating the ‘why’" → "communicating the why"."""
    light = unicodedata.normalize("NFKC", text).casefold()
    for quote in QUOTES:
        light = light.replace(quote, "")
    return " ".join(NOT_WORDS.sub(" ", light.replace("&", " and ")).split())


_MATCHERS: dict[int, tuple[Framework, LabelMatcher]] = {}

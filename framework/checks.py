"""Rules the framework must satisfy across records, checked on the typed values.

Identifiers here are the warehouse's keys (DESIGN.md): if an edit to the YAML renumbered an
indicator or left an area without an ICB, every downstream join would silently go wrong, so the
loader refuses such data instead. Each problem names the YAML file and key to fix.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from framework.model import LONDON_HALVES, Framework

THEME_IDS = ("purpose_priorities", "people_place", "partnership_process")
ENABLER_IDS = tuple(f"E{n:02d}" for n in range(1, 13))
SCORES = (1, 2, 3, 4, 5)
MODEL_IDS = ("coalition", "coordinated", "unified")
STATUS_IDS = ("in_play", "partly", "not_in_play")  # most in play first: the regional summary ranks by it
BOXES = tuple("ABCDEFGHIJKL")
AREA_CODES = tuple(f"E09{n:06d}" for n in range(1, 34))
INNER_OUTER = ("Inner London", "Outer London")
TILE_LABEL_LENGTH = 9  # what fits inside one square of the tile map at a legible size
ICBS_FROM = date(2022, 7, 1)  # ICBs replaced CCGs on this date; coverage is required from then on


def check_framework(fw: Framework) -> list[str]:
    """Every cross-record problem in `fw`, each prefixed by the file it comes from."""
    return [
        *_tool(fw),
        *_scale(fw),
        *_duplicates("challenges.yaml: challenges", (c.id for c in fw.challenges)),
        *_sequence("spectrum.yaml: integration_models", [m.id for m in fw.integration_models], MODEL_IDS),
        *_narrative_words(fw),
        *_case_studies(fw),
        *_areas(fw),
        *_icbs(fw),
        *_tiles(fw),
        *_data_sharing(fw),
        *_organisations(fw),
        *_england(fw),
    ]


def _duplicates(where: str, ids: Iterable[str]) -> list[str]:
    return [f"{where}: duplicate id {i!r} ({n} times)" for i, n in Counter(ids).items() if n > 1]


def _sequence(where: str, actual: list, expected: tuple) -> list[str]:
    if tuple(actual) == expected:
        return []
    return [f"{where}: expected ids {list(expected)} in that order, got {actual}"]


def _tool(fw: Framework) -> list[str]:
    theme_ids = [t.id for t in fw.themes]
    enabler_ids = [e.id for e in fw.enablers]
    problems = [
        *_duplicates("tool.yaml: themes", theme_ids),
        *_sequence("tool.yaml: themes", theme_ids, THEME_IDS),
        *_duplicates("tool.yaml: enablers", enabler_ids),
        *_sequence("tool.yaml: enablers", enabler_ids, ENABLER_IDS),
        *_duplicates("tool.yaml: indicators", (i.id for i in fw.indicators)),
        *_aliases(fw),
    ]
    listed = Counter(e for t in fw.themes for e in t.enabler_ids)
    for enabler in fw.enablers:
        if enabler.theme_id not in theme_ids:
            problems.append(f"tool.yaml: enablers[{enabler.id}].theme: unknown theme {enabler.theme_id!r}")
        if listed[enabler.id] != 1:
            problems.append(
                f"tool.yaml: themes: enabler {enabler.id} is listed by {listed[enabler.id]} themes, expected 1"
            )
        if not enabler.indicator_ids:
            problems.append(f"tool.yaml: indicators: enabler {enabler.id} has no indicators")
    for theme in fw.themes:
        members = tuple(e.id for e in fw.enablers if e.theme_id == theme.id)
        if theme.enabler_ids != members:
            problems.append(
                f"tool.yaml: themes[{theme.id}].enablers: lists {list(theme.enabler_ids)}, "
                f"but the enablers whose theme is {theme.id} are {list(members)}"
            )
    for indicator in fw.indicators:
        where = f"tool.yaml: indicators[{indicator.id}]"
        if indicator.enabler_id not in enabler_ids:
            problems.append(f"{where}.enabler: unknown enabler {indicator.enabler_id!r}")
        expected_id = f"{indicator.enabler_id}.{indicator.order}"
        if indicator.id != expected_id:
            problems.append(
                f"{where}.id: expected {expected_id!r}: ids are <enabler>.<n>, numbered 1, 2, ... "
                "in order under their enabler"
            )
    return problems


def _aliases(fw: Framework) -> list[str]:
    """A label may lead to one enabler only, or a typed-up 'Leadership' column could land anywhere."""
    owners: defaultdict[str, list[str]] = defaultdict(list)
    for enabler in fw.enablers:
        for alias in enabler.aliases:
            owners[alias.casefold()].append(enabler.id)
    names = {e.name.casefold(): e.id for e in fw.enablers}
    problems = [
        f"tool.yaml: enablers.aliases: alias {alias!r} is given {len(ids)} times, by {ids}"
        for alias, ids in owners.items()
        if len(ids) > 1
    ]
    problems += [
        f"tool.yaml: enablers[{ids[0]}].aliases: alias {alias!r} is the name of {names[alias]}"
        for alias, ids in owners.items()
        if alias in names and names[alias] not in ids
    ]
    return problems


def _scale(fw: Framework) -> list[str]:
    return _sequence("scale.yaml: scale (scores)", [p.score for p in fw.scale], SCORES)


def _spoken(text: str) -> str:
    """A name as the narrative readers compare it: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _narrative_words(fw: Framework) -> list[str]:
    """What people write for a challenge, a status or a model is read by these words, so each must
    place in one choice only: "partly" under two statuses would answer whichever came first."""
    problems = _sequence("challenges.yaml: statuses", [s.id for s in fw.challenge_statuses], STATUS_IDS)
    for where, choices in (
        ("challenges.yaml: challenges (name, id, short_names)",
         [(c.id, (c.name, c.id, *c.short_names)) for c in fw.challenges]),
        ("challenges.yaml: statuses (label, id, short_forms)",
         [(s.id, (s.label, s.id, *s.short_forms)) for s in fw.challenge_statuses]),
        ("spectrum.yaml: integration_models (name, id, short_names)",
         [(m.id, (m.name, m.id, *m.short_names)) for m in fw.integration_models]),
    ):
        owners: defaultdict[str, set[str]] = defaultdict(set)
        for choice_id, words in choices:
            for word in words:
                owners[_spoken(word)].add(choice_id)
        problems += [f"{where}: {word!r} names {sorted(ids)}, expected one" for word, ids in owners.items()
                     if len(ids) > 1]
        problems += [f"{where}: an entry of {choice_id} has no letters or digits" for choice_id, words in choices
                     if any(not _spoken(w) for w in words)]
    return problems


def _case_studies(fw: Framework) -> list[str]:
    known = {e.id for e in fw.enablers}
    problems = _sequence("case_studies.yaml: case_studies (boxes)", [c.box for c in fw.case_studies], BOXES)
    for case in fw.case_studies:
        problems += [
            f"case_studies.yaml: case_studies[{case.box}].enabler_ids: unknown enabler {e!r}"
            for e in case.enabler_ids
            if e not in known
        ]
    return problems


def _areas(fw: Framework) -> list[str]:
    codes = [a.code for a in fw.london_areas]
    problems = [
        *_duplicates("areas.yaml: areas (code)", codes),
        *_duplicates("areas.yaml: areas (dfe_code)", (a.dfe_code for a in fw.london_areas)),
        *_duplicates("areas.yaml: areas (name)", (a.name for a in fw.london_areas)),
    ]
    if sorted(codes) != list(AREA_CODES):
        missing, extra = sorted(set(AREA_CODES) - set(codes)), sorted(set(codes) - set(AREA_CODES))
        problems.append(
            f"areas.yaml: areas: expected E09000001..E09000033 once each; missing {missing}, unexpected {extra}"
        )
    for area in fw.london_areas:
        where = f"areas.yaml: areas[{area.code}]"
        if not re.fullmatch(r"\d{3}", area.dfe_code):
            problems.append(f"{where}.dfe_code: expected three digits, got {area.dfe_code!r}")
        if area.inner_outer not in INNER_OUTER:
            problems.append(f"{where}.inner_outer: expected one of {list(INNER_OUTER)}, got {area.inner_outer!r}")
    labels = Counter(label for a in fw.london_areas for label in {x.casefold() for x in (a.name, *a.aliases)})
    problems += [
        f"areas.yaml: areas: name or alias {label!r} is used by {n} areas" for label, n in labels.items() if n > 1
    ]
    return problems


def _tiles(fw: Framework) -> list[str]:
    """Every area once on the tile map, no two in one square, every label short enough to fit."""
    where = "tile_map.yaml: tiles"
    codes = [t.area_code for t in fw.tiles]
    problems = [
        *_duplicates(f"{where} (area)", codes),
        *_duplicates(f"{where} (row, col)", (f"{t.row},{t.col}" for t in fw.tiles)),
    ]
    known = {a.code for a in fw.london_areas}
    if set(codes) != known:
        problems.append(
            f"{where}: expected every area once; missing {sorted(known - set(codes))}, "
            f"unexpected {sorted(set(codes) - known)}"
        )
    for tile in fw.tiles:
        if len(tile.short_name) > TILE_LABEL_LENGTH:
            problems.append(f"{where}[{tile.area_code}].short_name: {tile.short_name!r} is longer than {TILE_LABEL_LENGTH}")
        if tile.row < 1 or tile.col < 1:
            problems.append(f"{where}[{tile.area_code}]: row and col count from 1, got {tile.row}, {tile.col}")
    return problems


def _icbs(fw: Framework) -> list[str]:
    """Exactly one ICB per area on every day from ICBS_FROM, the last membership open-ended."""
    known = {a.code for a in fw.london_areas}
    problems = []
    spans = defaultdict(list)
    for m in fw.icb_memberships:
        where = f"icbs.yaml: icbs[{m.icb_code}]"
        if m.area_code not in known:
            problems.append(f"{where}.areas: unknown area code {m.area_code!r}")
        if m.valid_to is not None and m.valid_to < m.valid_from:
            problems.append(f"{where}: valid_to {m.valid_to} is before valid_from {m.valid_from}")
        spans[m.area_code].append(m)
    for area in fw.london_areas:
        history = sorted(spans[area.code], key=lambda m: m.valid_from)
        where = f"icbs.yaml: area {area.code} ({area.name})"
        if not history:
            problems.append(f"{where}: in no ICB")
            continue
        if history[0].valid_from > ICBS_FROM:
            problems.append(f"{where}: in no ICB from {ICBS_FROM} until {history[0].valid_from}")
        for before, after in zip(history, history[1:]):
            if before.valid_to is None or after.valid_from <= before.valid_to:
                problems.append(f"{where}: in both {before.icb_code} and {after.icb_code} on {after.valid_from}")
            elif after.valid_from > before.valid_to + timedelta(days=1):
                problems.append(f"{where}: in no ICB between {before.valid_to} and {after.valid_from}")
        if history[-1].valid_to is not None:
            problems.append(f"{where}: in no ICB after {history[-1].valid_to}")
    return problems


def _data_sharing(fw: Framework) -> list[str]:
    """Questions tie answers to the tool's enablers and indicators, and answers are matched without
    regard to case, so ids, links and choices must be unambiguous."""
    where = "data_sharing.yaml"
    sections = [s.id for s in fw.data_sharing_sections]
    problems = [
        *_duplicates(f"{where}: sections", sections),
        *_duplicates(f"{where}: questions", (q.id for q in fw.data_sharing_questions)),
        *_duplicates(f"{where}: choices (answer, ignoring case)", (c.answer.casefold() for c in fw.data_sharing_choices)),
    ]
    enablers = {e.id for e in fw.enablers}
    indicators = {i.id: i.enabler_id for i in fw.indicators}
    for question in fw.data_sharing_questions:
        at = f"{where}: questions[{question.id}]"
        if question.section not in sections:
            problems.append(f"{at}.section: unknown section {question.section!r} (sections: {sections})")
        if question.linked_enabler_id not in enablers:
            problems.append(f"{at}.linked_enabler: unknown enabler {question.linked_enabler_id!r}")
        indicator = question.linked_indicator_id
        if indicator is not None and indicator not in indicators:
            problems.append(f"{at}.linked_indicator: unknown indicator {indicator!r}")
        elif indicator is not None and indicators[indicator] != question.linked_enabler_id:
            problems.append(
                f"{at}.linked_indicator: {indicator} is under {indicators[indicator]}, "
                f"not the linked enabler {question.linked_enabler_id}"
            )
        if not question.text.endswith("?"):
            problems.append(f"{at}.text: expected a question (ending with '?'), got {question.text!r}")
    return problems


def _organisations(fw: Framework) -> list[str]:
    """Each phrase places a text in a choice participants are offered, and in one only: a phrase
    under two sectors would make whichever the matcher met first win."""
    where = "organisations.yaml"
    problems = [] if fw.unmatched_sector in fw.sectors else [
        f"{where}: unmatched_sector: {fw.unmatched_sector!r} is not one of scale.yaml's sectors {list(fw.sectors)}"
    ]
    for key, synonyms, choices in (("sectors", fw.sector_synonyms, fw.sectors),
                                   ("roles", fw.role_synonyms, fw.role_levels)):
        owners: defaultdict[str, list[str]] = defaultdict(list)
        for synonym in synonyms:
            owners[synonym.phrase].append(synonym.choice)
        problems += [f"{where}: {key}: {choice!r} is not one of scale.yaml's {list(choices)}"
                     for choice in dict.fromkeys(s.choice for s in synonyms) if choice not in choices]
        problems += [f"{where}: {key}: phrase {phrase!r} is given {len(listed)} times, under {listed}"
                     for phrase, listed in owners.items() if len(listed) > 1]
    return problems


def _england(fw: Framework) -> list[str]:
    """A GSS code names one authority; a DfE number names one authority in any year (it may pass to a
    successor, as Somerset's 933 did); and London's authorities are the areas, by both codes and name,
    so that a neighbour or outcome found by either code lands on the same borough."""
    where = "england_authorities.yaml: authorities"
    problems = _duplicates(f"{where} (gss_code)", (a.gss_code for a in fw.england_authorities))
    by_dfe: defaultdict[str, list] = defaultdict(list)
    for authority in fw.england_authorities:
        at = f"{where}[{authority.gss_code}]"
        if not re.fullmatch(r"E\d{8}", authority.gss_code):
            problems.append(f"{at}.gss_code: expected E and eight digits, got {authority.gss_code!r}")
        if not re.fullmatch(r"\d{3}", authority.dfe_code):
            problems.append(f"{at}.dfe_code: expected three digits, got {authority.dfe_code!r}")
        if authority.last_reporting_year < authority.first_reporting_year:
            problems.append(f"{at}: last_reporting_year {authority.last_reporting_year} is before "
                            f"first_reporting_year {authority.first_reporting_year}")
        by_dfe[authority.dfe_code].append(authority)
    for dfe_code, holders in by_dfe.items():
        holders.sort(key=lambda a: a.first_reporting_year)
        problems += [f"{where} (dfe_code): {dfe_code} is given to {before.gss_code} and {after.gss_code} "
                     f"in {after.first_reporting_year}"
                     for before, after in zip(holders, holders[1:])
                     if after.first_reporting_year <= before.last_reporting_year]
    by_gss = {a.gss_code: a for a in fw.england_authorities}
    for area in fw.london_areas:
        listed = by_gss.get(area.code)
        if listed is None or (listed.dfe_code, listed.name) != (area.dfe_code, area.name):
            found = "missing" if listed is None else f"has {listed.dfe_code} {listed.name!r}"
            problems.append(f"{where}: London area {area.code} ({area.dfe_code} {area.name!r}, areas.yaml) {found}")
    areas = {area.code: area for area in fw.london_areas}
    problems += [f"{where}[{a.gss_code}]: {a.name!r} is in {a.region_name} but is not one of areas.yaml's areas"
                 for a in fw.england_authorities if a.region_code in LONDON_HALVES and a.gss_code not in areas]
    problems += [f"{where}[{a.gss_code}]: region {a.region_name!r}, but areas.yaml has {areas[a.gss_code].inner_outer!r}"
                 for a in fw.england_authorities
                 if a.gss_code in areas and LONDON_HALVES.get(a.region_code) != areas[a.gss_code].inner_outer]
    problems += [f"{where}[{a.gss_code}].aliases: a London authority's aliases are areas.yaml's"
                 for a in fw.england_authorities if a.gss_code in areas and a.aliases]
    return problems + _successors(fw, where) + _authority_names(fw, where, areas)



def _successors(fw: Framework, where: str) -> list[str]:
    """An authority is replaced (it has successors) exactly when DfE stopped publishing it, and its
    successors are current authorities, so that a refusal can name who to write instead."""
    latest = max((a.last_reporting_year for a in fw.england_authorities), default=0)
    by_gss = {a.gss_code: a for a in fw.england_authorities}
    problems = []
    for authority in fw.england_authorities:
        at = f"{where}[{authority.gss_code}]"
        if authority.replaced_by and authority.last_reporting_year == latest:
            problems.append(f"{at}.replaced_by: it is still published in {latest}, so nothing has replaced it")
        if not authority.replaced_by and authority.last_reporting_year < latest:
            problems.append(f"{at}: last published in {authority.last_reporting_year}, before {latest}, "
                            "but replaced_by names no successor")
        for code in authority.replaced_by:
            successor = by_gss.get(code)
            if successor is None or successor.replaced_by or successor is authority:
                found = "not listed" if successor is None else f"{successor.name!r}, itself replaced"
                problems.append(f"{at}.replaced_by: {code} is {found}; a successor must be a current authority")
    return problems


def _authority_names(fw: Framework, where: str, areas: dict) -> list[str]:
    """A name or alias names one authority (or one name over time, as Buckinghamshire before and after
    2020), unless shared_names says people really use it for two: then it is asked about, not guessed."""
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for authority in fw.england_authorities:
        area_aliases = areas[authority.gss_code].aliases if authority.gss_code in areas else ()
        for written in (authority.name, *authority.aliases, *area_aliases):
            owners[_name_key(written)].add(authority.name)
    shared = {_name_key(name): name for name in fw.shared_authority_names}
    problems = [f"{where}: {key!r} names {sorted(names)}; list it in shared_names if people use it for each"
                for key, names in owners.items() if len(names) > 1 and key not in shared]
    problems += [f"england_authorities.yaml: shared_names: {name!r} names {sorted(owners.get(key, ()))}, "
                 "not two authorities" for key, name in shared.items() if len(owners.get(key, ())) < 2]
    problems += [f"england_authorities.yaml: common_words: {word!r} is no authority's name or alias"
                 for word in fw.common_word_names if _name_key(word) not in owners]
    return problems


def _name_key(text: str) -> str:
    """'Hammersmith & Fulham' and 'hammersmith and fulham' as one name."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("&", " and ")).split())

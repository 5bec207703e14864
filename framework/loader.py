"""Reads the framework's YAML into the typed values of framework.model, or refuses it.

The YAML is edited by hand, so a bad edit should come back as one list of everything wrong (file
and key named) rather than a first KeyError; fixing problems one run at a time is slow and hides
how much is broken. Shape and type problems are found here while reading; rules that span records
(ids, numbering, coverage) live in framework.checks.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

import yaml

from framework.checks import check_framework
from framework.model import (
    LONDON_REGION_CODE,
    LONDON_REGION_NAME,
    AnswerChoice,
    Area,
    CaseStudy,
    Challenge,
    ChallengeStatus,
    DataSharingQuestion,
    DataSharingSection,
    Enabler,
    EnglandAuthority,
    Framework,
    IcbMembership,
    Indicator,
    IntegrationModel,
    LabelAbbreviation,
    ScalePoint,
    Synonym,
    Theme,
    Tile,
)

DATA_DIR = Path(__file__).with_name("data")
PLAIN_WORDS = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")  # how organisations.yaml writes its phrases


def all_areas(london: tuple[Area, ...], authorities: tuple[EnglandAuthority, ...]) -> tuple[Area, ...]:
    """Every authority in England as an area, in GSS code order: London's as areas.yaml gives them
    (its names, aliases and Inner/Outer London, which the checks hold to the England list), the others
    from the England list with their ONS region; each with the years it can hold an assessment."""
    by_code = {area.code: area for area in london}
    successors = {code for a in authorities for code in a.replaced_by}
    areas = []
    for authority in sorted(authorities, key=lambda a: a.gss_code):
        first = authority.first_reporting_year - 1 if authority.gss_code in successors else None
        last = authority.last_reporting_year if authority.replaced_by else None
        area = by_code.get(authority.gss_code) or Area(
            authority.gss_code, authority.name, authority.dfe_code, authority.region_code, authority.region_name,
            aliases=authority.aliases)
        areas.append(dataclasses.replace(area, first_year=first, last_year=last))
    return tuple(areas)


class FrameworkError(Exception):
    """The framework data is invalid; `problems` holds every problem found, not just the first."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the framework data:\n{listing}")


def load_framework(data_dir: Path | None = None) -> Framework:
    """The validated framework from `data_dir`, or from the packaged data (read once per process)."""
    if data_dir is None:
        return _load_packaged()
    return _load(Path(data_dir))


@functools.cache
def _load_packaged() -> Framework:
    return _load(DATA_DIR)


def _load(data_dir: Path) -> Framework:
    reader = _Reader(data_dir)
    framework = reader.framework()
    problems = reader.problems + check_framework(framework)
    if problems:
        raise FrameworkError(problems)
    return framework


class _Reader:
    """Builds the Framework tolerantly: a bad field becomes an empty value plus a recorded problem."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.problems: list[str] = []

    def framework(self) -> Framework:
        tool, scale = self._doc("tool.yaml"), self._doc("scale.yaml")
        sharing = self._doc("data_sharing.yaml")
        england = self._doc("england_authorities.yaml")
        indicators = self._indicators(tool)
        authorities = self._england_authorities(england)
        london = self._areas(self._doc("areas.yaml"))
        return Framework(
            version=self._text(tool, "version", "tool.yaml"),
            themes=self._themes(tool),
            enablers=self._enablers(tool, indicators),
            indicators=indicators,
            scale=self._scale(scale),
            skip_allowed=self._flag(scale, "skip_allowed", "scale.yaml"),
            skip_guidance=self._text(scale, "skip_guidance", "scale.yaml"),
            scoring_warning=self._text(scale, "scoring_warning", "scale.yaml"),
            sectors=self._texts(scale, "sectors", "scale.yaml", required=True),
            role_levels=self._texts(scale, "role_levels", "scale.yaml", required=True),
            challenges=self._challenges(self._doc("challenges.yaml")),
            integration_models=self._models(self._doc("spectrum.yaml")),
            case_studies=self._case_studies(self._doc("case_studies.yaml")),
            areas=all_areas(london, authorities),
            icb_memberships=self._icb_memberships(self._doc("icbs.yaml")),
            data_sharing_sections=self._sharing_sections(sharing),
            data_sharing_questions=self._sharing_questions(sharing),
            data_sharing_choices=self._answer_choices(sharing),
            tiles=self._tiles(self._doc("tile_map.yaml")),
            label_abbreviations=self._abbreviations(self._doc("labels.yaml")),
            **self._organisations(self._doc("organisations.yaml")),
            england_authorities=authorities,
            shared_authority_names=self._texts(england, "shared_names", "england_authorities.yaml"),
            common_word_names=self._texts(england, "common_words", "england_authorities.yaml"),
            challenge_statuses=self._statuses(self._doc("challenges.yaml")),
            london_areas=london,
        )

    # --- one builder per kind of record -------------------------------------------------------

    def _themes(self, tool: dict) -> tuple[Theme, ...]:
        return tuple(
            Theme(
                id=self._text(rec, "id", where),
                order=order,
                name=self._text(rec, "name", where),
                enabler_ids=self._texts(rec, "enablers", where, required=True),
            )
            for order, (where, rec) in enumerate(
                self._records(tool, "themes", "tool.yaml", {"id", "name", "enablers"}), start=1
            )
        )

    def _enablers(self, tool: dict, indicators: tuple[Indicator, ...]) -> tuple[Enabler, ...]:
        enablers = []
        fields = {"id", "theme", "name", "statement", "aliases"}
        for order, (where, rec) in enumerate(self._records(tool, "enablers", "tool.yaml", fields), start=1):
            enabler_id = self._text(rec, "id", where)
            enablers.append(
                Enabler(
                    id=enabler_id,
                    order=order,
                    theme_id=self._text(rec, "theme", where),
                    name=self._text(rec, "name", where),
                    statement=" ".join(self._text(rec, "statement", where).split()),
                    aliases=self._texts(rec, "aliases", where),
                    indicator_ids=tuple(i.id for i in indicators if i.enabler_id == enabler_id),
                )
            )
        return tuple(enablers)

    def _indicators(self, tool: dict) -> tuple[Indicator, ...]:
        """Each indicator's order is its position under its enabler; checks compare it with the id."""
        indicators: list[Indicator] = []
        seen_per_enabler: Counter[str] = Counter()
        for where, rec in self._records(tool, "indicators", "tool.yaml", {"id", "enabler", "text"}):
            enabler_id = self._text(rec, "enabler", where)
            seen_per_enabler[enabler_id] += 1
            indicators.append(
                Indicator(
                    id=self._text(rec, "id", where),
                    enabler_id=enabler_id,
                    order=seen_per_enabler[enabler_id],
                    text=" ".join(self._text(rec, "text", where).split()),
                )
            )
        return tuple(indicators)

    def _scale(self, doc: dict) -> tuple[ScalePoint, ...]:
        return tuple(
            ScalePoint(
                score=self._integer(rec, "score", where),
                label=self._text(rec, "label", where),
                descriptor=self._text(rec, "descriptor", where),
            )
            for where, rec in self._records(doc, "scale", "scale.yaml", {"score", "label", "descriptor"})
        )

    def _challenges(self, doc: dict) -> tuple[Challenge, ...]:
        fields = {"id", "name", "description", "examples", "short_names"}
        return tuple(
            Challenge(
                id=self._text(rec, "id", where),
                order=order,
                name=self._text(rec, "name", where),
                description=self._text(rec, "description", where),
                examples=self._texts(rec, "examples", where, required=True),
                short_names=self._texts(rec, "short_names", where),
            )
            for order, (where, rec) in enumerate(
                self._records(doc, "challenges", "challenges.yaml", fields), start=1
            )
        )

    def _statuses(self, doc: dict) -> tuple[ChallengeStatus, ...]:
        return tuple(
            ChallengeStatus(
                id=self._text(rec, "id", where),
                order=order,
                label=self._text(rec, "label", where),
                short_forms=self._texts(rec, "short_forms", where, required=True),
            )
            for order, (where, rec) in enumerate(
                self._records(doc, "statuses", "challenges.yaml", {"id", "label", "short_forms"}), start=1
            )
        )

    def _models(self, doc: dict) -> tuple[IntegrationModel, ...]:
        return tuple(
            IntegrationModel(
                id=self._text(rec, "id", where),
                order=order,
                name=self._text(rec, "name", where),
                description=self._text(rec, "description", where),
                short_names=self._texts(rec, "short_names", where),
            )
            for order, (where, rec) in enumerate(
                self._records(doc, "integration_models", "spectrum.yaml", {"id", "name", "description", "short_names"}),
                start=1,
            )
        )

    def _case_studies(self, doc: dict) -> tuple[CaseStudy, ...]:
        fields = {"box", "title", "issues", "enabler_ids", "boroughs"}
        return tuple(
            CaseStudy(
                box=self._text(rec, "box", where),
                title=self._text(rec, "title", where),
                issues=self._texts(rec, "issues", where, required=True),
                enabler_ids=self._texts(rec, "enabler_ids", where, required=True),
                boroughs=self._texts(rec, "boroughs", where),
            )
            for where, rec in self._records(doc, "case_studies", "case_studies.yaml", fields)
        )

    def _areas(self, doc: dict) -> tuple[Area, ...]:
        fields = {"code", "name", "dfe_code", "inner_outer", "aliases"}
        return tuple(
            Area(
                code=self._text(rec, "code", where),
                name=self._text(rec, "name", where),
                dfe_code=self._text(rec, "dfe_code", where),
                region_code=LONDON_REGION_CODE,
                region_name=LONDON_REGION_NAME,
                inner_outer=self._text(rec, "inner_outer", where),
                aliases=self._texts(rec, "aliases", where),
            )
            for where, rec in self._records(doc, "areas", "areas.yaml", fields)
        )

    def _icb_memberships(self, doc: dict) -> tuple[IcbMembership, ...]:
        """One membership per area an ICB lists; an ICB with unreadable dates adds none."""
        memberships = []
        fields = {"code", "name", "valid_from", "valid_to", "areas"}
        for where, rec in self._records(doc, "icbs", "icbs.yaml", fields):
            known_problems = len(self.problems)
            code, name = self._text(rec, "code", where), self._text(rec, "name", where)
            valid_from = self._day(rec, "valid_from", where, optional=False)
            valid_to = self._day(rec, "valid_to", where, optional=True)
            area_codes = self._texts(rec, "areas", where, required=True)
            if valid_from is None or len(self.problems) > known_problems:
                continue
            memberships += [IcbMembership(a, code, name, valid_from, valid_to) for a in area_codes]
        return tuple(memberships)

    def _england_authorities(self, doc: dict) -> tuple[EnglandAuthority, ...]:
        fields = {"gss_code", "dfe_code", "name", "region_code", "region_name",
                  "first_reporting_year", "last_reporting_year", "aliases", "replaced_by"}
        return tuple(
            EnglandAuthority(
                **{key: self._text(rec, key, where) for key in ("gss_code", "dfe_code", "name", "region_code",
                                                                "region_name")},
                first_reporting_year=self._integer(rec, "first_reporting_year", where),
                last_reporting_year=self._integer(rec, "last_reporting_year", where),
                aliases=self._texts(rec, "aliases", where),
                replaced_by=self._texts(rec, "replaced_by", where),
            )
            for where, rec in self._records(doc, "authorities", "england_authorities.yaml", fields)
        )

    def _tiles(self, doc: dict) -> tuple[Tile, ...]:
        return tuple(
            Tile(
                area_code=self._text(rec, "area", where),
                short_name=self._text(rec, "short_name", where),
                row=self._integer(rec, "row", where),
                col=self._integer(rec, "col", where),
            )
            for where, rec in self._records(doc, "tiles", "tile_map.yaml", {"area", "short_name", "row", "col"})
        )

    def _abbreviations(self, doc: dict) -> tuple[LabelAbbreviation, ...]:
        """One word each, written once: a short form spelt two ways would be read inconsistently."""
        listed = doc.get("label_abbreviations")
        if not isinstance(listed, dict) or not listed:
            self._problem("labels.yaml: label_abbreviations", f"expected a non-empty mapping, got {listed!r}")
            return ()
        found, seen = [], set()
        for short, meaning in listed.items():
            where = f"labels.yaml: label_abbreviations.{short}"
            if not isinstance(short, str) or not short.isalnum() or short.casefold() in seen:
                self._problem(where, "expected a single word, listed once")
            elif not isinstance(meaning, str) or not meaning.strip():
                self._problem(where, f"expected non-empty text, got {meaning!r}")
            else:
                seen.add(short.casefold())
                found.append(LabelAbbreviation(short=short, meaning=meaning))
        return tuple(found)

    def _organisations(self, doc: dict) -> dict[str, object]:
        """The Framework fields organisations.yaml fills. Phrases must already be plain words, as the
        matcher reads text, so that two spellings of one phrase cannot hide a clash between choices."""
        found: dict[str, object] = {
            "unmatched_sector": self._optional_text(doc, "unmatched_sector", "organisations.yaml"),
        }
        for key, field_name in (("sectors", "sector_synonyms"), ("roles", "role_synonyms")):
            listed, synonyms = doc.get(key), []
            if not isinstance(listed, dict) or not listed:
                self._problem(f"organisations.yaml: {key}", f"expected a non-empty mapping, got {listed!r}")
                listed = {}
            for choice, phrases in listed.items():
                where = f"organisations.yaml: {key}.{choice}"
                if not isinstance(phrases, list) or not phrases:
                    self._problem(where, f"expected a non-empty list of phrases, got {phrases!r}")
                    continue
                for phrase in phrases:
                    if not isinstance(phrase, str) or not PLAIN_WORDS.fullmatch(phrase):
                        self._problem(where, f"{phrase!r} is not plain lower-case words (letters and digits, "
                                             "single spaces)")
                    else:
                        synonyms.append(Synonym(phrase=phrase, choice=str(choice)))
            found[field_name] = tuple(synonyms)
        return found

    def _sharing_sections(self, doc: dict) -> tuple[DataSharingSection, ...]:
        return tuple(
            DataSharingSection(id=self._text(rec, "id", where), order=order, name=self._text(rec, "name", where))
            for order, (where, rec) in enumerate(
                self._records(doc, "sections", "data_sharing.yaml", {"id", "name"}), start=1
            )
        )

    def _sharing_questions(self, doc: dict) -> tuple[DataSharingQuestion, ...]:
        fields = {
            "id", "section", "text", "source", "linked_enabler", "linked_indicator", "note", "evidence_prompt",
        }
        return tuple(
            DataSharingQuestion(
                id=self._text(rec, "id", where),
                order=order,
                section=self._text(rec, "section", where),
                text=" ".join(self._text(rec, "text", where).split()),
                source=self._text(rec, "source", where),
                linked_enabler_id=self._text(rec, "linked_enabler", where),
                linked_indicator_id=self._optional_text(rec, "linked_indicator", where),
                note=self._optional_text(rec, "note", where),
                evidence_prompt=self._text(rec, "evidence_prompt", where),
            )
            for order, (where, rec) in enumerate(
                self._records(doc, "questions", "data_sharing.yaml", fields), start=1
            )
        )

    def _answer_choices(self, doc: dict) -> tuple[AnswerChoice, ...]:
        return tuple(
            AnswerChoice(
                answer=self._text(rec, "answer", where),
                order=order,
                score=self._fraction(rec, "score", where),
                meaning=self._text(rec, "meaning", where),
            )
            for order, (where, rec) in enumerate(
                self._records(doc, "choices", "data_sharing.yaml", {"answer", "score", "meaning"}), start=1
            )
        )

    # --- reading fields -----------------------------------------------------------------------

    def _problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def _doc(self, file_name: str) -> dict:
        path = self.data_dir / file_name
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            self._problem(file_name, f"cannot be read: {exc}")
            return {}
        if not isinstance(doc, dict):
            self._problem(file_name, f"expected a mapping at the top level, got {type(doc).__name__}")
            return {}
        return doc

    def _records(self, doc: dict, key: str, file_name: str, fields: set[str]) -> Iterator[tuple[str, dict]]:
        """The mappings listed under `key`, each with a location like 'tool.yaml: enablers[2]'."""
        records = doc.get(key)
        if not isinstance(records, list) or not records:
            self._problem(f"{file_name}: {key}", f"expected a non-empty list, got {records!r}")
            return
        for index, rec in enumerate(records):
            where = f"{file_name}: {key}[{index}]"
            if not isinstance(rec, dict):
                self._problem(where, f"expected a mapping, got {rec!r}")
                continue
            for unknown in sorted(set(rec) - fields, key=str):
                self._problem(where, f"unknown key {unknown!r} (expected {', '.join(sorted(fields))})")
            yield where, rec

    def _text(self, rec: dict, key: str, where: str) -> str:
        value = rec.get(key)
        if isinstance(value, str) and value.strip():
            return value
        self._problem(f"{where}.{key}", f"expected non-empty text, got {value!r}")
        return ""

    def _texts(self, rec: dict, key: str, where: str, *, required: bool = False) -> tuple[str, ...]:
        value = rec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self._problem(f"{where}.{key}", f"expected a list of non-empty texts, got {value!r}")
            return ()
        if required and not value:
            self._problem(f"{where}.{key}", "expected at least one entry")
        return tuple(value)

    def _optional_text(self, rec: dict, key: str, where: str) -> str | None:
        if rec.get(key) is None:
            return None
        return " ".join(self._text(rec, key, where).split()) or None

    def _fraction(self, rec: dict, key: str, where: str) -> float:
        """A number from 0 to 1; true/false are not numbers here, although Python counts them as such."""
        value = rec.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
        self._problem(f"{where}.{key}", f"expected a number from 0 to 1, got {value!r}")
        return 0.0

    def _integer(self, rec: dict, key: str, where: str) -> int:
        value = rec.get(key)
        if type(value) is int:
            return value
        self._problem(f"{where}.{key}", f"expected a whole number, got {value!r}")
        return 0

    def _flag(self, rec: dict, key: str, where: str) -> bool:
        value = rec.get(key)
        if isinstance(value, bool):
            return value
        self._problem(f"{where}.{key}", f"expected true or false, got {value!r}")
        return False

    def _day(self, rec: dict, key: str, where: str, *, optional: bool) -> date | None:
        value = rec.get(key)
        if value is None and optional:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        expected = "a date (YYYY-MM-DD) or null" if optional else "a date (YYYY-MM-DD)"
        self._problem(f"{where}.{key}", f"expected {expected}, got {value!r}")
        return None

"""The Beyond Boundaries tool and its reference data as typed, immutable values.

These classes are the only shape in which the rest of the code sees the framework, so that
nothing downstream depends on how the YAML happens to be laid out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Theme:
    id: str  # purpose_priorities | people_place | partnership_process
    order: int
    name: str  # "Purpose and priorities"
    enabler_ids: tuple[str, ...]


@dataclass(frozen=True)
class Enabler:
    id: str  # E01 … E12
    order: int
    theme_id: str
    name: str  # a short name used in tables and charts, e.g. "Senior leadership"
    statement: str  # the full statement from the tool's grid
    aliases: tuple[str, ...]  # short labels people use for it
    indicator_ids: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    id: str  # E01.1 …
    enabler_id: str
    order: int
    text: str  # verbatim from the seed's grid


@dataclass(frozen=True)
class ScalePoint:
    score: int  # 1 … 5
    label: str  # a short label, e.g. "Some in place, not embedded"
    descriptor: str  # the tool's descriptor text


@dataclass(frozen=True)
class Challenge:
    id: str  # e.g. technical_blockages
    order: int
    name: str
    description: str
    examples: tuple[str, ...]
    short_names: tuple[str, ...] = ()  # what people write for it in their own sheets: "capacity"


@dataclass(frozen=True)
class ChallengeStatus:
    """An answer to "is this challenge in play here?" (framework/data/challenges.yaml: statuses)."""

    id: str  # in_play | partly | not_in_play
    order: int  # 1 = most in play
    label: str  # "In play", as the template's drop-down offers it
    short_forms: tuple[str, ...]  # what people write instead: "yes", "partly", "no"


@dataclass(frozen=True)
class IntegrationModel:
    id: str  # coalition | coordinated | unified
    order: int
    name: str
    description: str
    short_names: tuple[str, ...] = ()  # "coalition", "co-ordinated"


@dataclass(frozen=True)
class CaseStudy:
    box: str  # "A" … "L"
    title: str
    issues: tuple[str, ...]
    enabler_ids: tuple[str, ...]
    boroughs: tuple[str, ...]


# England, London's region, and the two halves DfE gives London's authorities as their region in its
# statistics (the dbt vars england_code and london_region_code are the same codes).
ENGLAND_CODE, ENGLAND_NAME = "E92000001", "England"
LONDON_REGION_CODE = "E12000007"
LONDON_REGION_NAME = "London"
LONDON_HALVES = {"E13000001": "Inner London", "E13000002": "Outer London"}


@dataclass(frozen=True)
class Area:
    """An authority the warehouse holds assessments, outcomes and neighbours for: every upper-tier
    authority in England (england_authorities.yaml), London's with the detail of areas.yaml."""

    code: str  # ONS GSS code, E09000001 …
    name: str  # "Hammersmith and Fulham"
    dfe_code: str  # DfE three-digit LA code, "205"
    region_code: str  # the ONS region (E12…): London's authorities are in E12000007 London
    region_name: str
    inner_outer: str | None = None  # London only: "Inner London" | "Outer London" (ONS/DfE statistical definition)
    aliases: tuple[str, ...] = ()
    first_year: int | None = None  # the first and last calendar years it can hold an assessment, None
    last_year: int | None = None  # where it has no limit (Framework.assessment_years)


@dataclass(frozen=True)
class EnglandAuthority:
    """An upper-tier authority in England that DfE publishes children's social care figures for
    (framework/data/england_authorities.yaml): how a neighbour or comparator outside London is named."""

    gss_code: str  # ONS GSS code, E06000001 …
    dfe_code: str  # DfE three-digit LA number; kept by some authorities whose GSS code changed
    name: str
    region_code: str  # E12…, or E13000001/E13000002 (Inner/Outer London) as DfE gives London's
    region_name: str
    first_reporting_year: int  # the first and last reporting year (2025 = 2024-25) DfE publishes it in
    last_reporting_year: int
    aliases: tuple[str, ...] = ()  # outside London; London's are the areas' (areas.yaml)
    replaced_by: tuple[str, ...] = ()  # GSS codes of its successors, when a reorganisation replaced it


@dataclass(frozen=True)
class Tile:
    """An area's square on the London tile map (framework/data/tile_map.yaml)."""

    area_code: str
    short_name: str  # the label drawn in the tile, at most TILE_LABEL_LENGTH characters
    row: int  # 1 = the northernmost row
    col: int  # 1 = the westernmost column


@dataclass(frozen=True)
class IcbMembership:
    area_code: str
    icb_code: str
    icb_name: str
    valid_from: date
    valid_to: date | None  # None while current


@dataclass(frozen=True)
class DataSharingSection:
    id: str  # case_management | information_sharing
    order: int
    name: str  # "Case management systems"


@dataclass(frozen=True)
class DataSharingQuestion:
    """One question of the data-sharing questionnaire, answered with one of the AnswerChoices."""

    id: str  # CM1 … CM5, IS1 … IS3
    order: int  # position in the questionnaire
    section: str  # a DataSharingSection id
    text: str  # the question as asked, verbatim from its source where the source asks it
    source: str  # where the question comes from
    linked_enabler_id: str  # the enabler whose scores the answers are read beside (E09)
    linked_indicator_id: str | None  # the indicator it restates, when it restates one
    note: str | None  # why the link was made, where it is a judgement
    evidence_prompt: str  # what evidence would support an answer


@dataclass(frozen=True)
class LabelAbbreviation:
    """A short form people write in item labels (framework/data/labels.yaml), one word."""

    short: str  # "info", as written
    meaning: str  # "information": what the label matcher reads it as


@dataclass(frozen=True)
class Synonym:
    """A phrase people write for their organisation or role, and the framework choice it places them
    in (framework/data/organisations.yaml)."""

    phrase: str  # plain lower-case words, as matched: "family hub", "childrens centre"
    choice: str  # one of Framework.sectors or Framework.role_levels


@dataclass(frozen=True)
class AnswerChoice:
    answer: str  # "yes" | "partly" | "no"
    order: int
    score: float  # 0 … 1: the share of a "yes" this answer counts as
    meaning: str


@dataclass(frozen=True)
class Framework:
    version: str
    themes: tuple[Theme, ...]
    enablers: tuple[Enabler, ...]
    indicators: tuple[Indicator, ...]
    scale: tuple[ScalePoint, ...]
    skip_allowed: bool
    skip_guidance: str
    scoring_warning: str  # the tool's "Do not be tempted to score everything an average 3!"
    sectors: tuple[str, ...]  # organisation / sector choices offered to participants
    role_levels: tuple[str, ...]  # "Strategic", "Operational"
    challenges: tuple[Challenge, ...]
    integration_models: tuple[IntegrationModel, ...]
    case_studies: tuple[CaseStudy, ...]
    areas: tuple[Area, ...]  # every authority in England, London's 33 included
    icb_memberships: tuple[IcbMembership, ...]
    _by_id: dict = field(default_factory=dict, repr=False, compare=False)
    # The data-sharing questionnaire (framework/data/data_sharing.yaml); defaults keep older constructors working.
    data_sharing_sections: tuple[DataSharingSection, ...] = ()
    data_sharing_questions: tuple[DataSharingQuestion, ...] = ()
    data_sharing_choices: tuple[AnswerChoice, ...] = ()
    tiles: tuple[Tile, ...] = ()  # the London tile map
    label_abbreviations: tuple[LabelAbbreviation, ...] = ()  # read by ingest.core.labels
    # Free text placed in the sectors and role levels (read by ingest.core.organisations); a text
    # no phrase places is given the sector `unmatched_sector` and no role.
    sector_synonyms: tuple[Synonym, ...] = ()
    role_synonyms: tuple[Synonym, ...] = ()
    unmatched_sector: str | None = None
    england_authorities: tuple[EnglandAuthority, ...] = ()  # every upper-tier authority, London's included
    # Names people use for two authorities at once ("Kingston"): asked about, never guessed.
    shared_authority_names: tuple[str, ...] = ()
    # Names that are also ordinary words ("Reading"): in free text, never the only clue taken.
    common_word_names: tuple[str, ...] = ()
    challenge_statuses: tuple[ChallengeStatus, ...] = ()  # in_play, partly, not_in_play
    london_areas: tuple[Area, ...] = ()  # London's 33 as areas.yaml gives them, the areas' London subset

    def __post_init__(self) -> None:
        index = {}
        for group in (self.themes, self.enablers, self.indicators, self.areas):
            index.update({item.code if isinstance(item, Area) else item.id: item for item in group})
        object.__setattr__(self, "_by_id", index)

    def enabler(self, enabler_id: str) -> Enabler:
        return self._by_id[enabler_id]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def theme(self, theme_id: str) -> Theme:
        return self._by_id[theme_id]

    def area(self, code: str) -> Area:
        return self._by_id[code]

    def areas_in(self, region_code: str) -> tuple[Area, ...]:
        """The current authorities of one region (none replaced by a reorganisation), in code order."""
        return tuple(a for a in self.areas if a.region_code == region_code and a.last_year is None)

    def area_names_offered(self) -> list[str]:
        """The names a template's drop-down offers: every current authority's (none replaced by a
        reorganisation, so each name once), alphabetically."""
        return sorted(a.name for a in self.areas if a.last_year is None)

    def indicators_for(self, enabler_id: str) -> tuple[Indicator, ...]:
        return tuple(self.indicator(i) for i in self.enabler(enabler_id).indicator_ids)

    def england_authority(self, dfe_code: str) -> EnglandAuthority | None:
        """The authority a DfE number names now: its latest holder, as a number can outlive a GSS code
        (North Yorkshire 815 was E10000023 until 2023, E06000065 since)."""
        holders = [a for a in self.england_authorities if a.dfe_code == dfe_code]
        return max(holders, key=lambda a: a.last_reporting_year, default=None)

    def assessment_years(self, authority: EnglandAuthority) -> tuple[int | None, int | None]:
        """The first and last calendar years an authority can hold an assessment in; None where it has no
        limit. Reorganisations take effect on 1 April, the start of DfE's reporting year (2020 = 2019-20):
        a successor first reported for F began in calendar year F-1, and an authority last reported for
        L ended on 31 March L (england_authorities.yaml's header)."""
        area = self.area(authority.gss_code)
        return area.first_year, area.last_year

    def icb_for(self, area_code: str, on: date) -> IcbMembership | None:
        for m in self.icb_memberships:
            if m.area_code == area_code and m.valid_from <= on and (m.valid_to is None or on <= m.valid_to):
                return m
        return None

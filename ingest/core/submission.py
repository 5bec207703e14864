"""What a reader of a borough's scores gives back: a `Submission` holding its participants, their
scores, and the clues that identify its area and year. Every assessment reader (the Excel tool,
paper entries and resolutions, any borough's own grid) and the data-sharing questionnaire speak
this vocabulary, so identification has one input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

GRAINS = ("enabler", "indicator")
# How a submission's values were entered: by participants into the Excel tool, or typed up from
# paper forms once ("single"), twice independently ("first", "second"; loaded only once merged as
# "double"), or a "resolution" file settling where the two entries disagree.
ENTRIES = ("workbook", "single", "first", "second", "double", "resolution")


@dataclass(frozen=True)
class ParticipantRecord:
    participant_id: str  # stable within its submission, e.g. "P01" (column position)
    label: str | None
    sector: str | None
    role_level: str | None
    location: str | None = None  # where the details were read, when a row holds them: "'Enabler forms'!A7"
    # The organisation and role as written ("Public Health (LA)", "Head of service"); sector and
    # role_level are where ingest.core.organisations placed them.
    organisation: str | None = None
    role_text: str | None = None


@dataclass(frozen=True)
class ScoreRecord:
    """One participant × item cell. score None means skipped; raw_value keeps what was typed."""

    participant_id: str
    grain: str  # "enabler" | "indicator"
    item_id: str  # "E01" or "E01.1"
    score: int | None
    raw_value: str | None
    sheet: str
    cell: str  # "D7"


@dataclass(frozen=True)
class Resolution:
    """One settled disagreement between two paper entries, as written in a resolution file."""

    form_id: str
    item_id: str  # "E01", "E01.1", or one of ingest.paper.layout's form and participant-detail items
    value: str | None  # "3", "skip", a detail (None: settled as blank), "present" | "absent"
    location: str  # the cell holding the value, for messages


@dataclass(frozen=True)
class ReflectionRecord:
    """A theme's reflection or an enabler's evidence, as written (raw.reflections)."""

    level: str  # "theme" | "enabler"
    item_id: str  # "T1" | "E01"
    kind: str  # "reflection" | "evidence"
    text: str
    location: str  # "'Reflections'!C5"


@dataclass(frozen=True)
class ChallengeRecord:
    """One of the six common challenges (raw.challenge_answers)."""

    challenge_id: str
    status: str | None  # "in_play" | "partly" | "not_in_play" | None (not given)
    status_text: str | None  # as written
    within_gift: str | None
    location: str


@dataclass(frozen=True)
class ModelRecord:
    """Where the partnership sees itself on the spectrum of integration (raw.integration_models)."""

    scope: str  # "overall" | a theme id
    current_model: str | None  # "coalition" | "coordinated" | "unified" | None
    aspired_model: str | None
    current_text: str | None  # as written
    aspired_text: str | None
    location: str


@dataclass(frozen=True)
class PriorityRecord:
    """One priority for action (raw.priorities)."""

    priority_no: int  # 1 … 8
    text: str
    enabler_ids: tuple[str, ...]  # in framework order; () when it names none
    enablers_text: str | None  # as written
    owner_role: str | None
    review_date: date | None
    review_date_text: str | None  # as written
    location: str


@dataclass(frozen=True)
class UnplacedNote:
    """Text no section could place (raw.submission_notes): kept and said, never a refusal."""

    location: str
    text: str
    reason: str


@dataclass(frozen=True)
class Submission:
    """A reader's result: the scores and the clues needed to identify area and year."""

    reader: str
    area_text: str | None  # as written in the file
    area_location: str | None  # where it was found, for messages
    year_text: str | None
    year_location: str | None
    group_label: str | None
    is_synthetic: bool
    participants: tuple[ParticipantRecord, ...]
    scores: tuple[ScoreRecord, ...]
    # Other text that may name the area or year when no labelled cell does: title lines, headings,
    # sheet names — (text, location) pairs in reading order. Identification falls back to these,
    # then to the file name.
    titles: tuple[tuple[str, str], ...] = ()
    entry: str = "workbook"  # one of ENTRIES
    transcriber: str | None = None  # who typed a paper entry, or who settled a resolution file
    resolutions: tuple[Resolution, ...] = ()  # only in a resolution file
    # What the reader noticed and accepted, for the outcome line ("3 organisations not matched to a
    # sector: …"): said, never silently applied, never a refusal.
    notes: tuple[str, ...] = ()
    # What the partnership wrote beyond its scores (issue #14); all optional, empty in most borough layouts.
    reflections: tuple[ReflectionRecord, ...] = ()
    challenges: tuple[ChallengeRecord, ...] = ()
    models: tuple[ModelRecord, ...] = ()
    priorities: tuple[PriorityRecord, ...] = ()
    unplaced: tuple[UnplacedNote, ...] = ()

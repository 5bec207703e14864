"""What a data-sharing questionnaire holds once read: its answers, and the About fields that
identify it, kept in an ingest.core.submission.Submission so that identification needs no second path."""

from __future__ import annotations

from dataclasses import dataclass

from framework.model import Framework
from ingest.core.identify import Identity
from ingest.core.submission import Submission


@dataclass(frozen=True)
class DataSharingAnswer:
    question_id: str  # "CM1"
    answer: str | None  # the framework's spelling of the choice ("yes"); None when left blank
    evidence: str | None  # free text as typed, stripped; None when blank
    location: str  # the answer cell: "'Data sharing'!D6"


@dataclass(frozen=True)
class DataSharingReturn:
    submission: Submission  # reader "data_sharing", About fields and titles; no participants or scores
    answers: tuple[DataSharingAnswer, ...]  # one per framework question, in the framework's order


@dataclass(frozen=True)
class IdentifiedReturn:
    """A return with the area and year it is for: what the loader writes."""

    questionnaire: DataSharingReturn
    identity: Identity


def choice_list(fw: Framework) -> str:
    """'yes, partly or no': the framework's choices as a sentence, for the sheet and for refusals."""
    names = [c.answer for c in fw.data_sharing_choices]
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]

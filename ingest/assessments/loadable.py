"""An identified assessment, as it crosses from a reading worker to the loader."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cached_property
from operator import attrgetter

from ingest.core.identify import Identity
from ingest.core.submission import ParticipantRecord, ScoreRecord, Submission

Columns = dict[str, tuple]


@dataclass(frozen=True, eq=False)
class Loadable:
    """A submission and its identity, ready to load. Its records travel as columns, one tuple per
    field: that crosses between processes about ten times cheaper than record objects, and is
    what the load writes. The records are rebuilt as objects only when something asks for them."""

    identity: Identity
    head: Submission  # the submission without its participants and scores
    participants: Columns  # one tuple of values per ParticipantRecord field
    scores: Columns  # one tuple of values per ScoreRecord field

    @classmethod
    def of(cls, submission: Submission, identity: Identity) -> "Loadable":
        return cls(
            identity,
            replace(submission, participants=(), scores=()),
            _columns(ParticipantRecord, submission.participants),
            _columns(ScoreRecord, submission.scores),
        )

    @cached_property
    def submission(self) -> Submission:
        return replace(self.head, participants=_records(ParticipantRecord, self.participants),
                       scores=_records(ScoreRecord, self.scores))


def _columns(record: type, records: tuple) -> Columns:
    """Every field of every record, transposed in C: records have several fields, so attrgetter
    hands back a tuple per record."""
    names = [f.name for f in fields(record)]
    columns = list(zip(*map(attrgetter(*names), records))) or [()] * len(names)
    return dict(zip(names, columns))


def _records(record: type, columns: Columns) -> tuple:
    return tuple(map(record, *columns.values()))

"""What reading an outcome file or a data-sharing return gives the loader: kept apart from
ingest.linked, which writes them, so that reading workers never import DuckDB or Arrow."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.data_sharing.model import DataSharingReturn
from ingest.identify import Identity
from ingest.outcomes.model import OutcomeFile


@dataclass(frozen=True)
class OutcomeLoad:
    file: OutcomeFile


@dataclass(frozen=True)
class DataSharingLoad:
    questionnaire: DataSharingReturn
    identity: Identity


Linked = OutcomeLoad | DataSharingLoad

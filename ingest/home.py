"""Where a warehouse lives on disk: the one place that knows the home directory's layout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "MATURITY_HOME"


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike | None = None) -> "Home":
        """`--home DIR`, else `$MATURITY_HOME`, else `./data` (the public contract), made absolute."""
        chosen = explicit or os.environ.get(HOME_ENV) or "data"
        return cls(Path(chosen).expanduser().resolve())

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.root / "published"

    @property
    def snapshot(self) -> Path:
        """The published snapshot that dashboards read; replaced atomically, never edited in place."""
        return self.published / "maturity.duckdb"

    def ensure(self) -> "Home":
        for folder in (self.inbox, self.archive, self.quarantine, self.published):
            folder.mkdir(parents=True, exist_ok=True)
        return self

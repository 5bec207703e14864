"""What the warehouse holds as a batch goes on, so that each file is decided without a query:
every loaded file's bytes (a file sent again is `unchanged`), and the current assessment per
area, year and group (a new one `supersedes` it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb

from framework.model import Framework


class Version(NamedTuple):
    sha256: str
    file_name: str
    area_code: str | None
    area_name: str | None
    assessment_year: int | None


AssessmentKey = tuple[str, int, str]  # area code, year, group (ledger.group_key)


def group_key(label: str | None) -> str:
    """Groups match however their label is spaced or capitalised."""
    return (label or "").strip().lower()


@dataclass
class Ledger:
    loaded: dict[str, Version] = field(default_factory=dict)
    current: dict[AssessmentKey, list[Version]] = field(default_factory=dict)

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection, fw: Framework) -> "Ledger":
        """Every file loaded (raw.files, with the area and year its accepted event recorded), and the
        current assessments (raw.submissions)."""
        ledger = cls()
        names = {a.code: a.name for a in fw.areas}
        for sha256, name, area_code, year in con.execute(
            """select f.sha256, f.file_name, e.area_code, e.assessment_year
               from raw.files as f
               left join (select sha256, any_value(area_code) as area_code, any_value(assessment_year) as assessment_year
                          from audit.file_events where status in ('accepted', 'superseded') group by sha256) as e
                   using (sha256)
               order by f.first_seen_at"""
        ).fetchall():
            ledger.loaded[sha256] = Version(sha256, name, area_code, names.get(area_code), year)
        for sha256, name, area_code, year, group in con.execute(
            """select submission_id, file_name, area_code, assessment_year, group_label
               from raw.submissions where superseded_by is null order by loaded_at"""
        ).fetchall():
            version = Version(sha256, name, area_code, names.get(area_code), year)
            ledger.current.setdefault((area_code, year, group_key(group)), []).append(version)
        return ledger

    def copy(self) -> "Ledger":
        """Lists are replaced, never changed in place, so copying the dicts is enough."""
        return Ledger(dict(self.loaded), dict(self.current))

    def take(self, other: "Ledger") -> None:
        self.loaded, self.current = other.loaded, other.current

"""The submissions the shared pipeline run is built from: a synthetic subset and one small group."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import ParticipantEntry, WorkbookContent

SUBSET_AREAS = ("E09000001", "E09000007", "E09000013", "E09000029")  # City, Camden, H&F, Sutton
SUBSET_YEARS = (2023, 2024)
SMALL_GROUP_AREA = "E09000033"  # Westminster: a group of three, so some enablers fall below 3 scores


@dataclass(frozen=True)
class Submitted:
    """A workbook the tests put in the inbox, with the area it belongs to."""

    file_name: str
    area_code: str
    content: WorkbookContent


def small_group(fw) -> Submitted:
    """Three people; one skips two enablers (n = 2: withheld), one digs deeper into one enabler."""
    enablers = [e.id for e in fw.enablers]
    people = []
    for n, (sector, level, base) in enumerate(
        [(fw.sectors[0], fw.role_levels[0], 2), (fw.sectors[1], fw.role_levels[1], 3), (fw.sectors[0], None, 4)],
        start=1,
    ):
        scores = {e: min(5, base + i % 2) for i, e in enumerate(enablers)}
        if n == 3:
            scores[enablers[4]] = scores[enablers[8]] = None
        digs = {i: 2 + (k % 3) for k, i in enumerate(fw.enabler(enablers[8]).indicator_ids)} if n == 1 else {}
        people.append(ParticipantEntry(f"P{n:02d}", sector, level, scores, digs))
    area = fw.area(SMALL_GROUP_AREA)
    content = WorkbookContent(area.name, SUBSET_YEARS[-1], None, True, tuple(people))
    return Submitted(f"SYNTHETIC_{SMALL_GROUP_AREA}_small-group.xlsx", SMALL_GROUP_AREA, content)

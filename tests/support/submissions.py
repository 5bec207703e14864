"""The submissions the shared pipeline run is built from: a synthetic subset and one small group."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.assessments.model import ParticipantEntry, WorkbookContent

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


DERIVED_AREA = "E09000019"  # Islington: one enabler scored only through its indicators
DERIVED_ENABLER_INDEX = 2  # E03: nobody scores it on the enabler sheet; three people dig into it


def indicators_only(fw) -> Submitted:
    """Four people score every enabler but one, which nobody scores; three of them score that
    enabler's indicators (one only some of them), so its enabler figure is derived from theirs."""
    enablers = [e.id for e in fw.enablers]
    derived = enablers[DERIVED_ENABLER_INDEX]
    indicator_ids = list(fw.enabler(derived).indicator_ids)
    people = []
    for n in range(1, 5):
        scores = {e: 1 + (n + i) % 5 for i, e in enumerate(enablers)}
        scores[derived] = None
        if n == 1:
            digs = {i: 2 for i in indicator_ids}
        elif n == 2:
            digs = {i: 3 + k % 3 for k, i in enumerate(indicator_ids)}
        elif n == 3:
            digs = {indicator_ids[0]: 1, indicator_ids[-1]: 4}
        else:
            digs = {}
        people.append(ParticipantEntry(f"P{n:02d}", fw.sectors[n % len(fw.sectors)], None, scores, digs))
    area = fw.area(DERIVED_AREA)
    content = WorkbookContent(area.name, SUBSET_YEARS[-1], None, True, tuple(people))
    return Submitted(f"SYNTHETIC_{DERIVED_AREA}_indicators-only.xlsx", DERIVED_AREA, content)

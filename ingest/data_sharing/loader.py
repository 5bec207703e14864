"""Loading a data-sharing return: its answers, and the return it supersedes for the same area and year."""

from __future__ import annotations

from collections import Counter

import duckdb

from ingest import tables as T
from ingest.data_sharing.model import IdentifiedReturn
from ingest.kinds import Landed
from ingest.results import FileOutcome, FileStatus


def write_return(con: duckdb.DuckDBPyConnection, landed: Landed) -> FileOutcome:
    """The raw rows of one return; the caller owns the transaction."""
    read, content = landed.read, landed.accepted.content
    assert isinstance(content, IdentifiedReturn)
    identity, head = content.identity, content.questionnaire.submission
    replaced = [name for (name,) in con.execute(
        """select file_name from raw.data_sharing_returns
           where area_code = ? and assessment_year = ? and superseded_by is null""",
        [identity.area_code, identity.assessment_year],
    ).fetchall()]
    con.execute(
        """update raw.data_sharing_returns set superseded_by = ?
           where area_code = ? and assessment_year = ? and superseded_by is null""",
        [read.sha256, identity.area_code, identity.assessment_year],
    )
    T.append(con, T.DATA_SHARING_RETURNS, {
        "return_id": [read.sha256], "file_name": [read.name], "area_code": [identity.area_code],
        "assessment_year": [identity.assessment_year], "is_synthetic": [head.is_synthetic],
        "area_source": [identity.area_source], "year_source": [identity.year_source], "loaded_at": [landed.at],
    })
    answers = content.questionnaire.answers
    T.append(con, T.DATA_SHARING_ANSWERS, T.columns_of(
        answers, T.same_names("question_id", "answer", "evidence", "location"), return_id=read.sha256))
    given = Counter(a.answer for a in answers if a.answer is not None)
    detail = "data-sharing questionnaire: " + ", ".join(f"{n} {answer}" for answer, n in given.items())
    blank = sum(a.answer is None for a in answers)
    if blank:
        detail += f", {blank} unanswered"
    if replaced:
        detail = f"replaces {', '.join(replaced)}; {detail}"
    return FileOutcome(read.name, read.sha256, FileStatus.SUPERSEDED if replaced else FileStatus.ACCEPTED,
                       identity.area_code, identity.area_name, identity.assessment_year, detail)

"""How groups within a partnership rated each enabler, against the rest of the partnership.

Grain: area_code × assessment_year × enabler_id × split × group_label. Splits: `sector` (each
sector against everyone else who scored the enabler) and `role_level` (Strategic against
Operational). gap = group mean − the others' mean, with its 95 % Welch interval
(measures.welch_interval).

Disclosure (docs/measures.md): people are partitioned within each split by their answer, "not
stated" being a part too. When any part has fewer than 3 people (min_publishable_n), the whole
split is withheld for that enabler: every row's n, means and gap are null. Otherwise the partition's
total (published in enabler_maturity) minus the published parts would give the small part's mean.
A part of fewer than 3 never gets a row of its own. Only scores given on the enabler sheet count
(enablers an area scored only through indicators have no comparison).

Linked splits: sector and role level partition the same people two ways. Where both would be
published and some sector × role cell holds 1 or 2 people, differencing the two splits (with
knowledge of who sits where) could isolate that cell, so the role-level split is withheld too and
only one partition of those people is published.

The logic is measures.group_comparison.compare, over the whole frame.
"""

from framework import load_framework
from measures.group_comparison import compare


def model(dbt, session):
    dbt.config(materialized="table")
    scores = dbt.ref("int_scores_joined_to_assessments").df()
    scores = scores[scores["grain"] == "enabler"].rename(columns={"item_id": "enabler_id"})
    participants = dbt.ref("stg_raw__participants").df()
    participants["participant_key"] = participants["submission_id"] + "/" + participants["participant_id"]
    joined = scores.merge(participants[["participant_key", "sector", "role_level"]], on="participant_key", how="left")
    return compare(joined, load_framework().role_levels, min_n=int(dbt.config.get("min_publishable_n", 3)))

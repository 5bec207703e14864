"""The raw and audit tables: the warehouse's landing zone, in long form.

Raw tables are append-only except for `superseded_by`, so that every version a borough sent stays
queryable (lineage) while staging reads only current submissions.
"""

from __future__ import annotations

import duckdb

DDL = """
create schema if not exists raw;
create schema if not exists audit;

create table if not exists raw.files (
    sha256          varchar primary key,
    file_name       varchar not null,
    archive_path    varchar not null,
    size_bytes      bigint not null,
    first_seen_at   timestamp not null
);

create table if not exists raw.submissions (
    submission_id   varchar primary key,   -- the file's sha256
    file_name       varchar not null,
    reader          varchar not null,
    area_code       varchar not null,
    assessment_year integer not null,
    group_label     varchar,
    is_synthetic    boolean not null,
    area_source     varchar,                -- where the area was found ("'About'!C4", "--area")
    year_source     varchar,
    entry           varchar not null default 'workbook',  -- workbook | single | double (paper transcriptions)
    transcriber     varchar,                -- who typed up paper forms
    loaded_at       timestamp not null,
    superseded_by   varchar                 -- submission_id of the newer version, null while current
);

create table if not exists raw.participants (
    submission_id     varchar not null,
    participant_id    varchar not null,
    participant_label varchar,
    sector            varchar,
    role_level        varchar,
    primary key (submission_id, participant_id)
);

create table if not exists raw.scores (
    submission_id   varchar not null,
    participant_id  varchar not null,
    grain           varchar not null,      -- enabler | indicator
    item_id         varchar not null,      -- E01 | E01.1
    score           integer,               -- null when skipped
    is_skipped      boolean not null,
    raw_value       varchar,
    sheet           varchar not null,
    cell            varchar not null
);

-- Outcome files (Fingertips, Explore Education Statistics, generic long CSV): values as published,
-- one row per file × indicator × geography × period × breakdown; a later file's value for the same
-- key is the current one (dbt keeps every version here and picks the latest).
create table if not exists raw.outcome_files (
    file_id         varchar primary key,   -- the file's sha256
    file_name       varchar not null,
    reader          varchar not null,      -- fingertips | fingertips_metadata | ees | generic
    source          varchar not null,      -- fingertips | ees | generic
    is_synthetic    boolean not null,
    n_indicators    integer not null,
    n_values        integer not null,
    loaded_at       timestamp not null
);

create table if not exists raw.outcome_indicators (
    file_id         varchar not null,
    source          varchar not null,
    indicator_id    varchar not null,
    indicator_name  varchar not null,
    unit            varchar,
    value_type      varchar,
    polarity        varchar,                -- higher_is_better | lower_is_better | not_applicable
    definition      varchar,
    location        varchar
);

create table if not exists raw.outcome_values (
    file_id           varchar not null,
    source            varchar not null,
    indicator_id      varchar not null,
    area_code         varchar not null,
    area_name         varchar,
    geography         varchar not null,     -- local_authority | region | country | other
    period_label      varchar not null,
    period_start_year integer not null,
    period_end_year   integer not null,
    period_type       varchar not null,
    breakdown         varchar not null,     -- '' for the headline figure
    is_headline       boolean not null,
    value             double,               -- null when the publisher withheld it
    lower_ci          double,
    upper_ci          double,
    count             double,
    denominator       double,
    missing_reason    varchar,
    location          varchar not null
);

-- Data-sharing questionnaires: one return per area and year (a newer one supersedes), one row per
-- question answered or left blank.
create table if not exists raw.data_sharing_returns (
    return_id       varchar primary key,   -- the file's sha256
    file_name       varchar not null,
    area_code       varchar not null,
    assessment_year integer not null,
    is_synthetic    boolean not null,
    area_source     varchar,
    year_source     varchar,
    loaded_at       timestamp not null,
    superseded_by   varchar
);

create table if not exists raw.data_sharing_answers (
    return_id       varchar not null,
    question_id     varchar not null,
    answer          varchar,               -- one of the framework's choices; null when left blank
    evidence        varchar,
    location        varchar not null,
    primary key (return_id, question_id)
);

create table if not exists audit.file_events (
    event_at        timestamp not null,
    file_name       varchar not null,
    sha256          varchar not null,
    status          varchar not null,      -- accepted | unchanged | superseded | refused
    area_code       varchar,
    assessment_year integer,
    detail          varchar
);

create table if not exists audit.rejections (
    file_name       varchar not null,
    location        varchar not null,
    reason          varchar not null,
    sha256          varchar,
    rejected_at     timestamp not null
);
"""


def ensure_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)

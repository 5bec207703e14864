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

{#- What arrived, so an analyst knows what a figure rests on: one row per file the ingest path
    handled (every event of audit.file_events, reference files included). Each row says what
    the file was (`kind`), what the ingest said when it came (`status`, as recorded) and where it
    stands now (`standing`: a paper entry that was waiting may since have loaded; a workbook in use
    may since have been replaced). Refused files are not identified — the ingest refuses a file
    before reading who sent it — so their area is null unless the ingest recorded one.
    Nothing here names a place on the receiving machine (no archive or quarantine path; details
    and reasons pass through without_directories in staging), and no participant is named. -#}
with

events as (
    select * from {{ ref('stg_audit__file_events') }}
),

rejections as (
    select * from {{ ref('stg_audit__rejections') }}
),

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
),

participants as (
    select submission_id, count(*) as n_participants
    from {{ ref('stg_raw__participants') }}
    group by submission_id
),

transcriptions as (
    select * from {{ ref('stg_raw__transcriptions') }}
),

forms as (
    select file_sha256, count(*) as n_forms
    from {{ ref('stg_raw__transcribed_forms') }}
    group by file_sha256
),

returns as (
    select * from {{ ref('stg_raw__data_sharing_returns') }}
),

outcome_files as (
    select * from {{ ref('stg_raw__outcome_files') }}
),

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

-- One line per refused file: every problem as "location: reason", in a stable order.
reasons as (
    select
        file_name,
        rejected_at,
        min(file_sha256) as file_sha256,
        count(*) as n_reasons,
        string_agg(location || ': ' || reason, '; ' order by location, reason) as reasons
    from rejections
    group by file_name, rejected_at
),

reference_files as (
    select * from {{ ref('stg_raw__reference_files') }}
),

arrivals as (
    select received_at, file_name, file_sha256, status, area_code, assessment_year, detail, file_kind
    from events
),

described as (
    select
        arrivals.*,
        transcriptions.entry,
        transcriptions.transcription_status,
        -- a paper entry's values load under the submission of the entry that completed the pair
        coalesce(submissions.submission_id, loaded.submission_id) as submission_id,
        coalesce(submissions.superseded_by_submission_id, loaded.superseded_by_submission_id)
            as superseded_by_submission_id,
        coalesce(submissions.area_code, loaded.area_code, transcriptions.area_code, returns.area_code)
            as identified_area_code,
        coalesce(submissions.assessment_year, loaded.assessment_year, transcriptions.assessment_year,
                 returns.assessment_year) as identified_year,
        coalesce(submissions.group_label, loaded.group_label, transcriptions.group_label) as group_label,
        transcriptions.superseded_by_sha256,
        returns.return_id,
        returns.superseded_by_return_id,
        outcome_files.file_id as outcome_file_id,
        reference_files.file_id as reference_file_id,
        reference_files.superseded_by_file_id as superseded_by_reference_file_id,
        outcome_files.source as outcome_source,
        outcome_files.n_indicators,
        outcome_files.n_values,
        forms.n_forms,
        coalesce(submissions.is_synthetic, loaded.is_synthetic, transcriptions.is_synthetic,
                 returns.is_synthetic, outcome_files.is_synthetic, reference_files.is_synthetic)
            as recorded_is_synthetic
    from arrivals
    left join transcriptions on transcriptions.file_sha256 = arrivals.file_sha256
    left join submissions on submissions.submission_id = arrivals.file_sha256
    left join submissions as loaded on loaded.submission_id = transcriptions.loaded_as_submission_id
    left join returns on returns.return_id = arrivals.file_sha256
    left join outcome_files on outcome_files.file_id = arrivals.file_sha256
    left join reference_files on reference_files.file_id = arrivals.file_sha256
    left join forms on forms.file_sha256 = arrivals.file_sha256
),

classified as (
    select
        described.received_at,
        described.file_name,
        described.file_sha256,
        case
            when described.reference_file_id is not null or described.file_kind in ('statistical_neighbours', 'icb_lookup')
                then 'reference file'
            when described.entry = 'resolution' then 'paper resolution'
            when described.entry is not null then 'paper entry'
            when described.submission_id is not null then 'assessment workbook'
            when described.return_id is not null then 'data-sharing return'
            when described.outcome_file_id is not null then 'outcome file'
            else 'not identified'
        end as kind,
        described.status,
        case
            when described.status = 'refused' then 'refused'
            when described.status = 'unchanged' then 'duplicate'
            when described.transcription_status = 'pending' then 'waiting'
            when described.transcription_status = 'compared' then 'held'
            when described.transcription_status = 'applied' then 'applied'
            when described.transcription_status = 'superseded' then 'replaced'
            when described.submission_id is not null
                then case when described.superseded_by_submission_id is null then 'in use' else 'replaced' end
            when described.return_id is not null
                then case when described.superseded_by_return_id is null then 'in use' else 'replaced' end
            when described.outcome_file_id is not null then 'loaded'
            when described.reference_file_id is not null
                then case when described.superseded_by_reference_file_id is null then 'in use' else 'replaced' end
        end as standing,
        coalesce(newer_submission.file_name, newer_return.file_name, newer_entry.file_name, newer_reference.file_name)
            as newer_file_name,
        coalesce(described.area_code, described.identified_area_code) as area_code,
        areas.area_name,
        coalesce(described.assessment_year, described.identified_year) as assessment_year,
        described.group_label,
        case
            when described.status = 'refused' then null
            else coalesce(participants.n_participants, described.n_forms)
        end as n_participants,
        described.outcome_source,
        described.n_indicators,
        described.n_values,
        described.detail,
        coalesce(reasons.n_reasons, 0) as n_reasons,
        reasons.reasons,
        coalesce(described.recorded_is_synthetic, starts_with(upper(described.file_name), 'SYNTHETIC')) as is_synthetic
    from described
    left join areas on areas.area_code = coalesce(described.area_code, described.identified_area_code)
    left join participants on participants.submission_id = described.submission_id
    left join reasons
        on reasons.file_name = described.file_name and reasons.rejected_at = described.received_at
    left join submissions as newer_submission
        on newer_submission.submission_id = described.superseded_by_submission_id
    left join returns as newer_return on newer_return.return_id = described.superseded_by_return_id
    left join transcriptions as newer_entry on newer_entry.file_sha256 = described.superseded_by_sha256
    left join reference_files as newer_reference
        on newer_reference.file_id = described.superseded_by_reference_file_id
),

-- A copy of a replaced file is a duplicate, not itself replaced: only a replaced file names its successor.
final as (
    select
        received_at, file_name, file_sha256, kind, status, standing,
        case when standing = 'replaced' then newer_file_name end as replaced_by_file_name,
        area_code, area_name, assessment_year, group_label, n_participants, outcome_source, n_indicators,
        n_values, detail, n_reasons, reasons, is_synthetic
    from classified
)

select * from final

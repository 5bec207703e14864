with

source as (
    select * from {{ source('raw', 'transcriptions') }}
),

renamed as (
    select
        cast(sha256 as varchar) as file_sha256,
        cast(file_name as varchar) as file_name,
        cast(area_code as varchar) as area_code,
        cast(assessment_year as integer) as assessment_year,
        cast(group_label as varchar) as group_label,
        cast(entry as varchar) as entry,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(received_at as timestamp) as received_at,
        cast(status as varchar) as transcription_status,
        cast(loaded_as as varchar) as loaded_as_submission_id,
        cast(superseded_by as varchar) as superseded_by_sha256
    from source
)

select * from renamed

with

source as (
    select * from {{ source('raw', 'submissions') }}
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(file_name as varchar) as file_name,
        cast(reader as varchar) as reader_name,
        cast(area_code as varchar) as area_code,
        cast(assessment_year as integer) as assessment_year,
        cast(group_label as varchar) as group_label,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(loaded_at as timestamp) as loaded_at,
        cast(superseded_by as varchar) as superseded_by_submission_id
    from source
)

select * from renamed

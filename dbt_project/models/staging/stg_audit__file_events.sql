with

source as (
    select * from {{ source('audit', 'file_events') }}
),

renamed as (
    select
        cast(event_at as timestamp) as received_at,
        cast(file_name as varchar) as file_name,
        cast(nullif(sha256, '') as varchar) as file_sha256,
        cast(status as varchar) as status,
        cast(area_code as varchar) as area_code,
        cast(assessment_year as integer) as assessment_year,
        cast(file_kind as varchar) as file_kind,
        {{ without_directories('cast(detail as varchar)') }} as detail
    from source
)

select * from renamed

with

source as (
    select * from {{ source('raw', 'data_sharing_returns') }}
),

renamed as (
    select
        cast(return_id as varchar) as return_id,
        cast(file_name as varchar) as file_name,
        cast(area_code as varchar) as area_code,
        cast(assessment_year as integer) as assessment_year,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(loaded_at as timestamp) as loaded_at,
        cast(superseded_by as varchar) as superseded_by_return_id
    from source
)

select * from renamed

with

source as (
    select * from {{ source('audit', 'rejections') }}
),

renamed as (
    select
        cast(file_name as varchar) as file_name,
        cast(location as varchar) as location,
        {{ without_directories('cast(reason as varchar)') }} as reason,
        cast(nullif(sha256, '') as varchar) as file_sha256,
        cast(rejected_at as timestamp) as rejected_at
    from source
)

select * from renamed

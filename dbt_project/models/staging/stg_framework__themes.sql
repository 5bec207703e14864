with

source as (
    select * from {{ source('framework', 'themes') }}
),

renamed as (
    select
        cast(theme_id as varchar) as theme_id,
        cast(theme_order as integer) as theme_order,
        cast(theme_name as varchar) as theme_name
    from source
)

select * from renamed

with

source as (
    select * from {{ source('framework', 'indicators') }}
),

renamed as (
    select
        cast(indicator_id as varchar) as indicator_id,
        cast(enabler_id as varchar) as enabler_id,
        cast(indicator_order as integer) as indicator_order,
        cast(indicator_text as varchar) as indicator_text
    from source
)

select * from renamed

with

source as (
    select * from {{ source('framework', 'area_icbs') }}
),

renamed as (
    select
        cast(area_code as varchar) as area_code,
        cast(icb_code as varchar) as icb_code,
        cast(icb_name as varchar) as icb_name,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to
    from source
)

select * from renamed

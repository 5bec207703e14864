with

source as (
    select * from {{ source('framework', 'areas') }}
),

renamed as (
    select
        cast(area_code as varchar) as area_code,
        cast(area_name as varchar) as area_name,
        cast(dfe_code as varchar) as dfe_code,
        cast(region_code as varchar) as region_code,
        cast(region_name as varchar) as region_name,
        cast(inner_outer as varchar) as inner_outer,
        cast(first_year as integer) as first_year,
        cast(last_year as integer) as last_year
    from source
)

select * from renamed

with

source as (
    select * from {{ source('framework', 'areas') }}
),

renamed as (
    select
        cast(area_code as varchar) as area_code,
        cast(area_name as varchar) as area_name,
        cast(dfe_code as varchar) as dfe_code,
        cast(inner_outer as varchar) as inner_outer
    from source
)

select * from renamed

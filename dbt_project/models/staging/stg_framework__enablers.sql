with

source as (
    select * from {{ source('framework', 'enablers') }}
),

renamed as (
    select
        cast(enabler_id as varchar) as enabler_id,
        cast(enabler_order as integer) as enabler_order,
        cast(theme_id as varchar) as theme_id,
        cast(enabler_name as varchar) as enabler_name,
        cast(statement as varchar) as enabler_statement
    from source
)

select * from renamed

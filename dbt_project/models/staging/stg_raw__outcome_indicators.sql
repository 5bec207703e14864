with

source as (
    select * from {{ source('raw', 'outcome_indicators') }}
),

renamed as (
    select
        cast(file_id as varchar) as file_id,
        cast(source as varchar) as source,
        cast(indicator_id as varchar) as indicator_id,
        cast(indicator_name as varchar) as indicator_name,
        cast(unit as varchar) as unit,
        cast(value_type as varchar) as value_type,
        cast(polarity as varchar) as polarity,
        cast(definition as varchar) as definition,
        cast(location as varchar) as location
    from source
)

select * from renamed

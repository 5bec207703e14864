with

source as (
    select * from {{ source('framework', 'integration_models') }}
),

renamed as (
    select
        cast(model_id as varchar) as model_id,
        cast(model_order as integer) as model_order,
        cast(model_name as varchar) as model_name,
        cast(description as varchar) as model_description
    from source
)

select * from renamed

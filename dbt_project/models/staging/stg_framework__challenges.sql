with

source as (
    select * from {{ source('framework', 'challenges') }}
),

renamed as (
    select
        cast(challenge_id as varchar) as challenge_id,
        cast(challenge_order as integer) as challenge_order,
        cast(challenge_name as varchar) as challenge_name,
        cast(description as varchar) as challenge_description
    from source
)

select * from renamed

with

source as (
    select * from {{ source('framework', 'challenge_statuses') }}
),

renamed as (
    select
        cast(status_id as varchar) as status_id,
        cast(status_order as integer) as status_order,
        cast(status_label as varchar) as status_label
    from source
)

select * from renamed

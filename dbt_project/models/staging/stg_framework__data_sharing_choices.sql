with

source as (
    select * from {{ source('framework', 'data_sharing_choices') }}
),

renamed as (
    select
        cast(answer as varchar) as answer,
        cast(answer_order as integer) as answer_order,
        cast(answer_score as double) as answer_score,
        cast(meaning as varchar) as meaning
    from source
)

select * from renamed

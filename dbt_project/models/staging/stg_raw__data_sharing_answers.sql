with

source as (
    select * from {{ source('raw', 'data_sharing_answers') }}
),

renamed as (
    select
        cast(return_id as varchar) as return_id,
        cast(question_id as varchar) as question_id,
        cast(answer as varchar) as answer,
        cast(evidence as varchar) as evidence,
        cast(location as varchar) as location
    from source
)

select * from renamed

with

source as (
    select * from {{ source('framework', 'data_sharing_questions') }}
),

renamed as (
    select
        cast(question_id as varchar) as question_id,
        cast(question_order as integer) as question_order,
        cast(section as varchar) as section,
        cast(question_text as varchar) as question_text,
        cast(source as varchar) as question_source,
        cast(linked_enabler_id as varchar) as linked_enabler_id,
        cast(linked_indicator_id as varchar) as linked_indicator_id
    from source
)

select * from renamed

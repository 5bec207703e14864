with

source as (
    select * from {{ source('raw', 'participants') }}
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(participant_id as varchar) as participant_id,
        cast(participant_label as varchar) as participant_label,
        cast(sector as varchar) as sector,
        cast(role_level as varchar) as role_level,
        cast(organisation as varchar) as organisation,
        cast(role_text as varchar) as role_text
    from source
)

select * from renamed

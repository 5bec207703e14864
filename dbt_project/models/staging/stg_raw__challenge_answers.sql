{#- One of the six common challenges as a submission answered it: every version, as staging keeps
    raw's rows one to one (the marts keep current submissions' rows only, through
    int_current_submissions). -#}
with

source as (
    select * from {{ source('raw', 'challenge_answers') }}
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(challenge_id as varchar) as challenge_id,
        cast(status as varchar) as status,
        cast(status_text as varchar) as status_text,
        cast(within_gift as varchar) as within_gift,
        cast(location as varchar) as location
    from source
)

select * from renamed

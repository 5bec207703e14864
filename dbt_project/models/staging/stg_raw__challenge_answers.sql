{#- One of the six common challenges as a submission answered it: rows of current submissions only (a
    superseded submission's narrative is superseded with it, as its scores are). -#}
with

source as (
    select * from {{ source('raw', 'challenge_answers') }}
),

current_submissions as (
    select submission_id from {{ ref('stg_raw__submissions') }}
    where superseded_by_submission_id is null
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
    where submission_id in (select submission_id from current_submissions)
)

select * from renamed

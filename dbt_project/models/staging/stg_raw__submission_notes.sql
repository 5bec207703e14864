{#- Text a submission holds that no section could place, kept rather than dropped: rows of current
    submissions only (a superseded submission's narrative is superseded with it, as its scores are). -#}
with

source as (
    select * from {{ source('raw', 'submission_notes') }}
),

current_submissions as (
    select submission_id from {{ ref('stg_raw__submissions') }}
    where superseded_by_submission_id is null
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(location as varchar) as location,
        cast(text as varchar) as text,
        cast(reason as varchar) as reason
    from source
    where submission_id in (select submission_id from current_submissions)
)

select * from renamed

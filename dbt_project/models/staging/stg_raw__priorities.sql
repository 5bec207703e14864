{#- A priority for action as a submission wrote it: rows of current submissions only (a superseded
    submission's narrative is superseded with it, as its scores are). -#}
with

source as (
    select * from {{ source('raw', 'priorities') }}
),

current_submissions as (
    select submission_id from {{ ref('stg_raw__submissions') }}
    where superseded_by_submission_id is null
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(priority_no as integer) as priority_no,
        cast(text as varchar) as text,
        cast(enabler_ids as varchar[]) as enabler_ids,
        cast(enablers_text as varchar) as enablers_text,
        cast(owner_role as varchar) as owner_role,
        cast(review_date as date) as review_date,
        cast(review_date_text as varchar) as review_date_text,
        cast(location as varchar) as location
    from source
    where submission_id in (select submission_id from current_submissions)
)

select * from renamed

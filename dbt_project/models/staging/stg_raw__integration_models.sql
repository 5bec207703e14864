{#- Where a submission sees its partnership on the spectrum of integration, today and aimed for, overall
    or per theme: rows of current submissions only (a superseded submission's narrative is superseded
    with it, as its scores are). -#}
with

source as (
    select * from {{ source('raw', 'integration_models') }}
),

current_submissions as (
    select submission_id from {{ ref('stg_raw__submissions') }}
    where superseded_by_submission_id is null
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(scope as varchar) as scope,
        cast(current_model as varchar) as current_model,
        cast(aspired_model as varchar) as aspired_model,
        cast(current_text as varchar) as current_text,
        cast(aspired_text as varchar) as aspired_text,
        cast(location as varchar) as location
    from source
    where submission_id in (select submission_id from current_submissions)
)

select * from renamed

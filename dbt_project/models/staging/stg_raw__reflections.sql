{#- A theme's reflection (key areas where progress is needed) or an enabler's evidence (what is working
    well), as written: rows of current submissions only (a superseded submission's narrative is
    superseded with it, as its scores are). -#}
with

source as (
    select * from {{ source('raw', 'reflections') }}
),

current_submissions as (
    select submission_id from {{ ref('stg_raw__submissions') }}
    where superseded_by_submission_id is null
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(level as varchar) as level,
        cast(item_id as varchar) as item_id,
        cast(kind as varchar) as kind,
        cast(text as varchar) as text,
        cast(location as varchar) as location
    from source
    where submission_id in (select submission_id from current_submissions)
)

select * from renamed

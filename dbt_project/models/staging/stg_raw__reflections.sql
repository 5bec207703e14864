{#- A theme's reflection (key areas where progress is needed) or an enabler's evidence (what is working
    well), as written: every version, as staging keeps raw's rows one to one (the marts keep current
    submissions' rows only, through int_current_submissions). -#}
with

source as (
    select * from {{ source('raw', 'reflections') }}
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
)

select * from renamed

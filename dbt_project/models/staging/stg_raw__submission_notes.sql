{#- Text a submission holds that no section could place, kept rather than dropped: every version, as staging keeps raw's rows one to one (the marts keep current submissions'
    rows only, through int_current_submissions). -#}
with

source as (
    select * from {{ source('raw', 'submission_notes') }}
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(location as varchar) as location,
        cast(text as varchar) as text,
        cast(reason as varchar) as reason
    from source
)

select * from renamed

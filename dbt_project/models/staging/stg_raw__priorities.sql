{#- A priority for action as a submission wrote it: every version, as staging keeps raw's rows one to one (the marts keep current submissions'
    rows only, through int_current_submissions). -#}
with

source as (
    select * from {{ source('raw', 'priorities') }}
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
)

select * from renamed

{#- Where a submission sees its partnership on the spectrum of integration, today and aimed for, overall
    or per theme: every version, as staging keeps raw's rows one to one (the marts keep current submissions'
    rows only, through int_current_submissions). -#}
with

source as (
    select * from {{ source('raw', 'integration_models') }}
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
)

select * from renamed

with

source as (
    select * from {{ source('raw', 'transcribed_forms') }}
),

renamed as (
    select
        cast(sha256 as varchar) as file_sha256,
        cast(form_id as varchar) as form_id
    from source
)

select * from renamed

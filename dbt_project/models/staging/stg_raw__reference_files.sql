with

source as (
    select * from {{ source('raw', 'reference_files') }}
),

renamed as (
    select
        cast(file_id as varchar) as file_id,
        cast(file_name as varchar) as file_name,
        cast(kind as varchar) as reference_kind,
        cast(n_rows as integer) as n_rows,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(loaded_at as timestamp) as loaded_at,
        cast(superseded_by as varchar) as superseded_by_file_id
    from source
)

select * from renamed

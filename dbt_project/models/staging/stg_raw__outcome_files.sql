with

source as (
    select * from {{ source('raw', 'outcome_files') }}
),

renamed as (
    select
        cast(file_id as varchar) as file_id,
        cast(file_name as varchar) as file_name,
        cast(reader as varchar) as reader_name,
        cast(source as varchar) as source,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(n_indicators as integer) as n_indicators,
        cast(n_values as integer) as n_values,
        cast(loaded_at as timestamp) as loaded_at
    from source
)

select * from renamed

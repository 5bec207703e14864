with

source as (
    select * from {{ source('raw', 'scores') }}
),

renamed as (
    select
        cast(submission_id as varchar) as submission_id,
        cast(participant_id as varchar) as participant_id,
        cast(grain as varchar) as grain,
        cast(item_id as varchar) as item_id,
        cast(score as integer) as score,
        cast(is_skipped as boolean) as is_skipped,
        cast(sheet as varchar) as source_sheet,
        cast(cell as varchar) as source_cell
    from source
)

select * from renamed

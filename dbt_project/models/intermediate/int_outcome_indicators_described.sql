{#- One description per indicator. A metadata file (Fingertips' indicator definitions) is the
    authority on name, unit and polarity; a data file's own indicator name fills the gaps; a later
    file of the same kind wins over an earlier one; within one time, the file id and the row's place
    decide, so the same files always give the same description. -#}
with

descriptions as (
    select * from {{ ref('stg_raw__outcome_indicators') }}
),

files as (
    select * from {{ ref('stg_raw__outcome_files') }}
),

ranked as (
    select
        descriptions.*,
        files.loaded_at,
        case when files.reader_name = 'fingertips_metadata' then 0 else 1 end as authority
    from descriptions
    inner join files on files.file_id = descriptions.file_id
),

final as (
    select
        source,
        indicator_id,
        first(indicator_name order by authority, loaded_at desc, file_id, location) as indicator_name,
        first(unit order by authority, loaded_at desc, file_id, location) filter (where unit is not null) as unit,
        first(value_type order by authority, loaded_at desc, file_id, location) filter (where value_type is not null) as value_type,
        first(polarity order by authority, loaded_at desc, file_id, location) filter (where polarity is not null) as polarity,
        first(definition order by authority, loaded_at desc, file_id, location) filter (where definition is not null) as definition
    from ranked
    group by source, indicator_id
)

select * from final

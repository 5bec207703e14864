{#- One current value per source, indicator, geography, period and breakdown: when files overlap
    (a newer Fingertips download revises last year's figures), the latest loaded file's value is
    the current one. Every version stays in raw.outcome_values. Geography is part of the key (as in
    ingest.outcomes.loader.VALUE_KEY): EES gives a borough's code at both Local authority and Local
    authority district level, with different figures, and one must never replace the other. -#}
with

outcome_values as (
    select * from {{ ref('stg_raw__outcome_values') }}
),

files as (
    select * from {{ ref('stg_raw__outcome_files') }}
),

ranked as (
    select
        outcome_values.*,
        files.file_name,
        files.loaded_at,
        files.is_synthetic,
        row_number() over (
            partition by outcome_values.source, outcome_values.indicator_id, outcome_values.area_code,
                outcome_values.geography, outcome_values.period_label, outcome_values.breakdown
            order by files.loaded_at desc, outcome_values.location, files.file_id
        ) as version_rank
    from outcome_values
    inner join files on files.file_id = outcome_values.file_id
),

final as (
    select * exclude (version_rank)
    from ranked
    where version_rank = 1
)

select * from final

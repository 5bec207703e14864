{#- Outcome figures for the framework's areas (every authority in England), beside the area's region's
    and England's figure for the same indicator, period and breakdown where the file published one.
    Other geographies (regions, England, districts) are benchmarks only: see outcome_benchmarks. Only rows read
    as the local authority count: a row at another level under a borough's code (EES Local authority
    district) is never the borough's figure. -#}
with

current_values as (
    select * from {{ ref('int_outcome_values_deduplicated') }}
),

indicators as (
    select * from {{ ref('int_outcome_indicators_described') }}
),

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

benchmark_values as (
    select source, indicator_id, period_label, breakdown, area_code, value
    from current_values
    where geography in ('region', 'country')
),

final as (
    select
        current_values.area_code,
        areas.area_name,
        areas.region_code,
        areas.region_name,
        current_values.source,
        current_values.indicator_id,
        indicators.indicator_name,
        indicators.unit,
        indicators.polarity,
        current_values.period_label,
        current_values.period_start_year,
        current_values.period_end_year,
        current_values.period_type,
        current_values.breakdown,
        current_values.is_headline,
        current_values.value,
        current_values.lower_ci,
        current_values.upper_ci,
        current_values.count,
        current_values.denominator,
        current_values.missing_reason,
        region.value as region_value,
        england.value as england_value,
        current_values.file_name,
        current_values.location,
        current_values.is_synthetic
    from current_values
    inner join areas
        on areas.area_code = current_values.area_code and current_values.geography = 'local_authority'
    inner join indicators
        on indicators.source = current_values.source and indicators.indicator_id = current_values.indicator_id
    left join benchmark_values as region
        on region.area_code = areas.region_code
        and region.source = current_values.source and region.indicator_id = current_values.indicator_id
        and region.period_label = current_values.period_label and region.breakdown = current_values.breakdown
    left join benchmark_values as england
        on england.area_code = '{{ var("england_code") }}'
        and england.source = current_values.source and england.indicator_id = current_values.indicator_id
        and england.period_label = current_values.period_label and england.breakdown = current_values.breakdown
)

select * from final

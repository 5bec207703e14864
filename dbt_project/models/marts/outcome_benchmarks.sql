{#- Every published outcome figure that is not one of the framework's areas (England's upper-tier
    authorities): England, regions, districts and any other geography. Kept so that an area's
    figure can be read against any of them; never treated as an area. -#}
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

final as (
    select
        current_values.area_code,
        current_values.published_area_name as area_name,
        current_values.geography,
        current_values.source,
        current_values.indicator_id,
        indicators.indicator_name,
        indicators.unit,
        current_values.period_label,
        current_values.period_start_year,
        current_values.period_type,
        current_values.breakdown,
        current_values.is_headline,
        current_values.value,
        current_values.lower_ci,
        current_values.upper_ci,
        current_values.missing_reason,
        current_values.is_synthetic
    from current_values
    inner join indicators
        on indicators.source = current_values.source and indicators.indicator_id = current_values.indicator_id
    where current_values.area_code not in (select area_code from areas)
)

select * from final

{#- Each area and assessment year's maturity (overall, each theme, each enabler) beside each
    outcome's headline figure at lags 0, 1 and 2: the annual period that starts in the assessment
    year plus the lag (docs/outcomes.md, "Periods and alignment"). Pooled multi-year, quarterly and
    monthly periods are never aligned. Withheld maturity stays withheld here (maturity_mean null). -#}
with

overall as (
    select area_code, area_name, assessment_year, 'overall' as level, 'overall' as item_id,
        mean_score, n_scores as maturity_n_scores, is_suppressed, is_synthetic
    from {{ ref('area_maturity') }}
),

themes as (
    select area_code, area_name, assessment_year, 'theme' as level, theme_id as item_id,
        mean_score, n_scores as maturity_n_scores, is_suppressed, is_synthetic
    from {{ ref('theme_maturity') }}
),

enablers as (
    select area_code, area_name, assessment_year, 'enabler' as level, enabler_id as item_id,
        mean_score, n_scores as maturity_n_scores, is_suppressed, is_synthetic
    from {{ ref('enabler_maturity') }}
),

maturity as (
    select * from overall
    union all
    select * from themes
    union all
    select * from enablers
),

lags as (
    select unnest({{ var('outcome_lags') }}) as lag
),

aligned_outcomes as (
    select * from {{ ref('outcomes') }}
    where is_headline
      and period_type in ('{{ var("aligned_period_types") | join("', '") }}')
),

joined as (
    select
        maturity.area_code,
        maturity.area_name,
        maturity.assessment_year,
        maturity.level,
        maturity.item_id,
        maturity.mean_score as maturity_mean,
        maturity.maturity_n_scores,
        maturity.is_suppressed as maturity_is_suppressed,
        aligned_outcomes.source,
        aligned_outcomes.indicator_id,
        aligned_outcomes.indicator_name,
        aligned_outcomes.unit,
        aligned_outcomes.polarity,
        lags.lag,
        aligned_outcomes.period_label,
        aligned_outcomes.period_start_year,
        aligned_outcomes.period_type,
        aligned_outcomes.value as outcome_value,
        aligned_outcomes.missing_reason as outcome_missing_reason,
        aligned_outcomes.region_code,
        aligned_outcomes.region_value,
        aligned_outcomes.england_value,
        maturity.is_synthetic or aligned_outcomes.is_synthetic as is_synthetic,
        row_number() over (
            partition by maturity.area_code, maturity.assessment_year, maturity.level, maturity.item_id,
                aligned_outcomes.source, aligned_outcomes.indicator_id, lags.lag
            order by aligned_outcomes.period_type, aligned_outcomes.period_label, aligned_outcomes.breakdown
        ) as period_rank
    from maturity
    cross join lags
    inner join aligned_outcomes
        on aligned_outcomes.area_code = maturity.area_code
        and aligned_outcomes.period_start_year = maturity.assessment_year + lags.lag
),

final as (
    select * exclude (period_rank)
    from joined
    where period_rank = 1
)

select * from final

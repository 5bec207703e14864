with

summaries as (
    select * from {{ ref('int_item_scores_summarised') }}
    where grain = 'indicator' and n_scores >= 1
),

indicators as (
    select * from {{ ref('stg_framework__indicators') }}
),

enablers as (
    select * from {{ ref('stg_framework__enablers') }}
),

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

final as (
    select
        summaries.area_code,
        areas.area_name,
        summaries.assessment_year,
        enablers.theme_id,
        indicators.enabler_id,
        summaries.item_id as indicator_id,
        indicators.indicator_order,
        indicators.indicator_text,
        summaries.n_scores,
        summaries.n_skipped,
        summaries.mean_score,
        summaries.median_score,
        summaries.sd_score,
        summaries.min_score,
        summaries.max_score,
        summaries.count_1,
        summaries.count_2,
        summaries.count_3,
        summaries.count_4,
        summaries.count_5,
        summaries.mean_ci_low,
        summaries.mean_ci_high,
        summaries.is_ci_clipped,
        summaries.agreement,
        summaries.consensus,
        summaries.is_low,
        summaries.is_polarised,
        summaries.dig_deeper,
        summaries.n_submissions,
        summaries.is_small_group,
        summaries.is_suppressed,
        summaries.is_synthetic
    from summaries
    inner join indicators on indicators.indicator_id = summaries.item_id
    inner join enablers on enablers.enabler_id = indicators.enabler_id
    inner join areas on areas.area_code = summaries.area_code
)

select * from final

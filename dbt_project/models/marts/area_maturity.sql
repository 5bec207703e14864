{#- Overall maturity per area and year: built from each participant's overall score (the mean of all
    the enabler scores they gave). Summarised and withheld (groups under
    min_publishable_n) by int_item_scores_summarised, like every other level. -#}
with

summaries as (
    select * from {{ ref('int_item_scores_summarised') }}
    where grain = 'overall'
),

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

final as (
    select
        summaries.area_code,
        areas.area_name,
        summaries.assessment_year,
        summaries.n_scores,
        summaries.mean_score,
        summaries.median_score,
        summaries.sd_score,
        summaries.min_score,
        summaries.max_score,
        summaries.mean_ci_low,
        summaries.mean_ci_high,
        summaries.is_small_group,
        summaries.is_suppressed,
        summaries.is_synthetic
    from summaries
    inner join areas on areas.area_code = summaries.area_code
)

select * from final

{#- The one implementation of the descriptive statistics of a group's scores on an item, shared by
    the enabler and indicator marts. Statistics of groups smaller than min_publishable_n are withheld
    here, so no mart can show them. -#}
with

scores as (
    select * from {{ ref('int_scores_joined_to_assessments') }}
),

summarised as (
    select
        area_code,
        assessment_year,
        grain,
        item_id,
        count(score) as n_scores,
        count(*) filter (where is_skipped) as n_skipped,
        count(distinct submission_id) as n_submissions,
        avg(score) as mean_score_all,
        median(score) as median_score_all,
        stddev_samp(score) as sd_score_all,
        min(score) as min_score_all,
        max(score) as max_score_all,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by area_code, assessment_year, grain, item_id
),

published as (
    select
        area_code,
        assessment_year,
        grain,
        item_id,
        n_scores,
        n_skipped,
        n_submissions,
        {{ publishable('mean_score_all', 'n_scores') }} as mean_score,
        {{ publishable('cast(median_score_all as double)', 'n_scores') }} as median_score,
        {{ publishable('sd_score_all', 'n_scores') }} as sd_score,
        {{ publishable('cast(min_score_all as double)', 'n_scores') }} as min_score,
        {{ publishable('cast(max_score_all as double)', 'n_scores') }} as max_score,
        n_scores < {{ var('small_group_n') }} as is_small_group,
        n_scores < {{ var('min_publishable_n') }} as is_suppressed,
        is_synthetic
    from summarised
)

select * from published

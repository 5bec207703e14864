{#- The one implementation of the descriptive statistics of a group's scores on an item (enabler,
    indicator, theme or overall), shared by every maturity mart, joined to the measures computed by the `measures` package
    (int_item_scores_measured: mean, standard deviation, counts, interval, agreement, consensus, flags;
    the mean and sd come from there because they are computed exactly, independent of row order). Every statistic and
    measure of a group smaller than min_publishable_n is withheld here, so no mart can show it.
    Derived enabler rows (is_derived) summarise each person's mean of their indicator scores. -#}
with

scores as (
    select * from {{ ref('int_item_scores') }}
),

measured as (
    select * from {{ ref('int_item_scores_measured') }}
),

summarised as (
    select
        area_code,
        assessment_year,
        grain,
        item_id,
        bool_or(is_derived) as is_derived,
        count(score) as n_scores,
        count(*) filter (where is_skipped) as n_skipped,
        count(distinct submission_id) as n_submissions,
        median(score) as median_score_all,
        min(score) as min_score_all,
        max(score) as max_score_all,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by area_code, assessment_year, grain, item_id
),

published as (
    select
        summarised.area_code,
        summarised.assessment_year,
        summarised.grain,
        summarised.item_id,
        summarised.is_derived,
        n_scores,
        n_skipped,
        n_submissions,
        {{ publishable('measured.ci_mean', 'n_scores') }} as mean_score,
        {{ publishable('cast(median_score_all as double)', 'n_scores') }} as median_score,
        {{ publishable('measured.sd', 'n_scores') }} as sd_score,
        {{ publishable('cast(min_score_all as double)', 'n_scores') }} as min_score,
        {{ publishable('cast(max_score_all as double)', 'n_scores') }} as max_score,
        {%- for score in range(1, 6) %}
        {{ publishable('measured.count_' ~ score, 'n_scores') }} as count_{{ score }},
        {%- endfor %}
        {{ publishable('measured.ci_low', 'n_scores') }} as mean_ci_low,
        {{ publishable('measured.ci_high', 'n_scores') }} as mean_ci_high,
        {{ publishable('measured.ci_clipped', 'n_scores') }} as is_ci_clipped,
        {{ publishable('measured.agreement', 'n_scores') }} as agreement,
        {{ publishable('measured.consensus', 'n_scores') }} as consensus,
        {{ publishable('measured.is_low', 'n_scores') }} as is_low,
        {{ publishable('measured.is_polarised', 'n_scores') }} as is_polarised,
        {{ publishable('measured.dig_deeper', 'n_scores') }} as dig_deeper,
        n_scores < {{ var('small_group_n') }} as is_small_group,
        n_scores < {{ var('min_publishable_n') }} as is_suppressed,
        summarised.is_synthetic
    from summarised
    left join measured
        on measured.area_code = summarised.area_code
        and measured.assessment_year = summarised.assessment_year
        and measured.grain = summarised.grain
        and measured.item_id = summarised.item_id
)

select * from published

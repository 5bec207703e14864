{#- Derived enabler scores, for enablers that an assessment scored only through their indicators.

    When an area-year has indicator ("dig deeper") scores under an enabler but nobody gave that
    enabler a score on the enabler sheet, each person who scored at least one of its indicators gets
    a derived enabler score: the mean of their own indicator scores under it. The enabler's figure is
    then summarised over those people (see int_item_scores_summarised), and marked is_derived. A
    derived score is a person's mean, not a whole 1–5 score, so counts, agreement and consensus are
    not computed for derived rows. -#}
with

scores as (
    select * from {{ ref('int_scores_joined_to_assessments') }}
),

indicators as (
    select * from {{ ref('stg_framework__indicators') }}
),

scored_at_enabler_grain as (
    select distinct area_code, assessment_year, item_id as enabler_id
    from scores
    where grain = 'enabler' and score is not null
),

indicator_scores as (
    select scores.*, indicators.enabler_id
    from scores
    inner join indicators on indicators.indicator_id = scores.item_id
    where scores.grain = 'indicator' and scores.score is not null
),

derived as (
    select
        indicator_scores.area_code,
        indicator_scores.assessment_year,
        indicator_scores.enabler_id as item_id,
        indicator_scores.submission_id,
        indicator_scores.participant_key,
        avg(indicator_scores.score) as score,
        count(*) as n_indicator_scores,
        bool_or(indicator_scores.is_synthetic) as is_synthetic
    from indicator_scores
    anti join scored_at_enabler_grain
        on scored_at_enabler_grain.area_code = indicator_scores.area_code
        and scored_at_enabler_grain.assessment_year = indicator_scores.assessment_year
        and scored_at_enabler_grain.enabler_id = indicator_scores.enabler_id
    group by all
)

select * from derived

{#- Every score each item's statistics rest on, one row per person and item: the scores from current
    submissions, and for enablers an assessment scored only through their indicators, each person's
    derived enabler score (is_derived). The descriptive statistics (int_item_scores_summarised) and
    the measures (int_item_scores_measured) both read this, so they always describe the same people. -#}
with

scores as (
    select * from {{ ref('int_scores_joined_to_assessments') }}
),

derived as (
    select * from {{ ref('int_derived_enabler_scores') }}
),

derived_items as (
    select distinct area_code, assessment_year, item_id from derived
),

given as (
    select
        scores.area_code,
        scores.assessment_year,
        scores.grain,
        scores.item_id,
        scores.submission_id,
        scores.participant_key,
        cast(scores.score as double) as score,
        scores.is_skipped,
        scores.is_synthetic,
        false as is_derived
    from scores
    -- an enabler whose figure is derived had no enabler-sheet score, only blanks: those blanks
    -- are not skips of the derived figure
    anti join derived_items
        on scores.grain = 'enabler'
        and derived_items.area_code = scores.area_code
        and derived_items.assessment_year = scores.assessment_year
        and derived_items.item_id = scores.item_id
),

derived_scores as (
    select
        area_code,
        assessment_year,
        'enabler' as grain,
        item_id,
        submission_id,
        participant_key,
        score,
        false as is_skipped,
        is_synthetic,
        true as is_derived
    from derived
)

select * from given
union all
select * from derived_scores

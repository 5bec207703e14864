{#- Every score each item's statistics rest on, one row per person and item: the scores from current
    submissions; for enablers an assessment scored only through their indicators, each person's
    derived enabler score (is_derived); and each person's theme and overall scores (grain theme /
    overall, from int_participant_scores_aggregated). The descriptive statistics
    (int_item_scores_summarised) and the measures (int_item_scores_measured) both read this, so every
    level is summarised, and withheld, by one implementation. is_average marks a person's mean rather
    than a whole 1–5 score: counts, agreement and consensus are not computed for those. -#}
with

scores as (
    select * from {{ ref('int_scores_joined_to_assessments') }}
),

derived as (
    select * from {{ ref('int_derived_enabler_scores') }}
),

participant_levels as (
    select * from {{ ref('int_participant_scores_aggregated') }}
    where level in ('theme', 'overall')
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
        false as is_derived,
        false as is_average
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
        true as is_derived,
        true as is_average
    from derived
),

averaged_scores as (
    select
        area_code,
        assessment_year,
        level as grain,
        item_id,
        submission_id,
        participant_key,
        score,
        false as is_skipped,
        is_synthetic,
        false as is_derived,
        true as is_average
    from participant_levels
)

select * from given
union all
select * from derived_scores
union all
select * from averaged_scores

{#- One row per participant and item at three levels, the individual scores every theme, overall and
    change figure is built from:
    - enabler: the whole score the person gave (1–5);
    - theme: the mean of the enabler scores they gave in that theme (skips left out);
    - overall: the mean of all the enabler scores they gave.
    A person with no score in a theme has no row for it, so does not count for that theme. Each
    average is also kept as an exact fraction (score_sum / n_enablers_scored). -#}
with

enabler_scores as (
    select * from {{ ref('int_scores_joined_to_assessments') }}
    where grain = 'enabler' and score is not null
),

enablers as (
    select * from {{ ref('stg_framework__enablers') }}
),

participants as (
    select * from {{ ref('stg_raw__participants') }}
),

scored as (
    select
        enabler_scores.area_code,
        enabler_scores.assessment_year,
        enabler_scores.submission_id,
        enabler_scores.participant_key,
        enabler_scores.item_id as enabler_id,
        enablers.theme_id,
        enabler_scores.score,
        enabler_scores.is_synthetic
    from enabler_scores
    inner join enablers on enablers.enabler_id = enabler_scores.item_id
),

levels as (
    select
        area_code, assessment_year, submission_id, participant_key,
        'enabler' as level, enabler_id as item_id,
        sum(score) as score_sum, count(score) as n_enablers_scored, bool_or(is_synthetic) as is_synthetic
    from scored
    group by all

    union all

    select
        area_code, assessment_year, submission_id, participant_key,
        'theme' as level, theme_id as item_id,
        sum(score), count(score), bool_or(is_synthetic)
    from scored
    group by all

    union all

    select
        area_code, assessment_year, submission_id, participant_key,
        'overall' as level, 'overall' as item_id,
        sum(score), count(score), bool_or(is_synthetic)
    from scored
    group by all
),

final as (
    select
        levels.area_code,
        levels.assessment_year,
        levels.submission_id,
        levels.participant_key,
        participants.sector,
        participants.role_level,
        levels.level,
        levels.item_id,
        cast(levels.score_sum as double) / levels.n_enablers_scored as score,
        cast(levels.score_sum as integer) as score_sum,
        cast(levels.n_enablers_scored as integer) as n_enablers_scored,
        levels.is_synthetic
    from levels
    left join participants
        on levels.participant_key = participants.submission_id || '/' || participants.participant_id
)

select * from final

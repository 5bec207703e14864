{#- How each partnership filled in the enabler sheet, per current submission and per area-year:
    who took part, who gave every enabler the same score, and how much was skipped. Shown beside the
    figures; nobody is dropped for it. Only counts are published, and a row with fewer than
    min_publishable_n participants is withheld (see the response_quality docs block). -#}
{%- set min_n = var('min_publishable_n') -%}
with

scores as (
    select * from {{ ref('int_scores_joined_to_assessments') }}
    where grain = 'enabler'
),

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
),

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

n_enablers as (
    select count(*) as n from {{ ref('stg_framework__enablers') }}
),

participants as (
    select
        area_code,
        assessment_year,
        submission_id,
        participant_key,
        count(score) as n_scored,
        min(score) as lowest,
        max(score) as highest,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by all
),

flagged as (
    select
        participants.*,
        -- every enabler the person did not score is a skip: they took part on the enabler sheet
        n_enablers.n - n_scored as n_skipped,
        case when n_scored = n_enablers.n and lowest = highest then lowest end as same_score,
        n_enablers.n - n_scored > n_enablers.n / 2 as skipped_over_half,
        n_enablers.n as n_cells
    from participants
    cross join n_enablers
),

{%- set figures %}
        count(*) as n_participants,
        count(same_score) as n_same_score,
        {%- for score in range(1, 6) %}
        count(*) filter (where same_score = {{ score }}) as n_same_score_{{ score }},
        {%- endfor %}
        sum(n_skipped) / sum(n_cells) as share_skipped,
        count(*) filter (where skipped_over_half) as n_skipped_over_half,
        bool_or(is_synthetic) as is_synthetic
{%- endset %}

per_submission as (
    select
        area_code,
        assessment_year,
        'submission' as level,
        submission_id,
        1 as n_submissions,
        {{ figures }}
    from flagged
    group by area_code, assessment_year, submission_id
),

per_assessment as (
    select
        area_code,
        assessment_year,
        'assessment' as level,
        null as submission_id,
        count(distinct submission_id) as n_submissions,
        {{ figures }}
    from flagged
    group by area_code, assessment_year
),

{#- an area-year of several submissions is withheld when any of them is, so that a withheld
    submission's figures cannot be recovered by subtracting the others from the total -#}
withheld_submission as (
    select area_code, assessment_year, bool_or(n_participants < {{ min_n }}) as any_withheld
    from per_submission
    group by all
),

combined as (
    select *, n_participants < {{ min_n }} as is_suppressed from per_submission
    union all by name
    select
        per_assessment.*,
        per_assessment.n_participants < {{ min_n }}
            or (per_assessment.n_submissions > 1 and withheld_submission.any_withheld) as is_suppressed
    from per_assessment
    inner join withheld_submission using (area_code, assessment_year)
),

final as (
    select
        combined.area_code,
        areas.area_name,
        combined.assessment_year,
        combined.level,
        combined.submission_id,
        submissions.group_label,
        combined.n_submissions,
        combined.n_participants,
        {%- for column in ['n_same_score', 'n_same_score_1', 'n_same_score_2', 'n_same_score_3',
                           'n_same_score_4', 'n_same_score_5', 'share_skipped', 'n_skipped_over_half'] %}
        case when not combined.is_suppressed then combined.{{ column }} end as {{ column }},
        {%- endfor %}
        combined.is_suppressed,
        combined.is_synthetic
    from combined
    inner join areas on areas.area_code = combined.area_code
    left join submissions on submissions.submission_id = combined.submission_id
)

select * from final

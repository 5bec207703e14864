{#- Every score from a current (not superseded) submission, placed in its area and year. A borough
    that split its partnership across several workbooks contributes all of them to one assessment.

    Who counts as having taken part, and so whose blank cell is a skip: on the enabler sheet, anyone
    who scored at least one enabler; on the indicator ("dig deeper") sheet, anyone who scored at
    least one indicator under that enabler — people dig deeper into chosen enablers, and the
    indicators of enablers they did not look at are not skips. -#}
with

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
    where superseded_by_submission_id is null
),

scores as (
    select * from {{ ref('stg_raw__scores') }}
),

indicators as (
    select * from {{ ref('stg_framework__indicators') }}
),

joined as (
    select
        submissions.area_code,
        submissions.assessment_year,
        scores.grain,
        scores.item_id,
        case when scores.grain = 'indicator' then indicators.enabler_id end as dig_deeper_enabler_id,
        scores.submission_id,
        scores.submission_id || '/' || scores.participant_id as participant_key,
        scores.score,
        scores.is_skipped,
        submissions.is_synthetic
    from scores
    inner join submissions using (submission_id)
    left join indicators on indicators.indicator_id = scores.item_id
),

taking_part as (
    select
        *,
        bool_or(score is not null) over (
            partition by participant_key, grain, dig_deeper_enabler_id
        ) as took_part
    from joined
)

select
    area_code,
    assessment_year,
    grain,
    item_id,
    submission_id,
    participant_key,
    score,
    is_skipped,
    is_synthetic
from taking_part
where took_part

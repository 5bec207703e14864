{#- Each current (not superseded) submission placed in its area, year and group, with the area's
    name: what every narrative mart (reflections, challenges, integration model, priorities) is
    placed by. group_label is null when the borough sent its partnership as one workbook. -#}
with

submissions as (
    select * from {{ ref('stg_raw__submissions') }}
    where superseded_by_submission_id is null
),

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

final as (
    select
        submissions.submission_id,
        submissions.area_code,
        areas.area_name,
        submissions.assessment_year,
        submissions.group_label,
        submissions.is_synthetic
    from submissions
    inner join areas on areas.area_code = submissions.area_code
)

select * from final

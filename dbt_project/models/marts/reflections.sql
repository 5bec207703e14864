{#- What each partnership wrote beside its scores: each theme's reflections (the key areas where
    progress is needed) and each enabler's evidence (what is working well and the evidence that
    shows it), as written, named and ordered by the framework. One row per current submission's
    text: a borough that sent its partnership as several groups has a row per group. -#}
with

submissions as (
    select * from {{ ref('int_current_submissions') }}
),

reflections as (
    select * from {{ ref('stg_raw__reflections') }}
),

themes as (
    select * from {{ ref('stg_framework__themes') }}
),

enablers as (
    select * from {{ ref('stg_framework__enablers') }}
),

items as (
    select 'theme' as level, theme_id as item_id, theme_name as item_name, theme_order as item_order from themes
    union all
    select 'enabler', enabler_id, enabler_name, enabler_order from enablers
),

final as (
    select
        submissions.area_code,
        submissions.area_name,
        submissions.assessment_year,
        submissions.group_label,
        reflections.level,
        reflections.item_id,
        items.item_name,
        items.item_order,
        reflections.kind,
        reflections.text,
        submissions.is_synthetic
    from reflections
    inner join submissions on submissions.submission_id = reflections.submission_id
    left join items on items.level = reflections.level and items.item_id = reflections.item_id
)

select * from final

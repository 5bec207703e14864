{#- Where each partnership places itself on the spectrum of integration (coalition, coordinated,
    unified models), today and the model it aims for, overall and per theme. One row per scope a
    current submission answered; a model is null where none was given or what was written named
    none. scope_order puts overall first, then the themes in the tool's order. -#}
with

submissions as (
    select * from {{ ref('int_current_submissions') }}
),

answers as (
    select * from {{ ref('stg_raw__integration_models') }}
),

themes as (
    select * from {{ ref('stg_framework__themes') }}
),

models as (
    select * from {{ ref('stg_framework__integration_models') }}
),

scopes as (
    select 'overall' as scope, 'Overall' as scope_name, 0 as scope_order
    union all
    select theme_id, theme_name, theme_order from themes
),

final as (
    select
        submissions.area_code,
        submissions.area_name,
        submissions.assessment_year,
        submissions.group_label,
        answers.scope,
        scopes.scope_name,
        scopes.scope_order,
        answers.current_model,
        current_models.model_name as current_model_name,
        answers.aspired_model,
        aspired_models.model_name as aspired_model_name,
        submissions.is_synthetic
    from answers
    inner join submissions on submissions.submission_id = answers.submission_id
    left join scopes on scopes.scope = answers.scope
    left join models as current_models on current_models.model_id = answers.current_model
    left join models as aspired_models on aspired_models.model_id = answers.aspired_model
)

select * from final

{#- What each borough's data-sharing questionnaire says about its systems, beside what its
    partnership said about information sharing (E09) in the same year's assessment. One row per
    question, per section and overall. Answers score yes 1, partly 0.5, no 0 (the framework's
    choices); E09 is put on the same 0–1 scale as (mean − 1) / 4 so the two can sit side by side.
    A difference is a prompt for discussion, not a verdict. -#}
with

returns as (
    select * from {{ ref('stg_raw__data_sharing_returns') }}
    where superseded_by_return_id is null
),

answers as (
    select * from {{ ref('stg_raw__data_sharing_answers') }}
),

questions as (
    select * from {{ ref('stg_framework__data_sharing_questions') }}
),

choices as (
    select * from {{ ref('stg_framework__data_sharing_choices') }}
),

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

enabler_ratings as (
    select area_code, assessment_year, enabler_id, mean_score, n_scores, is_suppressed
    from {{ ref('enabler_maturity') }}
),

indicator_ratings as (
    select area_code, assessment_year, indicator_id, mean_score, n_scores, is_suppressed
    from {{ ref('indicator_maturity') }}
),

answered as (
    select
        returns.area_code,
        returns.assessment_year,
        returns.is_synthetic,
        returns.file_name,
        questions.question_id,
        questions.question_order,
        questions.section,
        questions.question_text,
        questions.linked_enabler_id,
        questions.linked_indicator_id,
        answers.answer,
        choices.answer_score,
        answers.evidence
    from returns
    inner join answers on answers.return_id = returns.return_id
    inner join questions on questions.question_id = answers.question_id
    left join choices on choices.answer = answers.answer
),

question_rows as (
    select
        area_code, assessment_year, 'question' as level, question_id as item_id, question_order, section,
        question_text, linked_enabler_id, linked_indicator_id, answer, answer_score, evidence,
        1 as n_questions,
        (answer is not null)::integer as n_answered,
        (answer = 'yes')::integer as n_yes,
        (answer = 'partly')::integer as n_partly,
        (answer = 'no')::integer as n_no,
        answer_score as mean_answer_score,
        file_name, is_synthetic
    from answered
),

grouped_rows as (
    select
        area_code, assessment_year,
        case when grouping(section) = 1 then 'overall' else 'section' end as level,
        coalesce(section, 'all') as item_id,
        null::integer as question_order,
        coalesce(section, 'all') as section,
        null::varchar as question_text,
        min(linked_enabler_id) as linked_enabler_id,
        null::varchar as linked_indicator_id,
        null::varchar as answer,
        null::double as answer_score,
        null::varchar as evidence,
        count(*) as n_questions,
        count(answer) as n_answered,
        count(*) filter (where answer = 'yes') as n_yes,
        count(*) filter (where answer = 'partly') as n_partly,
        count(*) filter (where answer = 'no') as n_no,
        {{ ordered_mean('answer_score') }} as mean_answer_score,
        min(file_name) as file_name,
        bool_or(is_synthetic) as is_synthetic
    from answered
    group by grouping sets ((area_code, assessment_year, section), (area_code, assessment_year))
),

all_rows as (
    select * from question_rows
    union all
    select * from grouped_rows
),

final as (
    select
        all_rows.area_code,
        areas.area_name,
        all_rows.assessment_year,
        all_rows.level,
        all_rows.item_id,
        all_rows.question_order,
        all_rows.section,
        all_rows.question_text,
        all_rows.answer,
        all_rows.answer_score,
        all_rows.evidence,
        all_rows.n_questions,
        all_rows.n_answered,
        all_rows.n_yes,
        all_rows.n_partly,
        all_rows.n_no,
        all_rows.mean_answer_score,
        all_rows.linked_enabler_id,
        enabler_ratings.mean_score as enabler_mean_score,
        enabler_ratings.n_scores as enabler_n_scores,
        coalesce(enabler_ratings.is_suppressed, false) as enabler_is_suppressed,
        (enabler_ratings.mean_score - 1) / 4 as enabler_on_answer_scale,
        all_rows.linked_indicator_id,
        indicator_ratings.mean_score as indicator_mean_score,
        indicator_ratings.n_scores as indicator_n_scores,
        case
            when all_rows.mean_answer_score is null then 'no answers'
            when enabler_ratings.area_code is null then 'no rating of the enabler this year'
            when enabler_ratings.is_suppressed then 'rating withheld (fewer than {{ var("min_publishable_n") }} scores)'
            when (enabler_ratings.mean_score - 1) / 4 - all_rows.mean_answer_score > {{ var('data_sharing_gap_margin') }}
                then 'partners rate information sharing higher than the systems answers suggest'
            when all_rows.mean_answer_score - (enabler_ratings.mean_score - 1) / 4 > {{ var('data_sharing_gap_margin') }}
                then 'partners rate information sharing lower than the systems answers suggest'
            else 'rating and systems answers broadly in line'
        end as comparison,
        all_rows.file_name,
        all_rows.is_synthetic
    from all_rows
    inner join areas on areas.area_code = all_rows.area_code
    left join enabler_ratings
        on enabler_ratings.area_code = all_rows.area_code
        and enabler_ratings.assessment_year = all_rows.assessment_year
        and enabler_ratings.enabler_id = all_rows.linked_enabler_id
    left join indicator_ratings
        on indicator_ratings.area_code = all_rows.area_code
        and indicator_ratings.assessment_year = all_rows.assessment_year
        and indicator_ratings.indicator_id = all_rows.linked_indicator_id
)

select * from final

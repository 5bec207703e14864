{#- Which of the six common challenges each partnership sees in play, and what it says is within
    its gift to change, as written. One row per challenge a current submission answered (a status,
    a note of what is within its gift, or both), named and ordered by the framework; status null
    when the submission gave none that could be placed. -#}
with

submissions as (
    select * from {{ ref('int_current_submissions') }}
),

answers as (
    select * from {{ ref('stg_raw__challenge_answers') }}
),

challenges as (
    select * from {{ ref('stg_framework__challenges') }}
),

statuses as (
    select * from {{ ref('stg_framework__challenge_statuses') }}
),

final as (
    select
        submissions.area_code,
        submissions.area_name,
        submissions.assessment_year,
        submissions.group_label,
        answers.challenge_id,
        challenges.challenge_order,
        challenges.challenge_name,
        answers.status,
        statuses.status_label,
        answers.within_gift,
        submissions.is_synthetic
    from answers
    inner join submissions on submissions.submission_id = answers.submission_id
    left join challenges on challenges.challenge_id = answers.challenge_id
    left join statuses on statuses.status_id = answers.status
)

select * from final

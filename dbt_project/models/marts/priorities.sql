{#- Each partnership's priorities for action, one row per priority and enabler it names (a priority
    naming none has one row, enabler_id null), beside what happened next: the change in that
    enabler from this assessment to the area's next one (marts.maturity_change, level 'enabler',
    previous_year = this year, current_year = next_year). next_year is the area's first assessment
    year with scores after this one, the year maturity_change pairs it with; null until there is
    one. A withheld change stays withheld here (change_is_suppressed true, figures null). The two
    years' groups are different people: a change is a difference between ratings, never the
    priority's effect. -#}
with

submissions as (
    select * from {{ ref('int_current_submissions') }}
),

priorities as (
    select * from {{ ref('stg_raw__priorities') }}
),

enablers as (
    select * from {{ ref('stg_framework__enablers') }}
),

assessments as (
    select distinct area_code, assessment_year from {{ ref('area_maturity') }}
),

changes as (
    select * from {{ ref('maturity_change') }}
    where level = 'enabler'
),

named_enablers as (
    select
        submission_id,
        priority_no,
        unnest(enabler_ids) as enabler_id
    from priorities
),

placed as (
    select
        submissions.area_code,
        submissions.area_name,
        submissions.assessment_year,
        submissions.group_label,
        priorities.priority_no,
        priorities.text,
        priorities.enabler_ids,
        priorities.owner_role,
        priorities.review_date,
        named_enablers.enabler_id,
        submissions.is_synthetic
    from priorities
    inner join submissions on submissions.submission_id = priorities.submission_id
    left join named_enablers
        on named_enablers.submission_id = priorities.submission_id
        and named_enablers.priority_no = priorities.priority_no
),

with_next_year as (
    select
        placed.*,
        (
            select min(assessments.assessment_year)
            from assessments
            where assessments.area_code = placed.area_code
                and assessments.assessment_year > placed.assessment_year
        ) as next_year
    from placed
),

final as (
    select
        with_next_year.area_code,
        with_next_year.area_name,
        with_next_year.assessment_year,
        with_next_year.group_label,
        with_next_year.priority_no,
        with_next_year.text,
        with_next_year.enabler_ids,
        with_next_year.owner_role,
        with_next_year.review_date,
        with_next_year.enabler_id,
        enablers.enabler_name,
        with_next_year.next_year,
        changes.previous_n as next_previous_n,
        changes.current_n as next_current_n,
        case when not changes.is_suppressed then changes.change end as change,
        case when not changes.is_suppressed then changes.change_ci_low end as change_ci_low,
        case when not changes.is_suppressed then changes.change_ci_high end as change_ci_high,
        changes.direction,
        changes.is_suppressed as change_is_suppressed,
        with_next_year.is_synthetic
    from with_next_year
    left join enablers on enablers.enabler_id = with_next_year.enabler_id
    left join changes
        on changes.area_code = with_next_year.area_code
        and changes.item_id = with_next_year.enabler_id
        and changes.previous_year = with_next_year.assessment_year
        and changes.current_year = with_next_year.next_year
)

select * from final

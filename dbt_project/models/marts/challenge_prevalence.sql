{#- How many areas see each of the six common challenges in play, by year, and how mature those
    areas are. Counts are of areas, not people or groups: an area's status for the year is the most
    in play any of its groups gave (the framework's status order: in play, then partly, then not in
    play); an area whose groups gave no status for a challenge is not counted as answering it.
    Maturity is the area's overall mean that year (marts.area_maturity); withheld means are left
    out of the averages, and each n says how many areas the average is over. Every challenge has a
    row for every year in which any area answered any challenge, so a challenge nobody named shows
    as zero. framework.areas holds London's 33 authorities, so there is one region, London, until
    the framework carries regions (issue #15). -#}
with

answers as (
    select * from {{ ref('challenges') }}
),

statuses as (
    select * from {{ ref('stg_framework__challenge_statuses') }}
),

challenges as (
    select * from {{ ref('stg_framework__challenges') }}
),

maturity as (
    select area_code, assessment_year, mean_score
    from {{ ref('area_maturity') }}
    where not is_suppressed
),

area_statuses as (
    select
        answers.area_code,
        answers.assessment_year,
        answers.challenge_id,
        arg_min(answers.status, statuses.status_order) as status,
        bool_or(answers.is_synthetic) as is_synthetic
    from answers
    inner join statuses on statuses.status_id = answers.status
    group by answers.area_code, answers.assessment_year, answers.challenge_id
),

years as (
    select assessment_year, bool_or(is_synthetic) as is_synthetic
    from answers
    group by assessment_year
),

grid as (
    select years.assessment_year, challenges.challenge_id, challenges.challenge_name, challenges.challenge_order,
        years.is_synthetic
    from years
    cross join challenges
),

counted as (
    select
        'London' as region_name,
        grid.assessment_year,
        grid.challenge_id,
        grid.challenge_name,
        grid.challenge_order,
        count(area_statuses.area_code) as n_areas_answered,
        count(*) filter (where area_statuses.status = 'in_play') as n_in_play,
        count(*) filter (where area_statuses.status = 'partly') as n_partly,
        count(*) filter (where area_statuses.status = 'not_in_play') as n_not_in_play,
        {{ ordered_mean("case when area_statuses.status = 'in_play' then maturity.mean_score end") }}
            as mean_maturity_in_play,
        count(maturity.mean_score) filter (where area_statuses.status = 'in_play') as n_maturity_in_play,
        {{ ordered_mean("case when area_statuses.status = 'not_in_play' then maturity.mean_score end") }}
            as mean_maturity_not_in_play,
        count(maturity.mean_score) filter (where area_statuses.status = 'not_in_play') as n_maturity_not_in_play,
        grid.is_synthetic
    from grid
    left join area_statuses
        on area_statuses.assessment_year = grid.assessment_year
        and area_statuses.challenge_id = grid.challenge_id
    left join maturity
        on maturity.area_code = area_statuses.area_code
        and maturity.assessment_year = area_statuses.assessment_year
    group by all
)

select * from counted

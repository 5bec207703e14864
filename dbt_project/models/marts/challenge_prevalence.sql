{#- How many areas see each of the six common challenges in play, by year, and how mature those
    areas are. Counts are of areas, not people or groups: an area's status for the year is the most
    in play any of its groups gave (the framework's status order: in play, then partly, then not in
    play); an area whose groups gave no status for a challenge is not counted as answering it.
    Maturity is the area's overall mean that year (marts.area_maturity); withheld means are left
    out of the averages, and each n says how many areas the average is over. Every challenge has a
    row for every year in which any area answered any challenge, so a challenge nobody named shows
    as zero. Areas are counted in their region and in England (int_areas_grouped), for every region
    with an area that answered that year. -#}
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

geographies as (
    select * from {{ ref('int_areas_grouped') }}
),

years as (
    select geographies.geography, geographies.geography_code, geographies.geography_name, answers.assessment_year,
        bool_or(answers.is_synthetic) as is_synthetic
    from answers
    inner join geographies on geographies.area_code = answers.area_code
    group by all
),

grid as (
    select years.geography, years.geography_code, years.geography_name, years.assessment_year,
        challenges.challenge_id, challenges.challenge_name, challenges.challenge_order, years.is_synthetic
    from years
    cross join challenges
),

members as (
    select geographies.geography_code, area_statuses.*
    from area_statuses
    inner join geographies on geographies.area_code = area_statuses.area_code
),

counted as (
    select
        grid.geography,
        grid.geography_code as region_code,
        grid.geography_name as region_name,
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
    left join members as area_statuses
        on area_statuses.geography_code = grid.geography_code
        and area_statuses.assessment_year = grid.assessment_year
        and area_statuses.challenge_id = grid.challenge_id
    left join maturity
        on maturity.area_code = area_statuses.area_code
        and maturity.assessment_year = area_statuses.assessment_year
    group by all
)

select * from counted

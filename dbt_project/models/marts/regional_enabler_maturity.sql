{#- Each region's and England's figure for each enabler and year: the mean of area means, each area
    weighted equally, over the areas assessed there that year. Areas whose figure is withheld are
    left out, so that a withheld mean can never be recovered from a region's figure and the published
    area figures (nor from England's and a region's). The mean is ordered_mean, the same to the last
    bit on every build. -#}
with

areas as (
    select * from {{ ref('enabler_maturity') }}
    where not is_suppressed
),

geographies as (
    select * from {{ ref('int_areas_grouped') }}
),

summarised as (
    select
        geographies.geography,
        geographies.geography_code as region_code,
        geographies.geography_name as region_name,
        areas.assessment_year,
        areas.enabler_id,
        count(*) as n_areas,
        sum(areas.n_scores) as n_scores,
        {{ ordered_mean('areas.mean_score') }} as mean_of_area_means,
        min(areas.mean_score) as min_area_mean,
        max(areas.mean_score) as max_area_mean,
        bool_or(areas.is_synthetic) as is_synthetic
    from areas
    inner join geographies on geographies.area_code = areas.area_code
    group by all
)

select * from summarised

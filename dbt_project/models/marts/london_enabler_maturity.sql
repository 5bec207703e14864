{#- London's figure for each enabler and year: the mean of borough means, each borough weighted
    equally. Boroughs whose figure is withheld are left out, so that a withheld mean can never be
    recovered from London's figure and the published borough figures. The mean is ordered_mean, the
    same to the last bit on every build. -#}
with

boroughs as (
    select * from {{ ref('enabler_maturity') }}
    where not is_suppressed
),

london as (
    select
        assessment_year,
        enabler_id,
        count(*) as n_areas,
        sum(n_scores) as n_scores,
        {{ ordered_mean('mean_score') }} as mean_of_area_means,
        min(mean_score) as min_area_mean,
        max(mean_score) as max_area_mean,
        bool_or(is_synthetic) as is_synthetic
    from boroughs
    group by assessment_year, enabler_id
)

select * from london

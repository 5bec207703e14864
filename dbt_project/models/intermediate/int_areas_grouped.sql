{#- Each area with the geographies it is summarised in beside other areas: its region (London for
    London's boroughs) and England. The regional marts group by these, so a region and England are
    computed by one rule. -#}
with

areas as (
    select * from {{ ref('stg_framework__areas') }}
),

grouped as (
    select area_code, 'region' as geography, region_code as geography_code, region_name as geography_name
    from areas
    union all
    select area_code, 'country' as geography, '{{ var("england_code") }}' as geography_code,
        'England' as geography_name
    from areas
)

select * from grouped

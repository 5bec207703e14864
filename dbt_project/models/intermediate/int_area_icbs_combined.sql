{#- Every ICB membership the benchmark uses: the framework's, which are London's and dated through
    the 2026 merger, and for any other area the membership a supplied ONS lookup gives. The
    framework's win: a lookup row for a London borough is not read (it would be one footprint among
    the framework's dated ones). -#}
with

framework_memberships as (
    select * from {{ ref('stg_framework__area_icbs') }}
),

looked_up as (
    select * from {{ ref('stg_reference__ons_area_icbs') }}
    where area_code not in (select area_code from framework_memberships)
),

combined as (
    select area_code, icb_code, icb_name, valid_from, valid_to, 'framework' as membership_source
    from framework_memberships
    union all
    select area_code, icb_code, coalesce(icb_name, icb_code) as icb_name, valid_from, valid_to,
        'ons_lookup' as membership_source
    from looked_up
)

select * from combined

with

source as (
    select * from {{ source('raw', 'outcome_values') }}
),

renamed as (
    select
        cast(file_id as varchar) as file_id,
        cast(source as varchar) as source,
        cast(indicator_id as varchar) as indicator_id,
        cast(area_code as varchar) as area_code,
        cast(area_name as varchar) as published_area_name,
        cast(geography as varchar) as geography,
        cast(period_label as varchar) as period_label,
        cast(period_start_year as integer) as period_start_year,
        cast(period_end_year as integer) as period_end_year,
        cast(period_type as varchar) as period_type,
        cast(breakdown as varchar) as breakdown,
        cast(is_headline as boolean) as is_headline,
        cast(value as double) as value,
        cast(lower_ci as double) as lower_ci,
        cast(upper_ci as double) as upper_ci,
        cast(count as double) as count,
        cast(denominator as double) as denominator,
        cast(missing_reason as varchar) as missing_reason,
        cast(location as varchar) as location
    from source
)

select * from renamed

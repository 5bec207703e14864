{#- Layers live in schemas named exactly staging / intermediate / marts: the public contract names
    `marts.enabler_maturity`, not dbt's default `main_marts`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name is not none else target.schema }}
{%- endmacro %}

{#- The mean of a float column, the same to the last bit on every build: the values are sorted, then
    summed in one pass. DuckDB's avg() adds rows in whatever order its threads meet them, and a float
    sum in a different order can differ in its last bits (so a mean of means would change between
    identical builds). For whole numbers avg() is already exact; use this for means of means. -#}
{% macro ordered_mean(column) -%}
    list_avg(list_sort(list({{ column }}) filter (where {{ column }} is not null)))
{%- endmacro %}

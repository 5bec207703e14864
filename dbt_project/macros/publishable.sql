{#- A statistic of a group is shown only when the group has at least `min_publishable_n` scores;
    otherwise it is withheld (null) and the row says so. One rule, used by every mart. -#}
{% macro publishable(expression, n_column) -%}
    case when {{ n_column }} >= {{ var('min_publishable_n') }} then {{ expression }} end
{%- endmacro %}

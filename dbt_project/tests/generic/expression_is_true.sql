{#- Rows for which the expression is false fail the test; rows where it is null pass (a withheld
    statistic is not a wrong one). -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}

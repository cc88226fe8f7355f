{#- Fails for each row where the SQL expression is not true: false, and null too (unlike
    dbt_utils.expression_is_true, where a null passes). Restrict the rows with dbt's own
    `where` test config. -#}
{% test expression_is_true_and_not_null(model, expression) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}

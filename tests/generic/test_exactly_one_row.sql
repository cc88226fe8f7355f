{#- Fails unless the model holds exactly one row (none, or more than one, fails): the
    primary-key test of a one-row model, whose key is the empty set. -#}
{% test exactly_one_row(model) %}

select rows_found
from (
    select count(*) as rows_found
    from {{ model }}
) as counted
where rows_found <> 1

{% endtest %}

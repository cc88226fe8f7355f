{#- Fails (one row) when the model has no rows at all: an extract with a header and no
    person is no extract. -#}
{% test has_rows(model) %}

with counted as (
    select count(*) as rows_found
    from {{ model }}
),

final as (
    select rows_found
    from counted
    where rows_found = 0
)

select * from final

{% endtest %}

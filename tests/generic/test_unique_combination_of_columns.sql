{#- Fails for each combination of the given columns that occurs more than once, and for
    each combination with a null in any of them: a composite primary key, unique and not
    null (dbt_utils.unique_combination_of_columns checks uniqueness only). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with keyed as (
    select
        {{ combination_of_columns | join(', ') }}
    from {{ model }}
),

duplicated as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from keyed
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
),

with_nulls as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from keyed
    where {% for column in combination_of_columns %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %}
    group by {{ combination_of_columns | join(', ') }}
)

select * from duplicated
union all
select * from with_nulls

{% endtest %}

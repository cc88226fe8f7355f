{#- National status 13 weeks after the end of the latest ended episode, over persons
    with an observed outcome; one row per status category (zero rows included). -#}
with outcomes as (
    select * from {{ ref('fct_resource_outcomes') }}
),

status_categories as (
    select * from {{ ref('dream_status_categories') }}
),

observed as (
    select
        status_category,
        count(*) as persons
    from outcomes
    where is_outcome_observed
    group by status_category
),

total as (
    select sum(persons) as persons from observed
),

final as (
    select
        cast(status_categories.status_category as {{ dream_text_type() }}) as status_category,
        cast(status_categories.label_en as {{ dream_text_type() }}) as label_en,
        cast(status_categories.label_da as {{ dream_text_type() }}) as label_da,
        cast(status_categories.sort_order as integer) as sort_order,
        cast(coalesce(observed.persons, 0) as integer) as persons,
        cast(
            case
                when total.persons > 0
                    then cast(coalesce(observed.persons, 0) as {{ dream_float_type() }}) / total.persons
            end as {{ dream_float_type() }}
        ) as share
    from status_categories
    left join observed
        on status_categories.status_category = observed.status_category
    cross join total
)

select
    status_category,
    label_en,
    label_da,
    sort_order,
    persons,
    share
from final

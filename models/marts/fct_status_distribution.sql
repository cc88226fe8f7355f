{#- National status 13 weeks after the end of the latest ended episode, over persons
    with an observed outcome; one row per status category (zero rows included). Safe
    publication, last: a count below min_published_count is null with its share, and so is
    the next smallest when one null alone could be worked out from the national total. -#}
with outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
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

counted as (
    select
        status_categories.status_category,
        status_categories.label_en,
        status_categories.label_da,
        status_categories.sort_order,
        'nation' as relation,
        coalesce(observed.persons, 0) as persons,
        total.persons as total_persons,
        {{ dream_is_small_count('coalesce(observed.persons, 0)') }} as is_suppressed
    from status_categories
    left join observed
        on status_categories.status_category = observed.status_category
    cross join total
),

{#- the categories add up to the national persons (fct_national_outcomes) -#}
{{ dream_complementary_suppression('counted', 'protected',
    ['status_category', 'label_en', 'label_da', 'sort_order', 'relation', 'persons', 'total_persons'],
    'persons', 'is_suppressed', [['relation']], ['status_category'], rounds=1) }},

final as (
    select
        cast(status_category as {{ dream_text_type() }}) as status_category,
        cast(label_en as {{ dream_text_type() }}) as label_en,
        cast(label_da as {{ dream_text_type() }}) as label_da,
        cast(sort_order as integer) as sort_order,
        cast(case when not is_suppressed then persons end as integer) as persons,
        cast(
            case
                when total_persons > 0 and not is_suppressed
                    then cast(persons as {{ dream_float_type() }}) / total_persons
            end as {{ dream_float_type() }}
        ) as share,
        is_suppressed
    from protected
)

select
    status_category,
    label_en,
    label_da,
    sort_order,
    persons,
    share,
    is_suppressed
from final

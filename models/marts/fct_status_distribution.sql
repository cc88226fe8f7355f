{#- National status at each horizon after the end of the latest ended episode, over persons
    with an observed outcome there; one row per horizon and status category (zero rows
    included). Safe
    publication, last: a count below min_published_count is null with its share, and so is
    the next smallest when one null alone could be worked out from the national total. -#}
with outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
),

status_categories as (
    select * from {{ ref('dream_status_categories') }}
),

horizons as (
    select * from {{ ref('int_status_horizons_listed') }}
),

observed as (
    select
        horizon_weeks,
        status_category,
        count(*) as persons
    from outcomes
    where is_outcome_observed
    group by horizon_weeks, status_category
),

totals as (
    select
        horizons.horizon_weeks,
        horizons.is_headline,
        coalesce(sum(observed.persons), 0) as persons
    from horizons
    left join observed
        on horizons.horizon_weeks = observed.horizon_weeks
    group by horizons.horizon_weeks, horizons.is_headline
),

counted as (
    select
        totals.horizon_weeks,
        totals.is_headline,
        status_categories.status_category,
        status_categories.label_en,
        status_categories.label_da,
        status_categories.sort_order,
        'nation' as relation,
        coalesce(observed.persons, 0) as persons,
        totals.persons as total_persons,
        {{ dream_is_small_count('coalesce(observed.persons, 0)') }} as is_suppressed
    from totals
    cross join status_categories
    left join observed
        on
            totals.horizon_weeks = observed.horizon_weeks
            and status_categories.status_category = observed.status_category
),

{#- the categories of a horizon add up to its national persons (fct_national_outcomes) -#}
{{ dream_complementary_suppression('counted', 'protected',
    ['horizon_weeks', 'is_headline', 'status_category', 'label_en', 'label_da', 'sort_order', 'relation', 'persons', 'total_persons'],
    'persons', 'is_suppressed', [['relation', 'horizon_weeks']], ['status_category'], rounds=1) }},

final as (
    select
        cast(horizon_weeks as integer) as horizon_weeks,
        is_headline,
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
    horizon_weeks,
    is_headline,
    status_category,
    label_en,
    label_da,
    sort_order,
    persons,
    share,
    is_suppressed
from final

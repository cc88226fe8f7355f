{#-
  Each outcome scored against each outcome set (spec §3.6): one row per outcome set
  and person, is_closer when the observed status is in the set. The municipal, national
  and trend marts aggregate this one model. The end half-year is the half-year holding
  the Thursday of the end week (a week belongs to the month of its Thursday).
-#}
with outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
),

outcome_sets as (
    select * from {{ ref('dream_outcome_sets') }}
),

set_names as (
    select distinct outcome_set from outcome_sets
),

dated as (
    select
        person_id,
        end_date,
        municipality_code,
        is_municipality,
        is_outcome_observed,
        status_category,
        extract(year from {{ dream_add_days('end_date', 3) }}) as end_year,
        case when extract(month from {{ dream_add_days('end_date', 3) }}) <= 6 then 1 else 2 end as end_half
    from outcomes
),

final as (
    select
        set_names.outcome_set,
        dated.person_id,
        dated.end_date,
        cast(dated.end_year as {{ dream_text_type() }}) || 'H' || cast(dated.end_half as {{ dream_text_type() }})
            as end_half_year,
        {{ dream_make_date('dated.end_year', '6 * dated.end_half - 5', 1) }} as end_half_year_start,
        dated.municipality_code,
        dated.is_municipality,
        dated.is_outcome_observed,
        dated.status_category,
        outcome_sets.status_category is not null as is_closer
    from set_names
    cross join dated
    left join outcome_sets
        on
            set_names.outcome_set = outcome_sets.outcome_set
            and dated.status_category = outcome_sets.status_category
)

select * from final

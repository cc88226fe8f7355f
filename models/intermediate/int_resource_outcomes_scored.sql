{#-
  Each outcome scored against each outcome set (spec §3.6): one row per outcome set
  and person, is_closer when the observed status is in the set. The municipal and the
  national marts aggregate this one model.
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

final as (
    select
        set_names.outcome_set,
        outcomes.person_id,
        outcomes.municipality_code,
        outcomes.is_municipality,
        outcomes.is_outcome_observed,
        outcomes.status_category,
        outcome_sets.status_category is not null as is_closer
    from set_names
    cross join outcomes
    left join outcome_sets
        on
            set_names.outcome_set = outcome_sets.outcome_set
            and outcomes.status_category = outcome_sets.status_category
)

select * from final

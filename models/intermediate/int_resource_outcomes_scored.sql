{#-
  Each outcome scored against each outcome set (spec §3.6): one row per outcome set
  and person, is_closer when the observed status is in the set. The municipal, national
  and trend marts aggregate this one model. The end half-year is the half-year the end
  week counts in (base_dream__weeks: the half-year of its Thursday).
-#}
with outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

outcome_sets as (
    select * from {{ ref('dream_outcome_sets') }}
),

set_names as (
    select distinct outcome_set from outcome_sets
),

dated as (
    select
        outcomes.person_id,
        outcomes.end_date,
        outcomes.municipality_code,
        outcomes.is_municipality,
        outcomes.is_outcome_observed,
        outcomes.status_category,
        end_weeks.half_year as end_half_year,
        end_weeks.half_year_start as end_half_year_start
    from outcomes
    inner join weeks as end_weeks
        on outcomes.end_week_index = end_weeks.week_index
),

final as (
    select
        set_names.outcome_set,
        dated.person_id,
        dated.end_date,
        dated.end_half_year,
        dated.end_half_year_start,
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

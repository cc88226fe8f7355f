{#-
  Indirect standardisation, person by person: for each measure, horizon, outcome set and
  each person with an observed outcome there, the national rate of being closer to the labour market in the
  person's case-mix cell (int_resource_case_mix_described.case_mix_cell) is the number
  expected of that person. Summed over a municipality it gives the expected number
  closer; summed over the nation it gives back the observed number, by construction.
  The national population is every person with an observed outcome, municipality known
  or not. The case-mix descriptors the mart averages ride along.
-#}
with scored as (
    select * from {{ ref('int_resource_outcomes_scored') }}
),

case_mix as (
    select * from {{ ref('int_resource_case_mix_described') }}
),

observed as (
    select
        scored.measure,
        scored.horizon_weeks,
        scored.outcome_set,
        scored.person_id,
        scored.municipality_code,
        scored.is_municipality,
        scored.is_closer,
        case_mix.case_mix_cell,
        case_mix.age_at_start,
        case_mix.was_employed_before,
        case_mix.main_benefit_before
    from scored
    inner join case_mix
        on scored.person_id = case_mix.person_id
    where scored.is_outcome_observed
),

cell_rates as (
    select
        measure,
        horizon_weeks,
        outcome_set,
        case_mix_cell,
        count(*) as persons_in_cell,
        count(case when is_closer then 1 end) as persons_closer_in_cell
    from observed
    group by measure, horizon_weeks, outcome_set, case_mix_cell
),

final as (
    select
        observed.measure,
        observed.horizon_weeks,
        observed.outcome_set,
        observed.person_id,
        observed.municipality_code,
        observed.is_municipality,
        observed.is_closer,
        observed.case_mix_cell,
        observed.age_at_start,
        observed.was_employed_before,
        observed.main_benefit_before,
        cell_rates.persons_in_cell,
        cast(cell_rates.persons_closer_in_cell as {{ dream_float_type() }}) / cell_rates.persons_in_cell
            as expected_closer
    from observed
    inner join cell_rates
        on
            observed.measure = cell_rates.measure
            and observed.horizon_weeks = cell_rates.horizon_weeks
            and observed.outcome_set = cell_rates.outcome_set
            and observed.case_mix_cell = cell_rates.case_mix_cell
)

select * from final

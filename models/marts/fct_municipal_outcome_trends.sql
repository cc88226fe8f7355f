{#-
  Outcomes by municipality and half-year of the end week, for drawing a municipality's
  trend (the January 2018 analysis followed Odense over successive updates). One row
  per outcome set, municipality (the 98) and end half-year present in the data; rows
  with no persons are kept so every series is complete. Also a national series
  (is_national, municipality_code 0, "Hele landet") over all persons, whatever their
  municipality.
-#}
with scored as (
    select * from {{ ref('int_resource_outcomes_scored') }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

half_years as (
    select distinct
        outcome_set,
        end_half_year,
        end_half_year_start
    from scored
),

areas as (
    select
        municipality_code,
        municipality_name,
        false as is_national
    from municipalities
    union all
    select
        0 as municipality_code,
        'Hele landet' as municipality_name,
        true as is_national
),

counted as (
    select
        half_years.outcome_set,
        areas.municipality_code,
        areas.municipality_name,
        areas.is_national,
        half_years.end_half_year,
        half_years.end_half_year_start,
        count(case when scored.is_outcome_observed then 1 end) as persons,
        count(case when not scored.is_outcome_observed then 1 end) as persons_awaiting_outcome,
        count(case when scored.is_closer then 1 end) as persons_closer
    from half_years
    cross join areas
    left join scored
        on
            half_years.outcome_set = scored.outcome_set
            and half_years.end_half_year = scored.end_half_year
            and (areas.is_national or areas.municipality_code = scored.municipality_code)
    group by
        half_years.outcome_set,
        areas.municipality_code,
        areas.municipality_name,
        areas.is_national,
        half_years.end_half_year,
        half_years.end_half_year_start
),

final as (
    select
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        is_national,
        cast(end_half_year as {{ dream_text_type() }}) as end_half_year,
        cast(end_half_year_start as date) as end_half_year_start,
        cast(persons as integer) as persons,
        cast(persons_awaiting_outcome as integer) as persons_awaiting_outcome,
        cast(persons_closer as integer) as persons_closer,
        {{ dream_share_columns('persons_closer', 'persons') }}
    from counted
)

select
    outcome_set,
    municipality_code,
    municipality_name,
    is_national,
    end_half_year,
    end_half_year_start,
    persons,
    persons_awaiting_outcome,
    persons_closer,
    share_closer,
    share_ci_low,
    share_ci_high
from final

{#-
  The exact (unsuppressed) outcome counts every aggregate mart is made from: one row per
  measure, horizon, outcome set, area and end half-year present in the data (is_headline:
  the published figures' slice, point_in_time at the headline horizon). Areas: the 98 municipalities
  (rows with no persons kept, so every series is complete), each non-municipal code found
  (as found, never ranked) and the nation (municipality_code 0, is_national), which counts
  every person, whatever or whether any municipality. Persons with an unknown municipality
  are in the nation only. Safe publication is applied by each published mart, last.
-#}
with scored as (
    select * from {{ ref('int_resource_outcomes_scored') }}
),

municipalities as (
    select * from {{ ref('dream_municipalities') }}
),

half_years as (
    select distinct
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        end_half_year,
        end_half_year_start
    from scored
),

areas as (
    select
        municipality_code,
        municipality_name,
        true as is_municipality,
        false as is_national
    from municipalities
    union all
    select distinct
        municipality_code,
        cast(null as {{ dream_text_type() }}) as municipality_name,
        false as is_municipality,
        false as is_national
    from scored
    where municipality_code is not null and not is_municipality
    union all
    select
        0 as municipality_code,
        'Hele landet' as municipality_name,
        false as is_municipality,
        true as is_national
),

area_counts as (
    -- each person counted once in the area of the end week, and once in the nation (an unknown
    -- municipality included): the join below then matches on equality alone
    select
        measure,
        horizon_weeks,
        outcome_set,
        end_half_year,
        municipality_code,
        false as is_national,
        count(case when is_outcome_observed then 1 end) as persons,
        count(case when not is_outcome_observed then 1 end) as persons_awaiting_outcome,
        count(case when is_closer then 1 end) as persons_closer
    from scored
    where municipality_code is not null
    group by
        measure,
        horizon_weeks,
        outcome_set,
        end_half_year,
        municipality_code
    union all
    select
        measure,
        horizon_weeks,
        outcome_set,
        end_half_year,
        0 as municipality_code,
        true as is_national,
        count(case when is_outcome_observed then 1 end) as persons,
        count(case when not is_outcome_observed then 1 end) as persons_awaiting_outcome,
        count(case when is_closer then 1 end) as persons_closer
    from scored
    group by
        measure,
        horizon_weeks,
        outcome_set,
        end_half_year
),

final as (
    select
        half_years.measure,
        half_years.horizon_weeks,
        half_years.is_headline,
        half_years.outcome_set,
        areas.municipality_code,
        areas.municipality_name,
        areas.is_municipality,
        areas.is_national,
        half_years.end_half_year,
        half_years.end_half_year_start,
        coalesce(area_counts.persons, 0) as persons,
        coalesce(area_counts.persons_awaiting_outcome, 0) as persons_awaiting_outcome,
        coalesce(area_counts.persons_closer, 0) as persons_closer
    from half_years
    cross join areas
    left join area_counts
        on
            half_years.measure = area_counts.measure
            and half_years.horizon_weeks = area_counts.horizon_weeks
            and half_years.outcome_set = area_counts.outcome_set
            and half_years.end_half_year = area_counts.end_half_year
            and areas.municipality_code = area_counts.municipality_code
            and areas.is_national = area_counts.is_national
)

select * from final

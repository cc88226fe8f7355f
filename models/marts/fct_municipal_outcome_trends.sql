{#-
  Outcomes by municipality and half-year of the end week, for drawing a municipality's
  trend (the January 2018 analysis followed Odense over successive updates). One row
  per measure, status horizon, outcome set, municipality (the 98) and end half-year present in the data; rows
  with no persons are kept so every series is complete. Also a national series
  (is_national, municipality_code 0, "Hele landet") over all persons, whatever their
  municipality. Counts are the exact ones of int_municipal_outcomes_counted; safe
  publication is applied last.
-#}
with counted as (
    select * from {{ ref('int_municipal_outcomes_counted') }}
),

municipal_protected as (
    select * from {{ ref('int_municipal_outcomes_protected') }}
),

{# the 98 municipalities and the national series (a non-municipal code has no series), and each
    area's total as fct_municipal_outcomes and fct_national_outcomes publish it (is_margin) #}
trend_areas as (
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        municipality_code,
        municipality_name,
        is_national,
        end_half_year,
        end_half_year_start,
        false as is_margin,
        false as margin_persons_withheld,
        false as margin_awaiting_withheld,
        false as margin_closer_withheld,
        persons,
        persons_awaiting_outcome,
        persons_closer
    from counted
    where is_municipality or is_national
    union all
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        municipality_code,
        municipality_name,
        false as is_national,
        cast(null as {{ dream_text_type() }}) as end_half_year,
        cast(null as date) as end_half_year_start,
        true as is_margin,
        is_persons_suppressed as margin_persons_withheld,
        is_awaiting_suppressed as margin_awaiting_withheld,
        is_closer_suppressed as margin_closer_withheld,
        persons,
        persons_awaiting_outcome,
        persons_closer
    from municipal_protected
    where is_municipality
),

{# each count adds up over the half-years of an area (to its total in fct_municipal_outcomes, a
    margin row here with that mart's verdict) and over the areas of a half-year (to the national
    series); the nation's total (fct_national_outcomes) withholds nothing #}
{{ dream_slice_cells_protected(
    'trend_areas', 'protected',
    ['municipality_name', 'is_national', 'end_half_year_start', 'is_margin', 'margin_persons_withheld',
     'margin_awaiting_withheld', 'margin_closer_withheld'],
    cells='trend', margins=true) }},

final as (
    select
        cast(measure as {{ dream_text_type() }}) as measure,
        cast(horizon_weeks as integer) as horizon_weeks,
        is_headline,
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        is_national,
        cast(end_half_year as {{ dream_text_type() }}) as end_half_year,
        cast(end_half_year_start as date) as end_half_year_start,
        {{ dream_published_outcome_counts() }},
        is_persons_suppressed or is_closer_suppressed as is_suppressed
    from protected
    where not is_margin
)

select
    measure,
    horizon_weeks,
    is_headline,
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
    share_ci_high,
    is_suppressed
from final

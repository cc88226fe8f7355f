{#-
  Outcomes by municipality and half-year of the end week, for drawing a municipality's
  trend (the January 2018 analysis followed Odense over successive updates). One row
  per outcome set, municipality (the 98) and end half-year present in the data; rows
  with no persons are kept so every series is complete. Also a national series
  (is_national, municipality_code 0, "Hele landet") over all persons, whatever their
  municipality. Counts are the exact ones of int_municipal_outcomes_counted; safe
  publication is applied last.
-#}
with counted as (
    select * from {{ ref('int_municipal_outcomes_counted') }}
),

{# the 98 municipalities and the national series; a non-municipal code has no series #}
trend_areas as (
    select * from counted
    where is_municipality or is_national
),

{#- the columns carried through the suppression; each count adds up over the half-years of an
    area (to fct_municipal_outcomes) and over the areas of a half-year (to the national series) -#}
{%- set carried = ['outcome_set', 'municipality_code', 'municipality_name', 'is_national', 'end_half_year',
    'end_half_year_start', 'persons', 'persons_awaiting_outcome', 'persons_closer'] %}

flagged as (
    select
        {{ carried | join(',\n        ') }},
        {{ dream_outcome_count_flags() }}
    from trend_areas
),

{%- set relations = [['outcome_set', 'municipality_code'], ['outcome_set', 'end_half_year']] %}
{{ dream_complementary_suppression(
    'flagged', 'persons_protected', carried + ['is_awaiting_suppressed', 'is_closer_suppressed'],
    'persons', 'is_persons_suppressed', relations, ['municipality_code', 'end_half_year']) }},
{{ dream_complementary_suppression(
    'persons_protected', 'awaiting_protected', carried + ['is_persons_suppressed', 'is_closer_suppressed'],
    'persons_awaiting_outcome', 'is_awaiting_suppressed', relations, ['municipality_code', 'end_half_year']) }},
{{ dream_complementary_suppression(
    'awaiting_protected', 'protected', carried + ['is_persons_suppressed', 'is_awaiting_suppressed'],
    'persons_closer', 'is_closer_suppressed', relations, ['municipality_code', 'end_half_year']) }},

final as (
    select
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        is_national,
        cast(end_half_year as {{ dream_text_type() }}) as end_half_year,
        cast(end_half_year_start as date) as end_half_year_start,
        cast(case when not is_persons_suppressed then persons end as integer) as persons,
        cast(case when not is_awaiting_suppressed then persons_awaiting_outcome end as integer)
            as persons_awaiting_outcome,
        cast(case when not is_closer_suppressed then persons_closer end as integer) as persons_closer,
        {{ dream_share_columns(
            'case when not (is_persons_suppressed or is_closer_suppressed) then persons_closer end', 'persons') }},
        is_persons_suppressed or is_closer_suppressed as is_suppressed
    from protected
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
    share_ci_high,
    is_suppressed
from final

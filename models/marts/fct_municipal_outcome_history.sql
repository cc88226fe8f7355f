{#-
  The published history of the municipal comparison across DREAM deliveries: one row per
  vintage recorded (the extract's last week), outcome set and area (the places of
  fct_municipal_outcomes and the nation, municipality_code 0), from the exact counts of
  int_municipal_outcomes_recorded, rebuilt on every build from all vintages recorded, so it
  does not depend on the order in which the vintages were built.
  Safe publication, last, in four passes:
  1. each vintage's cells as its own fct_municipal_outcomes withheld them (same macro, its
     relations split by vintage);
  2. a count that differs by 1 .. min_published_count - 1 from the same count of the same area
     in another vintage is withheld, on both sides (the difference would count a small group:
     the persons who ended there between two deliveries);
  3. the complementary suppression of pass 1 again, per vintage, so that no cell withheld by
     pass 2 stands alone in a relation;
  4. an older vintage whose window closes a half-year counts what a newer vintage's trend
     (fct_municipal_outcome_trends, verdicts recomputed here per vintage) counts in the
     half-years up to it: its count is withheld when it would single out one withheld trend
     cell of a newer vintage (the only one withheld up to that half-year, or after it).
  pytests/test_outcome_history.py proves that no withheld count can be worked out from the
  history with the marts, and that no two published counts differ by a small number.
-#}
{%- set carried = ['vintage_last_week', 'vintage_last_date', 'analysis_window_start', 'analysis_window_end',
    'window_end_half_year', 'is_window_closing_half_year', 'outcome_set', 'municipality_code', 'municipality_name',
    'is_municipality', 'is_national', 'is_ranked', 'rank'] %}
{%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] %}

with recorded as (
    select * from {{ ref('int_municipal_outcomes_recorded') }}
),

{# each vintage's areas over all end half-years: the rows of its fct_municipal_outcomes, and the nation #}
areas as (
    select
        {{ carried | join(',\n        ') }},
        sum(persons) as persons,
        sum(persons_awaiting_outcome) as persons_awaiting_outcome,
        sum(persons_closer) as persons_closer
    from recorded
    group by
        {{ carried | join(',\n        ') }}
),

places as (
    select * from areas
    where not is_national
),

{# pass 1: each vintage as its own build withheld it #}
{{ dream_municipal_cells_protected('places', 'vintage_protected', carried, by=['vintage_last_week']) }},

{# pass 2: counts that differ little from another vintage's (macros/dream_history.sql) #}
{{ dream_vintage_differences('areas', 'differences') }},

withheld as (
    select
        vintage_protected.{{ (carried + counts) | join(',\n        ' ~ 'vintage_protected.') }},
        vintage_protected.is_persons_suppressed
        or coalesce(differences.is_persons_differing, false) as withheld_persons,
        vintage_protected.is_awaiting_suppressed
        or coalesce(differences.is_persons_awaiting_outcome_differing, false) as withheld_persons_awaiting_outcome,
        vintage_protected.is_closer_suppressed
        or coalesce(differences.is_persons_closer_differing, false) as withheld_persons_closer
    from vintage_protected
    left join differences
        on
            vintage_protected.vintage_last_week = differences.vintage_last_week
            and vintage_protected.outcome_set = differences.outcome_set
            and vintage_protected.municipality_code = differences.municipality_code
),

{{ dream_municipal_cells_protected(
    'withheld', 'places_protected', carried, by=['vintage_last_week'], withheld='withheld_') }},

{# the nation: published as fct_national_outcomes publishes it, but for pass 2 #}
nation_protected as (
    select
        areas.{{ (carried + counts) | join(',\n        ' ~ 'areas.') }},
        {{ dream_is_small_count('areas.persons') }}
        or coalesce(differences.is_persons_differing, false) as is_persons_suppressed,
        {{ dream_is_small_count('areas.persons_awaiting_outcome') }}
        or coalesce(differences.is_persons_awaiting_outcome_differing, false) as is_awaiting_suppressed,
        {{ dream_is_small_count('areas.persons_closer') }} or {{ dream_is_small_count('areas.persons') }}
        or coalesce(differences.is_persons_closer_differing or differences.is_persons_differing, false)
            as is_closer_suppressed
    from areas
    left join differences
        on
            areas.vintage_last_week = differences.vintage_last_week
            and areas.outcome_set = differences.outcome_set
            and areas.municipality_code = differences.municipality_code
    where areas.is_national
),

totals_protected as (
    select
        {{ (carried + counts) | join(',\n        ') }},
        is_persons_suppressed,
        is_awaiting_suppressed,
        is_closer_suppressed
    from places_protected
    union all
    select
        {{ (carried + counts) | join(',\n        ') }},
        is_persons_suppressed,
        is_awaiting_suppressed,
        is_closer_suppressed
    from nation_protected
),

{# pass 4: each vintage's trend cells, withheld as its fct_municipal_outcome_trends withheld them #}
trend_cells as (
    select * from recorded
    where is_municipality or is_national
),

{{ dream_trend_cells_protected('trend_cells', 'trend_protected', ['is_national'], by=['vintage_last_week']) }},

{# older counts that would single out a newer vintage's withheld trend cell (macros/dream_history.sql) #}
{{ dream_trend_singled_out('areas', 'trend_protected', 'trend_singled_out') }},

protected as (
    select
        totals_protected.{{ (carried + counts) | join(',\n        ' ~ 'totals_protected.') }},
        totals_protected.is_persons_suppressed
        or coalesce(trend_singled_out.is_persons_singling_out, false) as is_persons_suppressed,
        totals_protected.is_awaiting_suppressed
        or coalesce(trend_singled_out.is_awaiting_singling_out, false) as is_awaiting_suppressed,
        totals_protected.is_closer_suppressed
        or coalesce(trend_singled_out.is_closer_singling_out, false) as is_closer_suppressed
    from totals_protected
    left join trend_singled_out
        on
            totals_protected.vintage_last_week = trend_singled_out.vintage_last_week
            and totals_protected.outcome_set = trend_singled_out.outcome_set
            and totals_protected.municipality_code = trend_singled_out.municipality_code
),

final as (
    select
        cast(vintage_last_week as {{ dream_text_type() }}) as vintage_last_week,
        cast(vintage_last_date as date) as vintage_last_date,
        cast(analysis_window_start as {{ dream_text_type() }}) as analysis_window_start,
        cast(analysis_window_end as {{ dream_text_type() }}) as analysis_window_end,
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        is_national,
        {{ dream_published_outcome_counts() }},
        is_ranked,
        cast(rank as integer) as rank,
        is_persons_suppressed or is_closer_suppressed as is_suppressed
    from protected
)

select
    vintage_last_week,
    vintage_last_date,
    analysis_window_start,
    analysis_window_end,
    outcome_set,
    municipality_code,
    municipality_name,
    is_national,
    persons,
    persons_awaiting_outcome,
    persons_closer,
    share_closer,
    share_ci_low,
    share_ci_high,
    is_ranked,
    rank,
    is_suppressed
from final

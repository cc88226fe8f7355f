{#-
  The published history of the municipal comparison across DREAM deliveries: one row per
  vintage recorded (the extract's last week), outcome set and area (the places of
  fct_municipal_outcomes and the nation, municipality_code 0), from the exact counts of
  int_municipal_outcomes_recorded, rebuilt on every build from all vintages recorded, so it
  does not depend on the order in which the vintages were built.
  Safe publication, last, in three passes:
  1. each vintage's cells as its own fct_municipal_outcomes withheld them (same macro, its
     relations split by vintage);
  2. a count that differs by 1 .. min_published_count - 1 from the same count of the same area
     in another vintage is withheld, on both sides (the difference would count a small group:
     the persons who ended there between two deliveries);
  3. the complementary suppression of pass 1 again, per vintage, so that no cell withheld by
     pass 2 stands alone in a relation.
  pytests/test_outcome_history.py proves that no withheld count can be worked out from the
  history with the marts, and that no two published counts differ by a small number.
-#}
{%- set carried = ['vintage_last_week', 'vintage_last_date', 'analysis_window_start', 'analysis_window_end',
    'outcome_set', 'municipality_code', 'municipality_name', 'is_municipality', 'is_national', 'is_ranked',
    'rank'] %}
{%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] %}

with recorded as (
    select * from {{ ref('int_municipal_outcomes_recorded') }}
),

places as (
    select * from recorded
    where not is_national
),

{{ dream_municipal_cells_protected('places', 'vintage_protected', carried, by=['vintage_last_week']) }},

{# pass 2: per vintage and area, whether each count differs little from another vintage's #}
differences as (
    select
        recorded.vintage_last_week,
        recorded.outcome_set,
        recorded.municipality_code,
        max(case when {{ dream_is_small_count('abs(recorded.persons - other.persons)') }} then 1 else 0 end)
        = 1 as is_persons_differing,
        max(
            case
                when
                    {{ dream_is_small_count(
                        'abs(recorded.persons_awaiting_outcome - other.persons_awaiting_outcome)') }}
                    then 1
                else 0
            end
        ) = 1 as is_persons_awaiting_outcome_differing,
        max(
            case
                when {{ dream_is_small_count('abs(recorded.persons_closer - other.persons_closer)') }} then 1
                else 0
            end
        ) = 1 as is_persons_closer_differing
    from recorded
    inner join recorded as other
        on
            recorded.outcome_set = other.outcome_set
            and recorded.municipality_code = other.municipality_code
            and recorded.vintage_last_week <> other.vintage_last_week
    group by recorded.vintage_last_week, recorded.outcome_set, recorded.municipality_code
),

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
        recorded.{{ (carried + counts) | join(',\n        ' ~ 'recorded.') }},
        {{ dream_is_small_count('recorded.persons') }}
        or coalesce(differences.is_persons_differing, false) as is_persons_suppressed,
        {{ dream_is_small_count('recorded.persons_awaiting_outcome') }}
        or coalesce(differences.is_persons_awaiting_outcome_differing, false) as is_awaiting_suppressed,
        {{ dream_is_small_count('recorded.persons_closer') }} or {{ dream_is_small_count('recorded.persons') }}
        or coalesce(differences.is_persons_closer_differing or differences.is_persons_differing, false)
            as is_closer_suppressed
    from recorded
    left join differences
        on
            recorded.vintage_last_week = differences.vintage_last_week
            and recorded.outcome_set = differences.outcome_set
            and recorded.municipality_code = differences.municipality_code
    where recorded.is_national
),

protected as (
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
        cast(case when not is_persons_suppressed then persons end as integer) as persons,
        cast(case when not is_awaiting_suppressed then persons_awaiting_outcome end as integer)
            as persons_awaiting_outcome,
        cast(case when not is_closer_suppressed then persons_closer end as integer) as persons_closer,
        {{ dream_share_columns(
            'case when not (is_persons_suppressed or is_closer_suppressed) then persons_closer end',
            'case when not (is_persons_suppressed or is_closer_suppressed) then persons end') }},
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

{#-
  The municipal comparison (spec §3.6-3.7): one row per outcome set and municipality
  (the 98 municipalities, plus any non-municipal code found in the data). Only
  municipalities with at least min_persons_ranked observed outcomes are ranked.
  Persons with an unknown municipality count nationally (fct_national_outcomes) only.
  Safe publication: a count below min_published_count is null (with its share), and so
  is the smallest other count of its column whenever a column would otherwise have one
  lone suppressed count that the national total would give away (is_suppressed).
-#}
{%- set min_persons = var('min_persons_ranked') | int -%}

with scored as (
    select * from {{ ref('int_resource_outcomes_scored') }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

outcome_sets as (
    select * from {{ ref('dream_outcome_sets') }}
),

set_names as (
    select distinct outcome_set from outcome_sets
),

places as (
    select
        municipality_code,
        municipality_name,
        true as is_municipality
    from municipalities
    union all
    select distinct
        municipality_code,
        cast(null as {{ dream_text_type() }}) as municipality_name,
        false as is_municipality
    from scored
    where municipality_code is not null and not is_municipality
),

counted as (
    select
        set_names.outcome_set,
        places.municipality_code,
        places.municipality_name,
        places.is_municipality,
        count(case when scored.is_outcome_observed then 1 end) as persons,
        count(case when not scored.is_outcome_observed then 1 end) as persons_awaiting_outcome,
        count(case when scored.is_closer then 1 end) as persons_closer
    from set_names
    cross join places
    left join scored
        on
            set_names.outcome_set = scored.outcome_set
            and places.municipality_code = scored.municipality_code
    group by set_names.outcome_set, places.municipality_code, places.municipality_name, places.is_municipality
),

flagged as (
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        {{ dream_outcome_count_flags() }}
    from counted
),

{%- set carried = ['outcome_set', 'municipality_code', 'municipality_name', 'is_municipality', 'persons',
    'persons_awaiting_outcome', 'persons_closer'] %}
{{ dream_complementary_suppression(
    'flagged', 'persons_protected', carried + ['is_awaiting_suppressed', 'is_closer_suppressed'],
    'persons', 'is_persons_suppressed', [['outcome_set']], ['municipality_code'], rounds=1) }},
{{ dream_complementary_suppression(
    'persons_protected', 'awaiting_protected', carried + ['is_persons_suppressed', 'is_closer_suppressed'],
    'persons_awaiting_outcome', 'is_awaiting_suppressed', [['outcome_set']], ['municipality_code'], rounds=1) }},
{{ dream_complementary_suppression(
    'awaiting_protected', 'protected', carried + ['is_persons_suppressed', 'is_awaiting_suppressed'],
    'persons_closer', 'is_closer_suppressed', [['outcome_set']], ['municipality_code'], rounds=1) }},

shares as (
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_persons_suppressed or is_closer_suppressed as is_suppressed,
        case when not is_persons_suppressed then persons end as persons,
        case when not is_awaiting_suppressed then persons_awaiting_outcome end as persons_awaiting_outcome,
        case when not is_closer_suppressed then persons_closer end as persons_closer,
        {{ dream_share_columns(
            'case when not (is_persons_suppressed or is_closer_suppressed) then persons_closer end', 'persons') }},
        is_municipality and persons >= {{ min_persons }} as is_ranked
    from protected
),

final as (
    select
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        cast(persons as integer) as persons,
        cast(persons_awaiting_outcome as integer) as persons_awaiting_outcome,
        cast(persons_closer as integer) as persons_closer,
        share_closer,
        share_ci_low,
        share_ci_high,
        is_ranked,
        cast(case
            when is_ranked then rank() over (partition by outcome_set, is_ranked order by share_closer desc)
        end as integer) as rank,
        is_suppressed
    from shares
)

select
    outcome_set,
    municipality_code,
    municipality_name,
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

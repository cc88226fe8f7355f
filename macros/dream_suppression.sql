{#-
  Safe publication: person counts below var('min_published_count') (5) never reach a
  published mart, nor any value that would let one be worked out.
-#}

{#- Primary suppression: true when a count is 1 .. min_published_count - 1. -#}
{% macro dream_is_small_count(count_expr) -%}
    ({{ count_expr }} between 1 and {{ (var('min_published_count') | int) - 1 }})
{%- endmacro %}

{#-
  Complementary suppression, as a chain of CTEs after `source_cte`: in every additive
  relation (the cells of one partition add up to a published total), a lone suppressed
  cell could be worked out from the total and the others, so the smallest other cell
  (non-zero first) is suppressed with it. `partitionings` lists the relations (each a
  list of columns); they are applied in turn, `rounds` times, since suppressing in one
  relation can leave a lone cell in another. `flag` (a boolean column of source_cte,
  the primary suppression) is updated; `columns` are the other columns carried through;
  `tie_breakers` order cells of equal value, so that the same counts get the same
  verdict in every outcome set; the last CTE is named `name`. A cell whose partitioning
  columns hold a null belongs to no relation of that partitioning (e.g. `ranked_set`, the
  outcome set of a ranked municipality, null for the others). tests:
  pytests/test_safe_publication.py proves on the calibrated scenario (and the small extracts
  of pytests/test_small_extracts.py) that no suppressed count can be worked out from the marts.
-#}
{% macro dream_complementary_suppression(source_cte, name, columns, value, flag, partitionings, tie_breakers, rounds=3) -%}
    {%- set ns = namespace(previous=source_cte) -%}
    {%- for round in range(rounds) -%}
        {%- for partition in partitionings -%}
            {%- set is_last = loop.last and round == rounds - 1 -%}
            {%- set current = name if is_last else name ~ '_' ~ round ~ '_' ~ loop.index %}
{{ current }}_ordered as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        {{ flag }},
        case when {{ partition | join(' is not null and ') }} is not null then
            sum(case when {{ flag }} then 1 else 0 end) over (partition by {{ partition | join(', ') }})
        end as suppressed_in_relation,
        row_number() over (
            partition by {{ partition | join(', ') }}, {{ flag }}
            order by case when {{ value }} = 0 then 1 else 0 end, {{ value }}, {{ tie_breakers | join(', ') }}
        ) as size_order
    from {{ ns.previous }}
),

{{ current }} as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        {{ flag }} or coalesce(suppressed_in_relation = 1 and not {{ flag }} and size_order = 1, false) as {{ flag }}
    from {{ current }}_ordered
){{ ',' if not is_last }}
            {%- set ns.previous = current -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endmacro %}


{#-
  The primary-suppression flags of a row of outcome counts (persons, persons_awaiting_outcome,
  persons_closer): is_persons_suppressed, is_awaiting_suppressed, is_closer_suppressed (a
  closer count goes with a withheld persons count too).
-#}
{% macro dream_outcome_count_flags() -%}
    {{ dream_is_small_count('persons') }} as is_persons_suppressed,
        {{ dream_is_small_count('persons_awaiting_outcome') }} as is_awaiting_suppressed,
        {{ dream_is_small_count('persons_closer') }} or {{ dream_is_small_count('persons') }}
            as is_closer_suppressed
{%- endmacro %}


{#-
  Safe publication of the municipal cells (persons, persons_awaiting_outcome, persons_closer
  of an outcome set and place), as a chain of CTEs after `source_cte`, the last named
  `name`: the flags is_persons_suppressed, is_awaiting_suppressed and is_closer_suppressed
  added to `columns` (carried through). source_cte holds exact counts and outcome_set,
  municipality_code, is_municipality, is_ranked. The published relations protected:
  the places add up to the nation (per outcome set); the non-municipal codes add up to
  fct_national_outcomes.persons_non_municipal; and the shares of the ranked municipalities
  add up to their number times mean_share_ranked (sum of closer_i / persons_i), so a
  withheld closer count never stands alone among the ranked. A closer count goes with a
  withheld persons count. fct_municipal_outcomes and fct_municipal_risk_adjusted_outcomes
  both call this on the same rows (int_municipal_outcomes_ranked): the same verdicts.
  `by` (columns of source_cte) splits every relation: fct_municipal_outcome_history protects
  each vintage's cells by ['vintage_last_week'] (with by=[] the SQL is the marts' own).
  `withheld` (an optional column prefix, e.g. 'withheld_') names boolean columns of
  source_cte, <prefix>persons, <prefix>persons_awaiting_outcome and <prefix>persons_closer,
  that withhold a cell whatever its count (cells withheld by an earlier pass or another rule);
  they are carried through.
-#}
{% macro dream_municipal_cells_protected(source_cte, name, columns, by=[], withheld=none) -%}
    {%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] -%}
    {%- set keys = by + ['outcome_set', 'municipality_code', 'ranked_set', 'non_municipal_set'] -%}
    {%- set extra = [] -%}
    {%- if withheld is not none -%}{%- for count in counts -%}{%- do extra.append(withheld ~ count) -%}{%- endfor -%}{%- endif -%}
    {%- set carried = keys + (columns | reject('in', keys + counts + extra) | list) + extra + counts %}
{{ name }}_flagged as (
    select
        {{ carried | reject('in', ['ranked_set', 'non_municipal_set']) | join(',\n        ') }},
        case when is_ranked then outcome_set end as ranked_set,
        case when not is_municipality then outcome_set end as non_municipal_set,
        {%- if withheld is none %}
        {{ dream_outcome_count_flags() }}
        {%- else %}
        {{ dream_is_small_count('persons') }} or {{ withheld }}persons as is_persons_suppressed,
        {{ dream_is_small_count('persons_awaiting_outcome') }} or {{ withheld }}persons_awaiting_outcome
            as is_awaiting_suppressed,
        {{ dream_is_small_count('persons_closer') }} or {{ dream_is_small_count('persons') }}
            or {{ withheld }}persons_closer as is_closer_suppressed
        {%- endif %}
    from {{ source_cte }}
),

{{ dream_complementary_suppression(
    name ~ '_flagged', name ~ '_persons', carried + ['is_awaiting_suppressed', 'is_closer_suppressed'],
    'persons', 'is_persons_suppressed', [by + ['outcome_set'], by + ['non_municipal_set']], ['municipality_code'],
    rounds=2) }},
{{ dream_complementary_suppression(
    name ~ '_persons', name ~ '_awaiting', carried + ['is_persons_suppressed', 'is_closer_suppressed'],
    'persons_awaiting_outcome', 'is_awaiting_suppressed', [by + ['outcome_set']], ['municipality_code'],
    rounds=1) }},

{{ name }}_closer_flagged as (
    select
        {{ carried | join(',\n        ') }},
        is_persons_suppressed,
        is_awaiting_suppressed,
        is_closer_suppressed or is_persons_suppressed as is_closer_suppressed
    from {{ name }}_awaiting
),

{{ dream_complementary_suppression(
    name ~ '_closer_flagged', name, carried + ['is_persons_suppressed', 'is_awaiting_suppressed'],
    'persons_closer', 'is_closer_suppressed', [by + ['outcome_set'], by + ['ranked_set']], ['municipality_code'],
    rounds=2) }}
{%- endmacro %}


{#-
  Safe publication of the half-year cells of fct_municipal_outcome_trends (persons,
  persons_awaiting_outcome, persons_closer of an outcome set, area and end half-year), as a
  chain of CTEs after `source_cte`, the last named `name`: the flags is_persons_suppressed,
  is_awaiting_suppressed and is_closer_suppressed added to `columns` (carried through). Each
  count adds up over the half-years of an area (to the area's total) and over the areas of a
  half-year (to the national series). `by` splits every relation: fct_municipal_outcome_history
  recomputes each vintage's trend verdicts with ['vintage_last_week'].
-#}
{% macro dream_trend_cells_protected(source_cte, name, columns, by=[]) -%}
    {%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] -%}
    {%- set keys = by + ['outcome_set', 'municipality_code', 'end_half_year'] -%}
    {%- set carried = keys + (columns | reject('in', keys + counts) | list) + counts -%}
    {%- set relations = [by + ['outcome_set', 'municipality_code'], by + ['outcome_set', 'end_half_year']] -%}
    {%- set order = ['municipality_code', 'end_half_year'] %}
{{ name }}_flagged as (
    select
        {{ carried | join(',\n        ') }},
        {{ dream_outcome_count_flags() }}
    from {{ source_cte }}
),

{{ dream_complementary_suppression(
    name ~ '_flagged', name ~ '_persons', carried + ['is_awaiting_suppressed', 'is_closer_suppressed'],
    'persons', 'is_persons_suppressed', relations, order) }},
{{ dream_complementary_suppression(
    name ~ '_persons', name ~ '_awaiting', carried + ['is_persons_suppressed', 'is_closer_suppressed'],
    'persons_awaiting_outcome', 'is_awaiting_suppressed', relations, order) }},
{{ dream_complementary_suppression(
    name ~ '_awaiting', name, carried + ['is_persons_suppressed', 'is_awaiting_suppressed'],
    'persons_closer', 'is_closer_suppressed', relations, order) }}
{%- endmacro %}

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
  verdict in every outcome set; the last CTE is named `name`. tests: pytests/test_safe_publication.py proves on the
  calibrated scenario that no suppressed count can be worked out from the marts.
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
        sum(case when {{ flag }} then 1 else 0 end) over (partition by {{ partition | join(', ') }})
            as suppressed_in_relation,
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
        {{ flag }} or (suppressed_in_relation = 1 and not {{ flag }} and size_order = 1) as {{ flag }}
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

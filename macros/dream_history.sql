{#-
  The history across vintages (int_municipal_outcomes_recorded, fct_municipal_outcome_history).
-#}

{#-
  The incremental config that replaces, on each run, every row whose `key` value the run
  produces (and only those), whatever else the rows hold: delete+insert by `key` on DuckDB
  and PostgreSQL (a non-unique key: all rows of the key go); on Spark, whose Parquet tables
  cannot delete rows, an insert overwrite of the partitions of `key` (dynamic partition
  overwrite, set in the profile).
-#}
{% macro dream_replace_by_key_config(key) -%}
    {{ return(adapter.dispatch('dream_replace_by_key_config', 'dream_outcomes')(key)) }}
{%- endmacro %}

{% macro default__dream_replace_by_key_config(key) -%}
    {{ return({'incremental_strategy': 'delete+insert', 'unique_key': key}) }}
{%- endmacro %}

{% macro spark__dream_replace_by_key_config(key) -%}
    {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': [key]}) }}
{%- endmacro %}


{#-
  dbt run-operation dream_reset_outcome_history: the one deliberate way to forget the recorded
  vintages (a --full-refresh keeps them). Drops int_municipal_outcomes_recorded; the next build
  records its own vintage only.
-#}
{% macro dream_reset_outcome_history() -%}
    {%- set node = graph.nodes.values() | selectattr('name', 'equalto', 'int_municipal_outcomes_recorded') | first -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if relation is none -%}
        {{ log('dream_reset_outcome_history: no history recorded yet (' ~ node.schema ~ '.' ~ node.alias ~ ' does not exist)', info=true) }}
    {%- else -%}
        {%- call statement('dream_reset_outcome_history', auto_begin=true) -%}
            drop table if exists {{ relation }}
        {%- endcall -%}
        {#- run-operation does not commit by itself (a no-op on Spark, which has no transactions) -#}
        {%- do adapter.commit() -%}
        {{ log('dream_reset_outcome_history: dropped ' ~ relation ~ '; the next build records its vintage only', info=true) }}
    {%- endif -%}
{%- endmacro %}


{#-
  Pass 2 of fct_municipal_outcome_history, as a CTE `name` after `areas_cte` (exact counts per
  vintage_last_week, outcome_set and municipality_code): per vintage and area, whether each count
  (persons, persons_awaiting_outcome, persons_closer) differs by 1 .. min_published_count - 1 from the
  same count of the same area in another vintage (is_<count>_differing).
-#}
{% macro dream_vintage_differences(areas_cte, name) -%}
    {%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] %}
{{ name }} as (
    select
        areas.vintage_last_week,
        areas.outcome_set,
        areas.municipality_code,
        {%- for count in counts %}
        max(
            case
                when {{ dream_is_small_count('abs(areas.' ~ count ~ ' - other.' ~ count ~ ')') }} then 1
                else 0
            end
        ) = 1 as is_{{ count }}_differing{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ areas_cte }} as areas
    inner join {{ areas_cte }} as other
        on
            areas.outcome_set = other.outcome_set
            and areas.municipality_code = other.municipality_code
            and areas.vintage_last_week <> other.vintage_last_week
    group by areas.vintage_last_week, areas.outcome_set, areas.municipality_code
)
{%- endmacro %}


{#-
  Pass 4 of fct_municipal_outcome_history, as CTEs after `areas_cte` (the vintages' areas, with
  window_end_half_year and is_window_closing_half_year) and `trend_cte` (each vintage's half-year
  cells with the trend mart's verdicts, dream_trend_cells_protected by vintage), the last named
  `name`: per older vintage whose window closes a half-year, outcome set and area, whether its count
  would single out a newer vintage's withheld trend cell - the only one withheld up to that
  half-year, or after it (is_persons_singling_out, is_awaiting_singling_out, is_closer_singling_out).
-#}
{% macro dream_trend_singled_out(areas_cte, trend_cte, name) -%}
    {%- set flags = ['is_persons_suppressed', 'is_awaiting_suppressed', 'is_closer_suppressed'] %}
{{ name }}_closing as (
    select distinct
        vintage_last_week,
        window_end_half_year
    from {{ areas_cte }}
    where is_window_closing_half_year
),

{# per older vintage whose window closes a half-year, newer vintage, outcome set and area: how many
   of the newer vintage's trend cells are withheld up to that half-year, and after it #}
{{ name }}_splits as (
    select
        older.vintage_last_week,
        trend.vintage_last_week as newer_vintage_last_week,
        trend.outcome_set,
        trend.municipality_code,
        {%- for flag in flags %}
        sum(case when trend.{{ flag }} and trend.end_half_year <= older.window_end_half_year then 1 else 0 end)
            as {{ flag }}_up_to,
        sum(case when trend.{{ flag }} and trend.end_half_year > older.window_end_half_year then 1 else 0 end)
            as {{ flag }}_after{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ name }}_closing as older
    inner join {{ trend_cte }} as trend
        on older.vintage_last_week < trend.vintage_last_week
    group by older.vintage_last_week, trend.vintage_last_week, trend.outcome_set, trend.municipality_code
),

{{ name }} as (
    select
        vintage_last_week,
        outcome_set,
        municipality_code,
        {%- for flag in flags %}
        max(case when {{ flag }}_up_to = 1 or {{ flag }}_after = 1 then 1 else 0 end)
        = 1 as {{ flag | replace('_suppressed', '_singling_out') }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ name }}_splits
    group by vintage_last_week, outcome_set, municipality_code
)
{%- endmacro %}

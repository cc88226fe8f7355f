{#-
  Hooks of every model (dbt_project.yml), per warehouse: the session settings each model runs
  with (pre-hook) and the statistics of the table it built (post-hook).
-#}

{#-
  Session settings each model runs with (a pre-hook of every model). PostgreSQL: no JIT
  compilation; the queries over the wide extract name hundreds of columns, and compiling them
  takes far longer than running them (the value profile: 57 s with JIT, 3 s without).
-#}
{% macro dream_session_settings() -%}
    {{ return(adapter.dispatch('dream_session_settings', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_session_settings() -%}
{%- endmacro %}

{% macro postgres__dream_session_settings() -%}
    set jit = off
{%- endmacro %}


{#-
  Statistics of the table a model built (a post-hook of every model). PostgreSQL plans a query
  from the statistics of the tables it reads, and a table dbt has just created has none until
  autovacuum samples it: the planner then takes it for nearly empty (a staged row count of 1)
  and picks nested loops over the whole extract (base_dream__extract_cells: 48 s on the demo
  extract instead of 2 s). So each table is analysed as soon as it is built; a view has no
  statistics of its own. The others gather what they need themselves.
-#}
{% macro dream_table_statistics() -%}
    {{ return(adapter.dispatch('dream_table_statistics', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_table_statistics() -%}
{%- endmacro %}

{% macro postgres__dream_table_statistics() -%}
    {%- if config.get('materialized') in ['table', 'incremental'] -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}

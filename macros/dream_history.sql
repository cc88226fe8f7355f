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

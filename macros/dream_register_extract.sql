{#-
  on-run-start: make the raw DREAM extract available as the relation of
  source('dream', 'extract').

  DuckDB (the embedded default): DREAM_EXTRACT names a file (';'- or ','-separated
  text with a header row, optionally .gz, or Parquet); a view over the file is
  (re)created in schema var('dream_raw_schema'). Problems stop the build at once
  with one message that names the path and the problem.

  Other warehouses load the extract into that relation themselves (see README),
  so the default implementation does nothing.
-#}
{% macro dream_register_extract() -%}
    {{ return(adapter.dispatch('dream_register_extract', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_register_extract() -%}
    select 1
{%- endmacro %}

{% macro duckdb__dream_register_extract() -%}
    {%- if not execute -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set path = env_var('DREAM_EXTRACT', '') | trim -%}
    {%- if path == '' -%}
        {{ exceptions.raise_compiler_error(
            "DREAM_EXTRACT is not set: point it at a DREAM extract (.csv, .csv.gz, .txt or .parquet), "
            ~ "e.g. DREAM_EXTRACT=/data/dream.csv dbt build --profiles-dir profiles") }}
    {%- endif -%}
    {%- set quoted_path = "'" ~ path | replace("'", "''") ~ "'" -%}
    {%- set found = run_query("select count(*) from glob(" ~ quoted_path ~ ")").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ exceptions.raise_compiler_error("DREAM_EXTRACT=" ~ path ~ ": no such file") }}
    {%- endif -%}
    {%- if (path | lower).endswith('.parquet') -%}
        {%- set reader = "read_parquet(" ~ quoted_path ~ ")" -%}
    {%- else -%}
        {%- set reader = "read_csv(" ~ quoted_path ~ ", header = true, all_varchar = true)" -%}
    {%- endif -%}
    {%- set relation = api.Relation.create(
        database=target.database, schema=var('dream_raw_schema'), identifier='dream_extract') -%}
    create schema if not exists {{ relation.without_identifier() }};
    create or replace view {{ relation }} as select * from {{ reader }};
{%- endmacro %}

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
        {#- Sniff the text file once (separator, header); the view then reads it with explicit
            options and every column as text, so no query pays for sniffing 1,700 columns again. -#}
        {%- set sniffed = run_query(
            "select Delimiter, to_json(list_transform(Columns, lambda c: c.name)) from sniff_csv("
            ~ quoted_path ~ ", header = true)").rows[0] -%}
        {%- set delimiter = sniffed[0] -%}
        {%- set names = fromjson(sniffed[1]) -%}
        {%- set column_types = [] -%}
        {%- for name in names -%}
            {%- do column_types.append("'" ~ name | replace("'", "''") ~ "': 'VARCHAR'") -%}
        {%- endfor -%}
        {%- set reader = "read_csv(" ~ quoted_path ~ ", header = true, auto_detect = false, delim = '"
            ~ delimiter | replace("'", "''") ~ "', quote = '\"', escape = '\"', columns = {"
            ~ column_types | join(', ') ~ "})" -%}
    {%- endif -%}
    {%- set relation = api.Relation.create(
        database=target.database, schema=var('dream_raw_schema'), identifier='dream_extract') -%}
    create schema if not exists {{ relation.without_identifier() }};
    create or replace view {{ relation }} as select * from {{ reader }};
{%- endmacro %}

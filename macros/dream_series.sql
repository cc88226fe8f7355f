{#-
  One row per whole number from first_expr to last_expr (inclusive), as a select-list
  expression over a one-row relation holding the bounds: a set-returning call on
  PostgreSQL, unnest of a list on DuckDB, explode of a sequence on Spark.
-#}
{% macro dream_integer_series(first_expr, last_expr) -%}
    {{ return(adapter.dispatch('dream_integer_series', 'dream_outcomes')(first_expr, last_expr)) }}
{%- endmacro %}

{% macro default__dream_integer_series(first_expr, last_expr) -%}
    generate_series({{ first_expr }}, {{ last_expr }})
{%- endmacro %}

{% macro duckdb__dream_integer_series(first_expr, last_expr) -%}
    unnest(generate_series({{ first_expr }}, {{ last_expr }}))
{%- endmacro %}

{% macro spark__dream_integer_series(first_expr, last_expr) -%}
    explode(sequence({{ first_expr }}, {{ last_expr }}))
{%- endmacro %}

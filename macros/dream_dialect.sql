{#-
  Dialect shims: the portable SQL pieces whose syntax differs between DuckDB, PostgreSQL
  and Spark (adapter.dispatch with default__ = PostgreSQL, duckdb__ and spark__ where they
  differ): the text and double types, a regular-expression full match, a cast that gives
  null, the n-th field of a split, a whole-row fingerprint, a count of non-empty
  columns that stays shallow at any width, and a series of whole numbers. The models call only these.
-#}

{#- true when the whole of text_expr matches the regular expression pattern -#}
{% macro dream_regexp_full_match(text_expr, pattern) -%}
    {{ return(adapter.dispatch('dream_regexp_full_match', 'dream_outcomes')(text_expr, pattern)) }}
{%- endmacro %}

{% macro default__dream_regexp_full_match(text_expr, pattern) -%}
    ({{ text_expr }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro duckdb__dream_regexp_full_match(text_expr, pattern) -%}
    regexp_full_match({{ text_expr }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__dream_regexp_full_match(text_expr, pattern) -%}
    ({{ text_expr }} rlike '^(?:{{ pattern }})$')
{%- endmacro %}


{#- the text type -#}
{% macro dream_text_type() -%}
    {{ return(adapter.dispatch('dream_text_type', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_text_type() -%}
    varchar
{%- endmacro %}

{% macro spark__dream_text_type() -%}
    string
{%- endmacro %}


{#- the double-precision floating-point type -#}
{% macro dream_float_type() -%}
    {{ return(adapter.dispatch('dream_float_type', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_float_type() -%}
    double precision
{%- endmacro %}

{% macro duckdb__dream_float_type() -%}
    double
{%- endmacro %}

{% macro spark__dream_float_type() -%}
    double
{%- endmacro %}


{#- cast that gives null instead of failing on a value that does not convert -#}
{% macro dream_try_cast(expr, type) -%}
    {{ return(adapter.dispatch('dream_try_cast', 'dream_outcomes')(expr, type)) }}
{%- endmacro %}

{% macro default__dream_try_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}

{% macro postgres__dream_try_cast(expr, type) -%}
    {%- if type in ('integer', 'int', 'bigint', 'smallint') -%}
        case when trim({{ expr }}) ~ '^[+-]?[0-9]{1,9}$' then cast(trim({{ expr }}) as {{ type }}) end
    {%- else -%}
        case when trim({{ expr }}) ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
            then cast(trim({{ expr }}) as {{ type }}) end
    {%- endif -%}
{%- endmacro %}


{#-
  The part_number-th field (1-based) of text split on a delimiter; part_number may be a column
  (dbt.split_part needs a literal on some adapters). Empty text when there is no such field.
-#}
{% macro dream_split_part(text_expr, delimiter_expr, part_number_expr) -%}
    {{ return(adapter.dispatch('dream_split_part', 'dream_outcomes')(text_expr, delimiter_expr, part_number_expr)) }}
{%- endmacro %}

{% macro default__dream_split_part(text_expr, delimiter_expr, part_number_expr) -%}
    split_part({{ text_expr }}, {{ delimiter_expr }}, cast({{ part_number_expr }} as integer))
{%- endmacro %}


{#- a text fingerprint of a whole row (alias of a relation in the from clause) -#}
{% macro dream_row_fingerprint(relation_alias) -%}
    {{ return(adapter.dispatch('dream_row_fingerprint', 'dream_outcomes')(relation_alias)) }}
{%- endmacro %}

{% macro default__dream_row_fingerprint(relation_alias) -%}
    md5(cast({{ relation_alias }} as {{ dream_text_type() }}))
{%- endmacro %}

{% macro spark__dream_row_fingerprint(relation_alias) -%}
    md5(to_json(struct({{ relation_alias }}.*)))
{%- endmacro %}


{#-
  How many of the given columns hold a non-empty value (trimmed text), per row, as one SQL
  expression. The terms are summed in parenthesised batches of batch_size, then the batch sums:
  one flat chain of hundreds of additions is a tree hundreds of levels deep, which overflows the
  JVM stack of Spark's analyser (a 2026 extract reads about 700 week columns); batches keep the
  depth near batch_size + columns / batch_size on every engine. 0 for no columns.
-#}
{% macro dream_count_non_empty(columns, batch_size=40) -%}
    {%- if columns | length == 0 -%}
        0
    {%- else -%}
        {%- for batch in columns | batch(batch_size) %}
        {{ '+ ' if not loop.first }}(
            {%- for column in batch %}
            {{ '+ ' if not loop.first }}case when trim(cast({{ adapter.quote(column) }} as {{ dream_text_type() }})) <> '' then 1 else 0 end
            {%- endfor %}
        )
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}


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


{#-
  The keyword that keeps a CTE from being inlined into the query that reads it, with its trailing
  space ('' where the engine never inlines a chain into exponential expressions): PostgreSQL folds a
  chain of CTEs, each computed from the one before, into one expression tree that grows with every
  step (the time-to-closer scan); materialised, each step is a small table of its own.
-#}
{% macro dream_cte_materialized() -%}
    {{ return(adapter.dispatch('dream_cte_materialized', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_cte_materialized() -%}
{%- endmacro %}

{% macro postgres__dream_cte_materialized() -%}
    materialized{{ ' ' }}
{%- endmacro %}

{#- Portable SQL pieces that differ between warehouses (adapter.dispatch). -#}

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
  Wide to long: one row per (person, column) for the non-empty cells of the given
  columns of relation. columns are names as found in the extract. Output columns:
  person_id (trimmed), column_name, cell_value (text, trimmed).
-#}
{% macro dream_unpivot(relation, id_column, columns) -%}
    {{ return(adapter.dispatch('dream_unpivot', 'dream_outcomes')(relation, id_column, columns)) }}
{%- endmacro %}

{% macro dream_unpivot_empty(relation) -%}
    select
        cast(null as {{ dream_text_type() }}) as person_id,
        cast(null as {{ dream_text_type() }}) as column_name,
        cast(null as {{ dream_text_type() }}) as cell_value
    from {{ relation }}
    where 1 = 0
{%- endmacro %}

{% macro default__dream_unpivot(relation, id_column, columns) -%}
    {%- if columns | length == 0 -%}
        {{ return(dream_unpivot_empty(relation)) }}
    {%- endif -%}
    select
        trim(cast(extract_rows.{{ adapter.quote(id_column) }} as {{ dream_text_type() }})) as person_id,
        cells.column_name,
        trim(cells.cell_value) as cell_value
    from {{ relation }} as extract_rows
    cross join lateral (
        values
        {%- for column in columns %}
            ('{{ column }}', cast(extract_rows.{{ adapter.quote(column) }} as {{ dream_text_type() }})){{ ',' if not loop.last }}
        {%- endfor %}
    ) as cells (column_name, cell_value)
    where cells.cell_value is not null and trim(cells.cell_value) <> ''
{%- endmacro %}

{% macro duckdb__dream_unpivot(relation, id_column, columns) -%}
    {%- if columns | length == 0 -%}
        {{ return(dream_unpivot_empty(relation)) }}
    {%- endif -%}
    select
        person_id,
        column_name,
        trim(cell_value) as cell_value
    from (
        unpivot (
            select
                trim(cast({{ adapter.quote(id_column) }} as varchar)) as person_id,
                {%- for column in columns %}
                cast({{ adapter.quote(column) }} as varchar) as {{ adapter.quote(column) }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ relation }}
        )
        on {% for column in columns %}{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %}
        into name column_name value cell_value
    )
    where trim(cell_value) <> ''
{%- endmacro %}

{% macro spark__dream_unpivot(relation, id_column, columns) -%}
    {%- if columns | length == 0 -%}
        {{ return(dream_unpivot_empty(relation)) }}
    {%- endif -%}
    select person_id, column_name, trim(cell_value) as cell_value
    from (
        select
            trim(cast({{ adapter.quote(id_column) }} as string)) as person_id,
            stack(
                {{ columns | length }},
                {%- for column in columns %}
                '{{ column }}', cast({{ adapter.quote(column) }} as string){{ ',' if not loop.last }}
                {%- endfor %}
            ) as (column_name, cell_value)
        from {{ relation }}
    ) as cells
    where cell_value is not null and trim(cell_value) <> ''
{%- endmacro %}


{#-
  95 % Wilson score interval for successes / trials; bound is 'low' or 'high'.
  Null when trials = 0 or successes is null.
-#}
{% macro dream_wilson_bound(successes, trials, bound, z=1.959963984540054) -%}
    {%- set n = 'cast(' ~ trials ~ ' as ' ~ dream_float_type() ~ ')' -%}
    {%- set p = 'cast(' ~ successes ~ ' as ' ~ dream_float_type() ~ ') / ' ~ n -%}
    {%- set z2 = z * z -%}
    {#- clamped to [0, 1]: at a share of 0 or 1 rounding could otherwise step just outside -#}
    {#- greatest/least skip nulls on some engines: a null count must give a null bound #}
    case when {{ trials }} > 0 and {{ successes }} is not null then
        greatest(0, least(1,
            (
                ({{ p }}) + {{ z2 }} / (2 * {{ n }})
                {{ '-' if bound == 'low' else '+' }} {{ z }} * sqrt(({{ p }}) * (1 - ({{ p }})) / {{ n }} + {{ z2 }} / (4 * {{ n }} * {{ n }}))
            ) / (1 + {{ z2 }} / {{ n }})
        ))
    end
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
  The three share columns of a mart: share_closer = successes / trials and its 95 % Wilson
  interval (share_ci_low, share_ci_high); all null when trials = 0.
-#}
{% macro dream_share_columns(successes, trials) -%}
    cast(
        case when {{ trials }} > 0 then cast({{ successes }} as {{ dream_float_type() }}) / {{ trials }} end
        as {{ dream_float_type() }}
    ) as share_closer,
    cast({{ dream_wilson_bound(successes, trials, 'low') }} as {{ dream_float_type() }}) as share_ci_low,
    cast({{ dream_wilson_bound(successes, trials, 'high') }} as {{ dream_float_type() }}) as share_ci_high
{%- endmacro %}


{#-
  How often each distinct non-empty value occurs in each of the given columns of a
  relation: rows (column_name, cell_value, cells), cell_value as trimmed text. The same
  (column_name, cell_value) may come out more than once (e.g. ' 810' and '810'); sum them.
  One pass over the relation, reading only these columns: one grouping set per column
  counts the values in their own type (no cell is cast to text, nothing is unpivoted),
  and only the small grouped result (a few thousand rows) is turned long.
-#}
{% macro dream_column_value_counts(relation, columns) -%}
    {{ return(adapter.dispatch('dream_column_value_counts', 'dream_outcomes')(relation, columns)) }}
{%- endmacro %}

{% macro default__dream_column_value_counts(relation, columns) -%}
    {%- if columns | length == 0 -%}
        select
            cast(null as {{ dream_text_type() }}) as column_name,
            cast(null as {{ dream_text_type() }}) as cell_value,
            cast(0 as bigint) as cells
        where 1 = 0
    {%- else -%}
        with grouped as (
            select
                {%- for column in columns %}
                {{ adapter.quote(column) }},
                {%- endfor %}
                count(*) as cells
            from {{ relation }}
            group by grouping sets (
                {%- for column in columns %}
                ({{ adapter.quote(column) }}){{ ',' if not loop.last }}
                {%- endfor %}
            )
        ),

        {#- the grouped result is small; dream_unpivot turns it long in one pass, the count
            riding in its id slot #}
        counted as (
            {{ dream_unpivot('grouped', 'cells', columns) }}
        )

        select
            column_name,
            cell_value,
            cast(person_id as bigint) as cells
        from counted
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
  on-run-end: BI roles (env DREAM_PG_BI_ROLES, comma-separated; default bi_reader) may use the marts schema; select on each mart comes
  from the marts' grants config. No other schema is granted to them (staging, intermediate,
  person_marts, reference), so person-level rows stay out of their reach. PostgreSQL only:
  DuckDB has no roles, and grants are not applicable to a local Spark session.
-#}
{% macro dream_grant_bi_access() -%}
    {{ return(adapter.dispatch('dream_grant_bi_access', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_grant_bi_access() -%}
{%- endmacro %}

{% macro postgres__dream_grant_bi_access() -%}
    {%- set schema = generate_schema_name('marts', none) -%}
    {%- set roles = env_var('DREAM_PG_BI_ROLES', 'bi_reader').split(',') | map('trim') | reject('equalto', '') | list -%}
    {%- if roles | length > 0 -%}
    create schema if not exists {{ adapter.quote(schema) }};
    grant usage on schema {{ adapter.quote(schema) }} to {% for role in roles %}{{ adapter.quote(role) }}{{ ', ' if not loop.last }}{% endfor %}
    {%- endif -%}
{%- endmacro %}


{#-
  Spark and PostgreSQL: the rows turned long first (dream_unpivot), then counted. A grouping set
  per column makes Spark copy every row once per column (its Expand operator), hundreds of
  columns wide, and PostgreSQL sort or hash the whole input once per column (the demo extract:
  28 s, against 4 s this way).
-#}
{% macro postgres__dream_column_value_counts(relation, columns) -%}
    {{ return(spark__dream_column_value_counts(relation, columns)) }}
{%- endmacro %}

{% macro spark__dream_column_value_counts(relation, columns) -%}
    {%- if columns | length == 0 -%}
        {{ return(default__dream_column_value_counts(relation, columns)) }}
    {%- endif -%}
    with cells as (
        {{ dream_unpivot(relation, columns[0], columns) }}
    )

    select
        column_name,
        cell_value,
        count(*) as cells
    from cells
    group by column_name, cell_value
{%- endmacro %}


{#-
  95 % confidence bound of an observed/expected ratio (a standardised ratio) by Byar's
  approximation to the Poisson interval of the observed count; bound is 'low' or 'high'.
  Null when expected is not positive.
-#}
{% macro dream_byar_bound(observed, expected, bound, z=1.959963984540054) -%}
    {%- set o = 'cast(' ~ observed ~ ' as ' ~ dream_float_type() ~ ')' -%}
    {%- if bound == 'low' -%}
    case
        when {{ expected }} > 0 and {{ observed }} = 0 then 0.0
        when {{ expected }} > 0
            then {{ o }} * power(1 - 1 / (9 * {{ o }}) - {{ z }} / (3 * sqrt({{ o }})), 3) / {{ expected }}
    end
    {%- else -%}
    case
        when {{ expected }} > 0
            then ({{ o }} + 1) * power(1 - 1 / (9 * ({{ o }} + 1)) + {{ z }} / (3 * sqrt({{ o }} + 1)), 3) / {{ expected }}
    end
    {%- endif -%}
{%- endmacro %}


{#-
  Grants on Spark: not applicable to a local Spark session (no access control), and Spark SQL
  has no SHOW GRANTS, which dbt's default runs before re-granting on a rebuilt table. The grants
  config is for PostgreSQL (see dream_grant_bi_access).
-#}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
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

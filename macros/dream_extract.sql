{#-
  Introspection of the wide DREAM extract, for the models that read it: its header as
  rows, the names of the columns of given kinds, the person-id column, the filter of the
  rows in scope (with the integer runs it compares), select-list columns, and the two
  ways it is read wide: value counts per column and wide to long (dream_unpivot, per
  warehouse). Columns are found by name (see base_dream__extract_columns), never by
  position.
-#}

{#-
  The header of the extract relation as SQL rows (column_position, column_name).
  Before the relation exists (parsing, linting on a fresh clone) it yields no rows.
  When the loader (python -m dream_outcomes.load, PostgreSQL) loaded only the columns the
  analysis reads, it wrote the file's whole header beside the extract
  (dream_extract_columns_in_file): that is the header, so the extract's weeks are the file's.
-#}
{% macro dream_extract_header_sql(extract_relation) -%}
    {%- set columns = [] -%}
    {%- set in_file = none -%}
    {%- if execute -%}
        {%- set in_file = load_relation(api.Relation.create(
            database=extract_relation.database, schema=var('dream_raw_schema'),
            identifier='dream_extract_columns_in_file')) -%}
        {%- set existing = load_relation(extract_relation) -%}
        {%- if existing is not none and in_file is none -%}
            {%- set columns = adapter.get_columns_in_relation(existing) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if in_file is not none %}
    select
        column_position,
        cast(column_name as {{ dream_text_type() }}) as column_name
    from {{ in_file }}
    {%- elif columns | length == 0 %}
    select
        cast(null as integer) as column_position,
        cast(null as {{ dream_text_type() }}) as column_name
    where 1 = 0
    {%- else %}
    {#- one VALUES list, not 1,541 unions (which some engines parse as a tree that deep) #}
    select column_position, column_name
    from (
        values
        {%- for column in columns %}
        ({{ loop.index }}, '{{ column.name | replace("'", "''") }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as header (column_position, column_name)
    {%- endif %}
{%- endmacro %}


{#-
  Names (as found in the extract) of the columns of the given kinds, in file order, from a
  built relation of columns (base_dream__extract_columns_read: the columns read;
  base_dream__extract_columns: all). Returns [] before that relation exists.
-#}
{% macro dream_extract_column_names(columns_relation, kinds) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set existing = load_relation(columns_relation) -%}
    {%- if existing is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select column_name
        from {{ existing }}
        where column_kind in ('{{ kinds | join("', '") }}')
        order by column_position
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}


{#-
  The one person-id column of the extract (lobenr, or pnr on research servers).
  Stops the build when there is none or more than one.
-#}
{% macro dream_person_id_column(columns_relation) -%}
    {%- if not execute or load_relation(columns_relation) is none -%}
        {{ return('lobenr') }}
    {%- endif -%}
    {%- set found = dream_extract_column_names(columns_relation, ['person_id']) -%}
    {%- if found | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            "The DREAM extract must have exactly one person-id column (lobenr or pnr); found "
            ~ (found | length) ~ ": " ~ (found | join(', '))) }}
    {%- endif -%}
    {{ return(found[0]) }}
{%- endmacro %}


{#-
  The rows of the extract that must be staged, as a SQL condition on its columns: a row
  is in scope when a column read holds a value that base_dream__extract_values marks
  is_in_scope (a ressourceforløb code, or a value to quarantine). Values are compared in
  the column's own type (text columns trimmed), so Parquet columns are never cast cell
  by cell, and as plain comparisons (runs of whole numbers as one between), which every
  engine evaluates in the scan. False before the values relation exists (parsing, linting).
-#}
{% macro dream_scope_filter(extract_relation, values_relation) -%}
    {%- if not execute or load_relation(values_relation) is none -%}
        {{ return('1 = 0') }}
    {%- endif -%}
    {%- set query -%}
        select column_name, cell_value
        from {{ values_relation }}
        where is_in_scope
        order by column_name, cell_value
    {%- endset -%}
    {%- set in_scope = {} -%}
    {%- for row in run_query(query).rows -%}
        {%- do in_scope.setdefault(row[0], []).append(row[1]) -%}
    {%- endfor -%}
    {%- set conditions = [] -%}
    {%- for column in adapter.get_columns_in_relation(extract_relation) if column.name in in_scope -%}
        {%- if column.is_string() -%}
            {%- for value in in_scope[column.name] -%}
                {%- do conditions.append(
                    'trim(' ~ adapter.quote(column.name) ~ ") = '" ~ (value | replace("'", "''")) ~ "'") -%}
            {%- endfor -%}
        {%- else -%}
            {%- for run in dream_integer_runs(in_scope[column.name]) -%}
                {%- set low = 'cast(' ~ "'" ~ run[0] ~ "'" ~ ' as ' ~ column.data_type ~ ')' -%}
                {%- set high = 'cast(' ~ "'" ~ run[1] ~ "'" ~ ' as ' ~ column.data_type ~ ')' -%}
                {%- do conditions.append(
                    adapter.quote(column.name) ~ (' = ' ~ low if run[0] == run[1] else ' between ' ~ low ~ ' and ' ~ high)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(conditions | join('\n        or ') if conditions else '1 = 0') }}
{%- endmacro %}


{#-
  Values (text) of a numeric column as runs [first, last]: consecutive whole numbers
  collapse into one run; any other value is a run of its own.
-#}
{% macro dream_integer_runs(values) -%}
    {%- set whole = [] -%}
    {%- set runs = [] -%}
    {%- for value in values -%}
        {%- if modules.re.fullmatch('-?[0-9]{1,18}', value) -%}
            {%- do whole.append(value | int) -%}
        {%- else -%}
            {%- do runs.append([value, value]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for number in whole | unique | sort -%}
        {%- if runs and runs[-1][1] is number and runs[-1][1] + 1 == number -%}
            {%- set run = runs.pop() -%}
            {%- do runs.append([run[0], number]) -%}
        {%- else -%}
            {%- do runs.append([number, number]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(runs) }}
{%- endmacro %}


{#- `, col1, col2, ...` (quoted, optionally qualified) for a select list; '' for no columns. -#}
{% macro dream_trailing_columns(columns, qualifier=none) -%}
    {%- for column in columns -%}
        , {{ qualifier ~ '.' if qualifier }}{{ adapter.quote(column) }}
    {%- endfor -%}
{%- endmacro %}


{#-
  Wide to long: one row per (person, column) for the non-empty cells of the given
  columns of relation. columns are names as found in the extract. Output columns:
  person_id (trimmed), column_name, cell_value (text, trimmed). No columns: the typed
  empty result (dream_unpivot_empty); the implementations get at least one column.
-#}
{% macro dream_unpivot(relation, id_column, columns) -%}
    {%- if columns | length == 0 -%}
        {{ return(dream_unpivot_empty(relation)) }}
    {%- endif -%}
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
  How often each distinct non-empty value occurs in each of the given columns of a
  relation: rows (column_name, cell_value, cells), cell_value as trimmed text. The same
  (column_name, cell_value) may come out more than once (e.g. ' 810' and '810'); sum them.
  One pass over the relation, reading only these columns. No columns: no rows.
-#}
{% macro dream_column_value_counts(relation, columns) -%}
    {%- if columns | length == 0 -%}
        select
            cast(null as {{ dream_text_type() }}) as column_name,
            cast(null as {{ dream_text_type() }}) as cell_value,
            cast(0 as bigint) as cells
        where 1 = 0
    {%- else -%}
        {{ return(adapter.dispatch('dream_column_value_counts', 'dream_outcomes')(relation, columns)) }}
    {%- endif -%}
{%- endmacro %}

{#-
  Every warehouse: the rows turned long (dream_unpivot), then counted. Other ways lose somewhere:
  one grouping set per column makes Spark copy every row once per column (its Expand operator)
  and PostgreSQL sort or hash the whole input once per column (the demo extract 28 s, against
  4 s), and sqlfluff cannot parse it for DuckDB; one histogram() per column runs DuckDB out of
  memory at a present-day width (1,080 columns read); one typed unpivot per column type reads a
  text extract once per type. On DuckDB reading a text extract this is as fast as one grouping
  set per column (the parse dominates).
-#}
{% macro default__dream_column_value_counts(relation, columns) -%}
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
  The given columns of relation grouped by their data type (lower case), in the order given:
  {type: [column, ...]}. Before the relation exists (parsing), one group 'unknown'.
-#}
{% macro dream_columns_by_type(relation, columns) -%}
    {%- set types = {} -%}
    {%- if execute and load_relation(relation) is not none -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do types.update({column.name: column.data_type | lower}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set groups = {} -%}
    {%- for column in columns -%}
        {%- do groups.setdefault(types.get(column, 'unknown'), []).append(column) -%}
    {%- endfor -%}
    {{ return(groups) }}
{%- endmacro %}


{#-
  DuckDB and Spark: one unpivot per column type (dream_columns_by_type), counted on the values
  as stored and turned to trimmed text only once per distinct value. Parquet keeps a benefit
  week as a small integer: hashing it, not its text, roughly halves the profile of a national
  extract (scripts/benchmark.sh prints the node's time); a landed text extract is one group of
  text columns, trimmed after counting. Each group reads its own columns, so the relation is
  read once. Blank values are dropped by a having on an aggregate: a where on the value would
  be pushed below the count (DuckDB and Spark both push predicates on grouping keys) and trim
  every cell.
-#}
{% macro dream_typed_column_value_counts(relation, columns) -%}
    select
        column_name,
        trim(cell_value) as cell_value,
        cells
    from (
        {%- for group_columns in dream_columns_by_type(relation, columns).values() %}
        select
            column_name,
            cast(cell_value as {{ dream_text_type() }}) as cell_value,
            count(*) as cells
        from (
            {{ dream_unpivot_typed(relation, group_columns) }}
        ) as unpivoted
        where cell_value is not null
        group by column_name, cell_value
        having trim(cast(max(cell_value) as {{ dream_text_type() }})) <> ''
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as counted
{%- endmacro %}

{% macro duckdb__dream_column_value_counts(relation, columns) -%}
    {{ return(dream_typed_column_value_counts(relation, columns)) }}
{%- endmacro %}

{% macro spark__dream_column_value_counts(relation, columns) -%}
    {{ return(dream_typed_column_value_counts(relation, columns)) }}
{%- endmacro %}

{#-
  Wide to long keeping the columns' own type: rows (column_name, cell_value) of the given
  columns of relation, which must share one type; null cells may come out (dropped by the
  caller). Dispatched: DuckDB's UNPIVOT, Spark's stack(), elsewhere a lateral VALUES list
  (standard SQL; PostgreSQL's value profile counts text, default__dream_column_value_counts).
-#}
{% macro dream_unpivot_typed(relation, columns) -%}
    {{ return(adapter.dispatch('dream_unpivot_typed', 'dream_outcomes')(relation, columns)) }}
{%- endmacro %}

{% macro default__dream_unpivot_typed(relation, columns) -%}
    select
        cells.column_name,
        cells.cell_value
    from {{ relation }} as extract_rows
    cross join lateral (
        values
        {%- for column in columns %}
            ('{{ column }}', extract_rows.{{ adapter.quote(column) }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as cells (column_name, cell_value)
{%- endmacro %}

{% macro duckdb__dream_unpivot_typed(relation, columns) -%}
    unpivot (
        select
            {%- for column in columns %}
            {{ adapter.quote(column) }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ relation }}
    )
    on {% for column in columns %}{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %}
    into name column_name value cell_value
{%- endmacro %}

{% macro spark__dream_unpivot_typed(relation, columns) -%}
    select
        stack(
            {{ columns | length }},
            {%- for column in columns %}
            '{{ column }}', {{ adapter.quote(column) }}{{ ',' if not loop.last }}
            {%- endfor %}
        ) as (column_name, cell_value)
    from {{ relation }}
{%- endmacro %}



{#-
  The columns a relation actually has, as SQL rows (column_name), asked of the warehouse; no
  rows before the relation exists (parsing, linting on a fresh clone).
-#}
{% macro dream_relation_columns_sql(relation) -%}
    {%- set columns = [] -%}
    {%- if execute and load_relation(relation) is not none -%}
        {%- set columns = adapter.get_columns_in_relation(relation) -%}
    {%- endif -%}
    {%- if columns | length == 0 %}
    select cast(null as {{ dream_text_type() }}) as column_name
    where 1 = 0
    {%- else %}
    select column_name
    from (
        values
        {%- for column in columns %}
        ('{{ column.name | replace("'", "''") }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as relation_columns (column_name)
    {%- endif %}
{%- endmacro %}

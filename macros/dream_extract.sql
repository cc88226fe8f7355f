{#-
  Introspection of the wide DREAM extract. Columns are found by name (see
  base_dream__extract_columns), never by position.
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
  Week-index bounds of the analysis, as SQL expressions, from the vars:
  the analysis window, and the weeks read from the extract
  (read_start = the earlier of history_start_week and the window start: episodes see no
   earlier week; columns_start = read_start less the case_mix_weeks looked back from a
   programme start: the first column read;
   read_end = the window end plus the status horizon).
-#}
{% macro dream_analysis_weeks() -%}
    {%- set labels = dream_validate_vars() -%}
    {%- set window_start = labels.window_start -%}
    {%- set window_end = labels.window_end -%}
    {%- set history_start = labels.history_start -%}
    {%- set read_start = [history_start, window_start] | min -%}
    {%- set horizon = var('status_horizon_weeks') | int -%}
    {%- set case_mix_weeks = var('case_mix_weeks') | int -%}
    {{ return({
        'window_start_index': dream_week_index(dream_iso_monday(window_start[0], window_start[1])),
        'window_end_index': dream_week_index(dream_iso_monday(window_end[0], window_end[1])),
        'read_start_index': dream_week_index(dream_iso_monday(read_start[0], read_start[1])),
        'columns_start_index': '(' ~ dream_week_index(dream_iso_monday(read_start[0], read_start[1])) ~ ' - ' ~ case_mix_weeks ~ ')',
        'read_end_index': '(' ~ dream_week_index(dream_iso_monday(window_end[0], window_end[1])) ~ ' + ' ~ horizon ~ ')',
    }) }}
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

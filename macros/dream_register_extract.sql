{#-
  on-run-start: make the raw DREAM extract available as the relations of
  source('dream', 'extract') and source('dream', 'extract_rejects').

  DuckDB (the embedded default): DREAM_EXTRACT names a file (';'- or ','-separated
  text with a header row, optionally .gz, UTF-8 with or without BOM, LF or CRLF; or
  Parquet). A view over the file is (re)created in schema var('dream_raw_schema'),
  reading every column as text with the separator and column names taken from the
  header line (no sniffing of 1,700 columns per query). Lines that do not fit the header
  (ragged rows, bad encoding) are skipped by the view and recorded, with their line
  number and text, in the table dream_extract_rejects, from which staging quarantines
  them. A problem with the file itself stops the build at once with one message that
  names the path and the problem.

  Spark (local session): tables over the file itself, see spark__dream_register_extract.
  Both read the header line, its separator and names and its weeks by the same rules
  (macros/dream_extract_header.sql).

  Other warehouses (PostgreSQL) load the extract and its rejected lines into those relations
  first (python -m dream_outcomes.load, see README), so the default implementation only checks that the vars read no week the loader left out
  (dream_check_loaded_extract).
-#}
{% macro dream_register_extract() -%}
    {%- if not execute -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- do dream_validate_vars() -%}
    {%- if not dream_command_reads_extract() -%}
        {{ return('select 1') }}
    {%- endif -%}
    {{ return(adapter.dispatch('dream_register_extract', 'dream_outcomes')()) }}
{%- endmacro %}


{#-
  Whether this dbt command reads the extract: build, run, test, snapshot and retry always
  do (an unset DREAM_EXTRACT stops them); compile and show do when DREAM_EXTRACT is set;
  seed, docs generate, list, parse, debug, run-operation and the rest never touch it.
-#}
{% macro dream_command_reads_extract() -%}
    {%- set command = flags.WHICH | string -%}
    {%- if command in ['build', 'run', 'test', 'snapshot', 'retry'] -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(command in ['compile', 'show'] and env_var('DREAM_EXTRACT', '') | trim != '') }}
{%- endmacro %}


{#- PostgreSQL and other warehouses: the extract is loaded beforehand (python -m
    dream_outcomes.load); its columns must reach into the analysis window. -#}
{% macro default__dream_register_extract() -%}
    {%- set relation = load_relation(api.Relation.create(
        database=target.database, schema=var('dream_raw_schema'), identifier='dream_extract')) -%}
    {%- if relation is none -%}
        {{ exceptions.raise_compiler_error(
            var('dream_raw_schema') ~ ".dream_extract does not exist in " ~ target.type ~ " database "
            ~ target.database ~ ": load the extract first, e.g. python -m dream_outcomes.load --target "
            ~ target.name ~ " /data/dream.csv") }}
    {%- endif -%}
    {#- only the columns read loaded (an extract wider than a table): these vars must read no other week -#}
    {%- do dream_check_loaded_extract() -%}
    {#- the lines of the file that did not fit its header, as the loader counted them -#}
    {%- set load = load_relation(api.Relation.create(
        database=target.database, schema=var('dream_raw_schema'), identifier='dream_extract_load')) -%}
    {%- if load is not none -%}
        {%- set lines = run_query('select rejected_lines, rows_loaded, columns_in_file, first_rejected_line, '
            ~ 'first_rejected_text from ' ~ load).rows -%}
        {%- if lines | length > 0 and lines[0][0] is not none -%}
            {%- do dream_check_rejected_lines(var('dream_raw_schema') ~ '.dream_extract',
                lines[0][0] | int, lines[0][1] | int, lines[0][2], lines[0][3], lines[0][4]) -%}
        {%- endif -%}
    {%- endif -%}
    {#- the extract's weeks are the file's: its whole header when the loader recorded it -#}
    {%- set in_file = load_relation(api.Relation.create(
        database=target.database, schema=var('dream_raw_schema'), identifier='dream_extract_columns_in_file')) -%}
    {%- if in_file is not none -%}
        {%- set names = run_query('select column_name from ' ~ in_file ~ ' order by column_position')
            .columns[0].values() | list -%}
    {%- else -%}
        {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- endif -%}
    {%- do dream_check_window_covered(var('dream_raw_schema') ~ '.dream_extract', names) -%}
    select 1
{%- endmacro %}


{#-
  PostgreSQL: when the loader loaded only the columns the analysis reads under the vars it was
  given (an extract wider than a table can hold), these vars must not read other weeks: a week
  column that was not loaded would look like a week the extract does not have. Stops the build
  with one message naming both week ranges and the command that loads the right columns.
  Nothing to check when every column was loaded or the loader's record is not there.
-#}
{% macro dream_check_loaded_extract() -%}
    {%- set load = load_relation(api.Relation.create(
        database=target.database, schema=var('dream_raw_schema'), identifier='dream_extract_load')) -%}
    {%- if load is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set loaded = run_query(
        'select first_week_index, last_week_index, first_week, last_week, columns_loaded, columns_in_file, dbt_vars from '
        ~ load).rows -%}
    {%- if loaded | length == 0 or loaded[0][0] is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set weeks = dream_analysis_weeks() -%}
    {%- set needed = run_query(
        'select ' ~ weeks.columns_start_index ~ ', ' ~ weeks.columns_end_index ~ ', '
        ~ dream_iso_week_label(dream_week_start(weeks.columns_start_index)) ~ ', '
        ~ dream_iso_week_label(dream_week_start(weeks.columns_end_index))).rows[0] -%}
    {%- if needed[0] < loaded[0][0] or needed[1] > loaded[0][1] -%}
        {{ exceptions.raise_compiler_error(
            var('dream_raw_schema') ~ ".dream_extract holds " ~ loaded[0][4] ~ " of the extract's " ~ loaded[0][5]
            ~ " columns, those read with the vars it was loaded with (weeks " ~ loaded[0][2] ~ " … " ~ loaded[0][3]
            ~ "); these vars read weeks " ~ needed[2] ~ " … " ~ needed[3]
            ~ ": load the extract again with the build's vars, python -m dream_outcomes.load --target postgres --vars '...'") }}
    {%- endif -%}
{%- endmacro %}


{#- The extract's path from DREAM_EXTRACT; unset stops the build with one message. -#}
{%- macro dream_extract_path(example_command) -%}
    {%- set path = env_var('DREAM_EXTRACT', '') | trim -%}
    {%- if path == '' -%}
        {{ exceptions.raise_compiler_error(
            "DREAM_EXTRACT is not set: point it at a DREAM extract (.csv, .csv.gz, .txt or .parquet), "
            ~ "e.g. DREAM_EXTRACT=/data/dream.csv " ~ example_command) }}
    {%- endif -%}
    {{ return(path) }}
{%- endmacro -%}


{%- macro dream_extract_error(path, problem) -%}
    {{ exceptions.raise_compiler_error("DREAM_EXTRACT=" ~ path ~ ": " ~ problem) }}
{%- endmacro -%}


{% macro duckdb__dream_register_extract() -%}
    {%- set path = dream_extract_path('dbt build --profiles-dir profiles') -%}
    {%- set quoted_path = "'" ~ path | replace("'", "''") ~ "'" -%}
    {%- set found = run_query("select count(*) from glob(" ~ quoted_path ~ ")").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ dream_extract_error(path, "no such file") }}
    {%- elif found > 1 -%}
        {{ dream_extract_error(path, "names " ~ found ~ " files; name exactly one extract") }}
    {%- endif -%}
    {%- set size = run_query("select size from read_blob(" ~ quoted_path ~ ")").columns[0].values()[0] -%}
    {%- if size == 0 -%}
        {{ dream_extract_error(path, "the file is empty (0 bytes)") }}
    {%- endif -%}

    {#- The first line as text, read leniently: binary junk gives no line rather than an error. -#}
    {%- set first_line = dream_header_line(
        "select line from read_csv(" ~ quoted_path ~ ", columns = {'line': 'VARCHAR'}, header = false, "
        ~ "delim = '\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false, "
        ~ "ignore_errors = true, parallel = false) limit 1") -%}
    {%- set is_parquet = (path | lower).endswith('.parquet') -%}
    {%- set raw = var('dream_raw_schema') -%}
    {%- set relations = {
        'extract': api.Relation.create(database=target.database, schema=raw, identifier='dream_extract'),
        'rejects': api.Relation.create(database=target.database, schema=raw, identifier='dream_extract_rejects'),
        'in_file': api.Relation.create(database=target.database, schema=raw, identifier='dream_extract_columns_in_file'),
        'load': api.Relation.create(database=target.database, schema=raw, identifier='dream_extract_load'),
    } -%}

    {%- if is_parquet -%}
        {#- (a .parquet file that is not Parquet stops here with DuckDB's own message naming the file) -#}
        {%- set reader = "read_parquet(" ~ quoted_path ~ ")" -%}
        {%- set names = run_query("select column_name from (describe select * from " ~ reader ~ ")")
            .columns[0].values() | list -%}
        {%- do dream_check_extract_header(path, names) -%}
        {%- do dream_check_window_covered(path, names) -%}
        {#- Parquet is columnar and typed already: read where it lies, never landed -#}
        {%- do run_query('create schema if not exists ' ~ relations.extract.without_identifier()) -%}
        {%- do dream_drop_landing(relations) -%}
        {%- do run_query('create view ' ~ relations.extract ~ ' as select * from ' ~ reader) -%}
        {%- do run_query('create or replace table ' ~ relations.rejects ~ ' (line_number bigint, error_type varchar, '
            ~ 'csv_line varchar, error_message varchar, delimiter varchar)') -%}
    {%- else -%}
        {#- (DuckDB's reader has already dropped a UTF-8 byte-order mark) -#}
        {%- set parsed = dream_parse_header(path, first_line) -%}
        {%- set names = parsed.names -%}
        {%- set person_id = dream_check_extract_header(path, names) -%}
        {%- do dream_check_window_covered(path, names) -%}
        {%- do dream_land_csv_extract(path, quoted_path, size, parsed.delimiter, names, relations) -%}
    {%- endif %}
    select 1
{%- endmacro %}


{#- DuckDB: drops what a landing left in the raw schema (the extract relation, table or view,
    its header and its record), so that nothing of an earlier extract is taken for this one. -#}
{%- macro dream_drop_landing(relations) -%}
    {%- do run_query('drop table if exists ' ~ relations.load) -%}
    {%- do run_query('drop table if exists ' ~ relations.in_file) -%}
    {%- set kind = dream_raw_relations(relations).get(relations.extract.identifier) -%}
    {%- if kind is not none -%}
        {%- do run_query('drop ' ~ ('view' if kind == 'VIEW' else 'table') ~ ' ' ~ relations.extract) -%}
    {%- endif -%}
{%- endmacro -%}


{#- DuckDB: the relations of the raw schema, {name: 'BASE TABLE' or 'VIEW'}, asked of the
    database itself (not dbt's relation cache, which the hook would leave in a transaction). -#}
{%- macro dream_raw_relations(relations) -%}
    {%- set found = {} -%}
    {%- for row in run_query("select table_name, table_type from information_schema.tables where table_catalog = '"
            ~ relations.extract.database ~ "' and table_schema = '" ~ relations.extract.schema ~ "'").rows -%}
        {%- do found.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro -%}


{#-
  DuckDB, a text extract: the file is parsed once and landed in the database, and later builds
  read the landed table, not the file.

  The landing is raw.dream_extract, a view over Parquet files of the columns the analysis reads
  under the vars (dream_header_columns_read: the person columns and the weeks, months and years
  read). A week, month or year is landed in its type (dream_landing_type: that of a Parquet
  extract) where the cell's text is exactly the number's own text ('811', not ' 811', '0811' or
  '811.0'), and as text beside it otherwise; the view puts each column back together, typed
  where no cell kept its text, so every cell reads as in the file, and the value profile and
  the scope filter compare small integers instead of strings. The file's whole header is in
  raw.dream_extract_columns_in_file (is_loaded: landed or not; base_dream__extract_header
  reads it, so the extract's weeks are the file's) and the lines that did not fit the header in
  raw.dream_extract_rejects, from the same parse. raw.dream_extract_load records what was
  landed, from which file (extract_path, file_identity) and what it cost.

  A build reuses the landing, without reading the file, when the file is the same (its path and
  identity: size, modification time to the nanosecond, inode and a hash of its first and last
  64 KiB, from dream_file_identity of the project's dbt-duckdb plugin; without the plugin, size,
  modification time to the second and the header line) and every column these vars read was
  landed. Anything else (another file, the same path rewritten, vars that read other weeks, or
  DREAM_LANDING=refresh) lands the file again. The record is written last, so a landing that
  was cut short is never reused.
-#}
{%- macro dream_land_csv_extract(path, quoted_path, size, delimiter, names, relations) -%}
    {%- set wanted = dream_header_columns_read(names) -%}
    {%- set is_wanted = {} -%}
    {%- for name in wanted -%}
        {%- do is_wanted.update({name: true}) -%}
    {%- endfor -%}
    {%- set identity = dream_file_identity(quoted_path, names) -%}
    {%- set landing_dir = dream_landing_dir() -%}
    {%- set quoted_landing_files = "'" ~ (landing_dir ~ '/*.parquet') | replace("'", "''") ~ "'" -%}
    {%- set quoted_identity = "'" ~ identity | replace("'", "''") ~ "'" -%}
    {%- set record = none -%}
    {%- set existing = dream_raw_relations(relations) -%}
    {%- if env_var('DREAM_LANDING', '') | trim | lower != 'refresh'
            and existing.get(relations.load.identifier) == 'BASE TABLE'
            and existing.get(relations.in_file.identifier) == 'BASE TABLE'
            and existing.get(relations.extract.identifier) == 'VIEW'
            and run_query('select count(*) from glob(' ~ quoted_landing_files ~ ')').columns[0].values()[0] > 0 -%}
        {%- set records = run_query(
            'select rows_loaded, rejected_lines, first_rejected_line, first_rejected_text, landed_seconds from '
            ~ relations.load ~ ' where extract_path = ' ~ quoted_path ~ ' and file_identity = ' ~ quoted_identity
            ~ ' and landed_files = ' ~ dream_landed_files_identity(quoted_landing_files)).rows -%}
        {%- if records | length == 1 -%}
            {%- set missing = run_query('select column_name from ' ~ relations.in_file
                ~ ' where not is_loaded order by column_position').columns[0].values() | select('in', is_wanted) | list -%}
            {%- if missing | length == 0 -%}
                {%- set record = records[0] -%}
            {%- else -%}
                {{ log("extract " ~ path ~ ": these vars read " ~ missing | length
                    ~ " columns the landing does not hold (e.g. " ~ missing[0] ~ "): landing it again", info=true) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}

    {%- if record is not none -%}
        {{ log("extract " ~ path ~ ": the same file as landed before (" ~ '{:,}'.format(record[0] | int)
            ~ " rows, " ~ wanted | length ~ " of " ~ names | length ~ " columns read; " ~ identity.split(';')[0]
            ~ "): not parsed again", info=true) }}
        {%- do dream_check_rejected_lines(path, record[1] | int, record[0] | int, names | length, record[2], record[3]) -%}
        {{ return(none) }}
    {%- endif -%}

    {{ log("extract " ~ path ~ ": landing " ~ wanted | length ~ " of " ~ names | length
        ~ " columns of " ~ '%.2f' | format(size / 1073741824) ~ " GiB as Parquet, one parse of the file", info=true) }}
    {%- set started = modules.datetime.datetime.now() -%}
    {%- do run_query('create schema if not exists ' ~ relations.extract.without_identifier()) -%}
    {%- do dream_drop_landing(relations) -%}
    {%- set column_types = [] -%}
    {%- for name in names -%}
        {%- do column_types.append("'" ~ name | replace("'", "''") ~ "': 'VARCHAR'") -%}
    {%- endfor -%}
    {#- landed column i is c<i> (typed, or the text when the column is not typed) and, for a typed
        column, r<i>: the text of the cells whose text is not the number's own -#}
    {%- set selected = [] -%}
    {%- set typed_columns = [] -%}
    {%- for name in wanted -%}
        {%- set type = dream_landing_type(name) -%}
        {%- set column = adapter.quote(name) -%}
        {%- if type is none -%}
            {%- do selected.append(column ~ ' as c' ~ loop.index) -%}
        {%- else -%}
            {%- set number = 'try_cast(' ~ column ~ ' as ' ~ type ~ ')' -%}
            {%- do selected.append('case when cast(' ~ number ~ ' as varchar) = ' ~ column ~ ' then ' ~ number
                ~ ' end as c' ~ loop.index) -%}
            {%- do selected.append('case when cast(' ~ number ~ ' as varchar) is distinct from ' ~ column ~ ' then '
                ~ column ~ ' end as r' ~ loop.index) -%}
            {%- do typed_columns.append(loop.index) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do run_query('drop table if exists temp.dream_extract_reject_errors') -%}
    {%- do run_query('drop table if exists temp.dream_extract_reject_scans') -%}
    {#- one Parquet file per thread, written while the file is parsed; the folder is replaced -#}
    {%- do run_query('copy (select ' ~ selected | join(', ')
        ~ ' from read_csv(' ~ quoted_path ~ ", header = true, auto_detect = false, delim = '" ~ delimiter
        ~ "', quote = '\"', escape = '\"', columns = {" ~ column_types | join(', ') ~ "}"
        ~ ", store_rejects = true, rejects_table = 'dream_extract_reject_errors', "
        ~ "rejects_scan = 'dream_extract_reject_scans')) to '" ~ landing_dir | replace("'", "''")
        ~ "' (format parquet, per_thread_output true, overwrite true)") -%}
    {#- the view puts each column back under its name: typed where no cell kept its text -#}
    {%- set kept_text = {} -%}
    {%- if typed_columns | length > 0 -%}
        {%- set kept_counts = [] -%}
        {%- for index in typed_columns -%}
            {%- do kept_counts.append('count(r' ~ index ~ ')') -%}
        {%- endfor -%}
        {%- set counts = run_query('select ' ~ kept_counts | join(', ')
            ~ ' from read_parquet(' ~ quoted_landing_files ~ ')').rows[0] -%}
        {%- for index in typed_columns -%}
            {%- do kept_text.update({index: counts[loop.index0] > 0}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set viewed = [] -%}
    {%- for name in wanted -%}
        {%- if kept_text.get(loop.index, false) -%}
            {%- do viewed.append('coalesce(cast(c' ~ loop.index ~ ' as varchar), r' ~ loop.index ~ ') as '
                ~ adapter.quote(name)) -%}
        {%- else -%}
            {%- do viewed.append('c' ~ loop.index ~ ' as ' ~ adapter.quote(name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do run_query('create view ' ~ relations.extract ~ ' as select ' ~ viewed | join(', ')
        ~ ' from read_parquet(' ~ quoted_landing_files ~ ')') -%}
    {%- do run_query('create or replace table ' ~ relations.rejects ~ ' as select cast(line as bigint) as line_number, '
        ~ 'cast(error_type as varchar) as error_type, csv_line, error_message, '
        ~ "'" ~ delimiter ~ "' as delimiter from temp.dream_extract_reject_errors") -%}
    {%- set header_rows = [] -%}
    {%- for name in names -%}
        {%- do header_rows.append('(' ~ loop.index ~ ", '" ~ name | replace("'", "''") ~ "', "
            ~ ('true' if name in is_wanted else 'false') ~ ')') -%}
    {%- endfor -%}
    {%- do run_query('create table ' ~ relations.in_file ~ ' as select * from (values ' ~ header_rows | join(', ')
        ~ ') as header (column_position, column_name, is_loaded)') -%}
    {%- set counts = run_query('select (select count(*) from ' ~ relations.extract ~ '), count(*), min(line_number), '
        ~ 'arg_min(csv_line, line_number) from ' ~ relations.rejects).rows[0] -%}
    {%- set seconds = (modules.datetime.datetime.now() - started).total_seconds() -%}
    {%- do run_query('create table ' ~ relations.load ~ ' as select '
        ~ quoted_path ~ ' as extract_path, ' ~ quoted_identity ~ ' as file_identity, '
        ~ names | length ~ ' as columns_in_file, ' ~ wanted | length ~ ' as columns_loaded, '
        ~ counts[0] ~ ' as rows_loaded, ' ~ counts[1] ~ ' as rejected_lines, '
        ~ 'cast(' ~ (counts[2] if counts[2] is not none else 'null') ~ ' as bigint) as first_rejected_line, '
        ~ ("'" ~ counts[3] | replace("'", "''") ~ "'" if counts[3] is not none else 'cast(null as varchar)')
        ~ ' as first_rejected_text, ' ~ seconds ~ ' as landed_seconds, current_timestamp as landed_at, '
        ~ "'" ~ landing_dir | replace("'", "''") ~ "' as landing_dir, "
        ~ dream_landed_files_identity(quoted_landing_files) ~ ' as landed_files') -%}
    {{ log("extract " ~ path ~ ": landed " ~ '{:,}'.format(counts[0]) ~ " rows in " ~ landing_dir ~ " in "
        ~ '%.1f' | format(seconds) ~ " s (" ~ '%.0f' | format(size / 1048576 / [seconds, 0.001] | max)
        ~ " MiB/s); " ~ counts[1] ~ " lines did not fit the header", info=true) }}
    {%- do dream_check_rejected_lines(path, counts[1], counts[0], names | length, counts[2], counts[3]) -%}
{%- endmacro -%}


{#- DuckDB: where a text extract is landed (one folder per database): DREAM_LANDING_DIR, else
    beside the database file, <database file>.landing. -#}
{%- macro dream_landing_dir() -%}
    {%- set database = target.path if target.path and target.path != ':memory:' else 'target/dream.duckdb' -%}
    {{ return(env_var('DREAM_LANDING_DIR', '') | trim or database ~ '.landing') }}
{%- endmacro -%}


{#- DuckDB: SQL of the identity of the landed Parquet files (names, sizes, times), so a landing
    whose files were removed or replaced is not reused. -#}
{%- macro dream_landed_files_identity(quoted_landing_files) -%}
    {{ return("(select coalesce(string_agg(filename || ':' || size || ':' || last_modified, ';' order by filename), '') "
        ~ "from read_blob(" ~ quoted_landing_files ~ "))") }}
{%- endmacro -%}


{#- DuckDB: the identity of the extract file (see dream_land_csv_extract). -#}
{%- macro dream_file_identity(quoted_path, names) -%}
    {%- set has_plugin = run_query("select count(*) from duckdb_functions() "
        ~ "where function_name = 'dream_file_identity'").columns[0].values()[0] > 0 -%}
    {%- if has_plugin -%}
        {%- set query = 'select dream_file_identity(file) from glob(' ~ quoted_path ~ ')' -%}
    {%- else -%}
        {%- set query = "select 'size=' || size || ';modified=' || last_modified || ';header=' || md5('"
            ~ names | join(';') | replace("'", "''") ~ "') from read_blob(" ~ quoted_path ~ ")" -%}
    {%- endif -%}
    {{ return(run_query(query).columns[0].values()[0]) }}
{%- endmacro -%}


{#-
  Lines that do not fit the header are quarantined, but when they are more than
  var('quarantine_max_row_share') of the file's lines, the extract is not what it seems (a
  wrong separator, a broken header): the build stops before anything is published.
-#}
{%- macro dream_check_rejected_lines(path, rejected, good, fields, first_line_number, first_line) -%}
    {%- set lines = rejected + good -%}
    {%- if lines > 0 and rejected > (var('quarantine_max_row_share') | float) * lines -%}
        {{ dream_extract_error(path, rejected ~ " of " ~ lines ~ " lines ("
            ~ '%.1f' | format(100.0 * rejected / lines) ~ " %) do not fit the header's " ~ fields
            ~ " fields (e.g. line " ~ first_line_number ~ ": '" ~ (first_line or '')[:60]
            ~ "...'), more than quarantine_max_row_share = " ~ var('quarantine_max_row_share')
            ~ "; check the separator and the header line") }}
    {%- endif -%}
{%- endmacro -%}


{#-
  Spark: raw.dream_extract is a table over the DREAM_EXTRACT file itself, read by Spark.
  Parquet: the file as it is, and the rejected lines from the Parquet file named by
  DREAM_EXTRACT_REJECTS when set (python -m dream_outcomes.load --target spark writes both from
  a CSV extract, with DuckDB's rules for lines that do not fit the header), else none.
  CSV (';' or ',', header row, optionally .gz): every column as string, the separator and names
  taken from the header line. Spark's CSV reader pads a short line with nulls and drops extra
  fields instead of rejecting the line, so lines with another number of fields than the header
  stop the build with an error naming the loader, which converts such an extract first.
  Each statement is run on its own (a Spark session runs one statement at a time).
-#}
{% macro spark__dream_register_extract() -%}
    {%- set path = dream_extract_path('scripts/spark.sh dbt build --profiles-dir profiles') -%}
    {%- set quoted_path = "'" ~ path | replace("\\", "\\\\") | replace("'", "\\'") ~ "'" -%}
    {%- set schema = var('dream_raw_schema') -%}
    {%- set relation = adapter.quote(schema) ~ '.dream_extract' -%}
    {%- set rejects = adapter.quote(schema) ~ '.dream_extract_rejects' -%}
    {%- set rejects_path = env_var('DREAM_EXTRACT_REJECTS', '') | trim -%}
    {%- do run_query('create database if not exists ' ~ adapter.quote(schema)) -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do run_query('drop table if exists ' ~ rejects) -%}

    {%- set is_parquet = (path | lower).endswith('.parquet') -%}
    {%- if is_parquet -%}
        {%- do run_query('create table ' ~ relation ~ ' using parquet options (path ' ~ quoted_path ~ ')') -%}
        {%- set names = adapter.get_columns_in_relation(api.Relation.create(schema=schema, identifier='dream_extract'))
            | map(attribute='name') | list -%}
    {%- else -%}
        {%- set header = dream_header_line('select value from text.`' ~ path | replace('`', '``') ~ '` limit 1')
            | replace('\ufeff', '') -%}
        {%- set parsed = dream_parse_header(path, header) -%}
        {%- set delimiter = parsed.delimiter -%}
        {%- set names = parsed.names -%}
    {%- endif -%}

    {%- do dream_check_extract_header(path, names) -%}
    {%- do dream_check_window_covered(path, names) -%}

    {%- if not is_parquet -%}
        {#- Spark's CSV reader would pad a short line with nulls and cut a long one: such lines
            stop the build here, with the loader as the way out (it quarantines them). A quoted
            field holding the separator counts as not fitting too (DREAM values hold no quotes). #}
        {%- set ragged = run_query(
            'select count(*), min(value) from text.`' ~ path | replace('`', '``') ~ "` where value <> '' "
            ~ "and value <> '" ~ header | replace('\\', '\\\\') | replace("'", "\\'") ~ "' "
            ~ "and size(split(value, '" ~ delimiter ~ "', -1)) <> " ~ names | length).rows[0] -%}
        {%- if ragged[0] > 0 -%}
            {{ dream_extract_error(path, ragged[0] ~ " line(s) do not have the header's " ~ names | length
                ~ " fields, e.g. '" ~ ragged[1][:60] ~ "...'. Spark cannot quarantine them: convert the extract "
                ~ "first with python -m dream_outcomes.load --target spark (lines that do not fit the header go "
                ~ "to the quarantine, as on DuckDB and PostgreSQL)") }}
        {%- endif -%}
        {%- set columns = [] -%}
        {%- for name in names -%}
            {%- do columns.append(adapter.quote(name) ~ ' string') -%}
        {%- endfor -%}
        {%- do run_query(
            'create table ' ~ relation ~ ' (' ~ columns | join(', ') ~ ') using csv options ('
            ~ 'path ' ~ quoted_path ~ ", header 'true', sep '" ~ delimiter ~ "', quote '\"', escape '\"', "
            ~ "encoding 'UTF-8', mode 'PERMISSIVE')") -%}
    {%- endif -%}

    {%- if rejects_path != '' -%}
        {%- do run_query('create table ' ~ rejects ~ " using parquet options (path '" ~ rejects_path | replace("'", "\\'") ~ "')") -%}
        {#- the lines the loader could not fit to the header: too many of them, and the build stops -#}
        {%- set rejected = run_query('select count(*), min(line_number), min_by(csv_line, line_number) from '
            ~ rejects).rows[0] -%}
        {%- set good = run_query('select count(*) from ' ~ relation).rows[0][0] -%}
        {%- do dream_check_rejected_lines(path, rejected[0] | int, good | int, names | length, rejected[1], rejected[2]) -%}
    {%- else -%}
        {%- do run_query('create table ' ~ rejects ~ ' (line_number bigint, error_type string, csv_line string, '
            ~ 'error_message string, delimiter string) using parquet') -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{#-
  Hook: the aggregated marts published for readers (the on-run-end hook dream_publish_marts).
-#}

{#-
  on-run-end: after a green `dbt build` or `dbt run` that built every aggregated mart (the models
  of schema marts), those marts are copied into a new DuckDB file beside the build's database,
  which then replaces the published file in one rename (`dream_marts.duckdb` beside the database, or
  env DREAM_PUBLISHED_DUCKDB; dream_publish_file, dream_outcomes/duckdb_plugin.py). A BI tool
  opens the published file read-only: it never holds a lock on the database dbt builds, never sees
  a build half done, and sees the new marts when it opens the file again. A red invocation (a
  model, test or hook in error, a failed test, a node skipped) or one that built only some marts
  publishes nothing and says why in one line; the published file keeps the last green build. The
  person-level marts (schema person_marts) are never published. The file also holds
  main.published_marts: one row per mart with its rows, the invocation and when it was published.
  DuckDB only: on PostgreSQL the BI roles read schema marts directly (dream_grant_bi_access).
-#}
{% macro dream_publish_marts() -%}
    {{ return(adapter.dispatch('dream_publish_marts', 'dream_outcomes')()) }}
{%- endmacro %}

{% macro default__dream_publish_marts() -%}
{%- endmacro %}

{% macro duckdb__dream_publish_marts() -%}
    {%- if execute and (flags.WHICH | string) in ['build', 'run'] -%}
        {%- set published = dream_published_path() -%}
        {%- set schema = generate_schema_name('marts', none) -%}
        {%- set marts = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.schema == schema -%}
                {%- do marts.append(node) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set red = results | rejectattr('status', 'in', ['success', 'pass', 'warn', 'no-op']) | list -%}
        {%- set built = results | selectattr('status', 'equalto', 'success') | map(attribute='node')
            | map(attribute='unique_id') | list -%}
        {%- set not_built = marts | rejectattr('unique_id', 'in', built) | list -%}
        {%- if red | length > 0 -%}
            {%- set first = (red | rejectattr('status', 'equalto', 'skipped') | list or red)[0] -%}
            {{ log('dream: not published: ' ~ (red | length) ~ ' of ' ~ (results | length)
                ~ ' nodes did not succeed (e.g. ' ~ first.node.name ~ ': ' ~ first.status ~ '); ' ~ published
                ~ ' keeps the marts of the last green build', info=true) }}
        {%- elif marts | length == 0 or not_built | length > 0 -%}
            {{ log('dream: not published: this invocation built ' ~ (marts | length - not_built | length) ~ ' of the '
                ~ (marts | length) ~ ' marts (e.g. not ' ~ (not_built[0].name if not_built else 'any') ~ '); '
                ~ published ~ ' is published from a build of them all', info=true) }}
        {%- else -%}
            {%- set staging = published ~ '.' ~ invocation_id ~ '.tmp' -%}
            {%- set statements = [
                "attach '" ~ staging ~ "' as dream_published",
                "create schema dream_published." ~ adapter.quote(schema),
                "create table dream_published.main.published_marts (mart varchar, row_count bigint, "
                    ~ "invocation_id varchar, published_at timestamp with time zone)",
            ] -%}
            {%- for node in marts | sort(attribute='alias') -%}
                {%- set source = adapter.quote(node.database) ~ '.' ~ adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.alias) -%}
                {%- do statements.append('create table dream_published.' ~ adapter.quote(schema) ~ '.'
                    ~ adapter.quote(node.alias) ~ ' as select * from ' ~ source) -%}
                {%- do statements.append("insert into dream_published.main.published_marts select '" ~ node.alias
                    ~ "', count(*), '" ~ invocation_id ~ "', now() from " ~ source) -%}
            {%- endfor -%}
            {%- do statements.append('detach dream_published') -%}
            {%- for statement in statements -%}
                {%- do run_query(statement) -%}
            {%- endfor -%}
            {%- do run_query("select dream_publish_file('" ~ staging ~ "', '" ~ published ~ "')") -%}
            {{ log('dream: published ' ~ (marts | length) ~ ' marts to ' ~ published
                ~ ' (readers see them when they open it again)', info=true) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#-
  Where the published marts go (DuckDB): env DREAM_PUBLISHED_DUCKDB, else `dream_marts.duckdb` in the
  folder of the build's database (target/dream_marts.duckdb beside target/dream.duckdb). Not
  marts.duckdb: its catalog would share the name of its schema marts, and marts.x be ambiguous.
-#}
{% macro dream_published_path() -%}
    {%- set folder = target.path.rsplit('/', 1)[0] if '/' in target.path else '.' -%}
    {{ return(env_var('DREAM_PUBLISHED_DUCKDB', folder ~ '/dream_marts.duckdb')) }}
{%- endmacro %}

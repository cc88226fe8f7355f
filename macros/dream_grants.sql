{#-
  Hooks and overrides for grants: the BI roles' access to the marts schema (the on-run-end
  hook dream_grant_bi_access, PostgreSQL) and dbt's apply_grants made a no-op on Spark.
-#}

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
  Grants on Spark: not applicable to a local Spark session (no access control), and Spark SQL
  has no SHOW GRANTS, which dbt's default runs before re-granting on a rebuilt table. The grants
  config is for PostgreSQL (see dream_grant_bi_access).
-#}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
{%- endmacro %}

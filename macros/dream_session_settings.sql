{#-
  Hook: the session settings every model runs with (the pre-hook of every model in
  dbt_project.yml), per warehouse.
-#}

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

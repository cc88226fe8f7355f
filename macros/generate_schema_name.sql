{#- Use the folder's custom schema name as it is (staging, intermediate, marts, reference)
    instead of dbt's default "<target schema>_<custom schema>", so BI tools and grants see
    stable schema names on every warehouse. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{{ config(severity='error') }}
-- Every column the analysis reads (base_dream__extract_columns_read, from the file's whole
-- header) is a column of the extract relation. The DuckDB hook lands only the columns read of
-- a text extract and the PostgreSQL loader may load only those (both choose them from the
-- header by the same rule, macro dream_header_columns_read / dream_outcomes.dbt_vars.ReadRange):
-- a column read that they left out would otherwise be a week the extract seems not to have.
{%- set extract = ref('base_dream__extract') -%}
{%- set present = [] -%}
{%- if execute and load_relation(extract) is not none -%}
    {%- for column in adapter.get_columns_in_relation(extract) -%}
        {%- do present.append(column.name) -%}
    {%- endfor -%}
{%- endif %}

with columns_read as (
    select * from {{ ref('base_dream__extract_columns_read') }}
),

final as (
    select
        column_position,
        column_name
    from columns_read
    {%- if present | length > 0 %}
    where lower(column_name) not in (
        {%- for name in present %}
        '{{ name | lower | replace("'", "''") }}'{{ ',' if not loop.last }}
        {%- endfor %}
    )
    {%- endif %}
)

select * from final

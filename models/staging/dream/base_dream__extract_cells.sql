{#-
  Wide to long for the rows staging reads (base_dream__extract_rows where is_staged):
  one row per non-empty cell of the columns read (weeks, months, years, and y_ columns
  naming no real ISO week). Values are text, trimmed; what each value means, or why it
  is quarantined, comes from base_dream__extract_values.
-#}
{%- set extract_columns = ref('base_dream__extract_columns') -%}
{%- set cell_columns = dream_extract_column_names(
    extract_columns,
    ['benefit_week', 'industry_month', 'employment_degree_month', 'municipality_year'],
) -%}

with extract_rows as (
    select * from {{ ref('base_dream__extract_rows') }}
),

staged_rows as (
    select * from extract_rows
    where is_staged
),

cells as (
    {{ dream_unpivot('staged_rows', 'person_id', cell_columns) }}
),

final as (
    select
        person_id,
        column_name,
        cell_value
    from cells
)

select * from final

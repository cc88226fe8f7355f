{#-
  Wide to long, in one pass over the extract: one row per non-empty cell of the columns
  the analysis reads (weeks, months, years, and y_ columns naming no real ISO week;
  see base_dream__extract_columns.is_read). Values are text, trimmed; typing and
  quarantine happen in the staging models.
-#}
{%- set extract_columns = ref('base_dream__extract_columns') -%}
{%- set person_id_column = dream_person_id_column(extract_columns) -%}
{%- set cell_columns = dream_extract_column_names(
    extract_columns,
    ['benefit_week', 'industry_month', 'employment_degree_month', 'municipality_year'],
) -%}

with cells as (
    {{ dream_unpivot(ref('base_dream__extract_rows'), person_id_column, cell_columns) }}
),

final as (
    select
        person_id,
        column_name,
        cell_value
    from cells
)

select * from final

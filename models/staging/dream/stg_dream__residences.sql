{#-
  One row per person-year with a municipality of residence (nykomYYYY) as found;
  0 and empty mean unknown and give no row. Codes outside the 98 municipalities
  (411 Christiansø, typos) are kept as found.
-#}
{%- set extract_columns = ref('stg_dream__extract_columns') -%}
{%- set person_id_column = dream_person_id_column(extract_columns) -%}
{%- set year_columns = dream_extract_column_names(extract_columns, ['municipality_year']) -%}

with extract_columns as (
    select * from {{ extract_columns }}
),

cells as (
    {{ dream_unpivot(source('dream', 'extract'), person_id_column, year_columns) }}
),

final as (
    select
        cells.person_id,
        extract_columns.calendar_year,
        cast(cells.cell_value as integer) as municipality_code
    from cells
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
    where cast(cells.cell_value as integer) <> 0
)

select * from final

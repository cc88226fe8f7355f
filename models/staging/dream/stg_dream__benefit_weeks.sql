{#-
  Wide to long: one row per person-week with a benefit code, for the weeks the
  analysis reads (see stg_dream__extract_columns.is_read). Empty cells are dropped.
-#}
{%- set extract_columns = ref('stg_dream__extract_columns') -%}
{%- set person_id_column = dream_person_id_column(extract_columns) -%}
{%- set week_columns = dream_extract_column_names(extract_columns, ['benefit_week']) -%}

with extract_columns as (
    select * from {{ extract_columns }}
),

cells as (
    {{ dream_unpivot(source('dream', 'extract'), person_id_column, week_columns) }}
),

final as (
    select
        cells.person_id,
        extract_columns.iso_year,
        extract_columns.iso_week,
        extract_columns.week_index,
        extract_columns.week_start,
        cast(cells.cell_value as integer) as benefit_code
    from cells
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
)

select * from final

{#-
  The judged cells: wide to long for the rows staging reads (base_dream__extract_rows where
  is_staged), one row per non-empty cell of the columns read (weeks, months, years, quarters,
  and y_ columns naming no real ISO week), with its column's kind and period and the verdict on
  its value (base_dream__extract_values): what it means when readable, else why it is
  quarantined. The staged benefit weeks, employment months, residences, visitations and the quarantine
  all read their cells from here.
-#}
{%- set cell_columns = dream_extract_column_names(
    ref('base_dream__extract_columns_read'),
    dream_cell_column_kinds(),
) -%}

with extract_rows as (
    select * from {{ ref('base_dream__extract_rows') }}
),

extract_values as (
    select * from {{ ref('base_dream__extract_values') }}
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
        cells.person_id,
        cells.column_name,
        cells.cell_value,
        extract_values.column_kind,
        extract_values.week_index,
        extract_values.calendar_year,
        extract_values.calendar_month,
        extract_values.calendar_quarter,
        extract_values.benefit_code,
        extract_values.municipality_code,
        extract_values.visitation_code,
        extract_values.industry_code,
        extract_values.employment_degree,
        extract_values.fault_reason
    from cells
    inner join extract_values
        on
            cells.column_name = extract_values.column_name
            and cells.cell_value = extract_values.cell_value
)

select * from final

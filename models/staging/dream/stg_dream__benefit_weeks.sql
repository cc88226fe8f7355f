{#-
  One row per person-week with a benefit code, for the persons in scope and the weeks
  the analysis reads. Cells that are not a code of the code list are quarantined
  (stg_dream__quarantine) instead: text that is not a whole number, a code missing from
  seeds/dream_benefit_codes.csv (add it there and it flows through), a column naming no
  real ISO week. The verdicts come from base_dream__extract_values.
-#}
with cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

extract_values as (
    select * from {{ ref('base_dream__extract_values') }}
),

extract_columns as (
    select * from {{ ref('base_dream__extract_columns') }}
),

final as (
    select
        cells.person_id,
        extract_columns.iso_year,
        extract_columns.iso_week,
        extract_columns.week_index,
        extract_columns.week_start,
        extract_values.benefit_code
    from cells
    inner join extract_values
        on
            cells.column_name = extract_values.column_name
            and cells.cell_value = extract_values.cell_value
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
    where extract_values.column_kind = 'benefit_week' and extract_values.fault_reason is null
)

select * from final

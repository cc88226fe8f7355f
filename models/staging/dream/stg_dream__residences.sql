{#-
  One row per person-year with a municipality of residence (nykomYYYY) as found, for the
  persons in scope; 0 means unknown and gives no row, and a value that is not a whole
  number is quarantined (stg_dream__quarantine). Codes outside the 98 municipalities
  (411 Christiansø, typos) are kept as found.
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
        extract_columns.calendar_year,
        extract_values.municipality_code
    from cells
    inner join extract_values
        on
            cells.column_name = extract_values.column_name
            and cells.cell_value = extract_values.cell_value
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
    where
        extract_values.column_kind = 'municipality_year'
        and extract_values.fault_reason is null
        and extract_values.municipality_code <> 0
)

select * from final

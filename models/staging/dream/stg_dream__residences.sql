{#-
  One row per person-year with a municipality of residence (nykomYYYY) as found; 0
  means unknown and gives no row, and a value that is not a whole number is
  quarantined (stg_dream__quarantine). Codes outside the 98 municipalities (411
  Christiansø, typos) are kept as found.
-#}
with cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

extract_columns as (
    select * from {{ ref('base_dream__extract_columns') }}
),

parsed as (
    select
        cells.person_id,
        extract_columns.calendar_year,
        case
            when {{ dream_is_whole_number('cells.cell_value') }}
                then cast(cells.cell_value as integer)
        end as municipality_code
    from cells
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
    where extract_columns.column_kind = 'municipality_year'
),

final as (
    select
        person_id,
        calendar_year,
        municipality_code
    from parsed
    where municipality_code <> 0
)

select * from final

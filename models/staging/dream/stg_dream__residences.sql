{#-
  One row per person-year with a municipality of residence (nykomYYYY) as found, for the
  persons in scope; 0 means unknown and gives no row, and a value that is not a whole
  number is quarantined (stg_dream__quarantine). Codes outside the 98 municipalities
  (411 Christiansø, typos) are kept as found; is_municipality tells them apart.
-#}
with cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

municipalities as (
    select * from {{ ref('dream_municipalities') }}
),

final as (
    select
        cells.person_id,
        cells.calendar_year,
        cells.municipality_code,
        municipalities.municipality_code is not null as is_municipality
    from cells
    left join municipalities
        on cells.municipality_code = municipalities.municipality_code
    where
        cells.column_kind = 'municipality_year'
        and cells.fault_reason is null
        and cells.municipality_code <> 0
)

select * from final

{#-
  One row per person-quarter with a visitation (match) category (visit_QkvYYYY), for the
  persons in scope and the quarters read (base_dream__extract_columns_read). An empty cell
  or 0 means no visitation and gives no row; a value that is not a whole number is
  quarantined (non_numeric_visitation, stg_dream__quarantine) and gives no row either.
  quarter_number matches base_dream__weeks.quarter_number, the quarter of a week's Thursday.
-#}
with cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

final as (
    select
        person_id,
        calendar_year,
        calendar_quarter,
        {{ dream_quarter_number('calendar_year', 'calendar_quarter') }} as quarter_number,
        visitation_code
    from cells
    where
        column_kind = 'visitation_quarter'
        and fault_reason is null
        and visitation_code <> 0
)

select * from final

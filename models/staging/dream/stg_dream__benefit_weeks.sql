{#-
  One row per person-week with a non-empty cell, for the persons in scope and the weeks
  the analysis reads (the calendar of a week is in base_dream__weeks, by week index).
  benefit_code is the code when the cell holds a code of the code list; otherwise it is
  null, code_fault says why (text that is not a whole number, or a code missing from
  seeds/dream_benefit_codes.csv: add it there and it flows through) and the cell is also
  in stg_dream__quarantine. A cell of a y_ column naming no real ISO week has no week: it
  is only quarantined.
-#}
with cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

final as (
    select
        person_id,
        week_index,
        benefit_code,
        fault_reason as code_fault
    from cells
    where column_kind = 'benefit_week' and week_index is not null
)

select * from final

{#-
  One row per person-week with a benefit code, for the weeks the analysis reads. Cells
  that are not a code of the code list are quarantined (stg_dream__quarantine) instead:
  text that is not a whole number, a code missing from seeds/dream_benefit_codes.csv
  (add it there and it flows through), a column naming no real ISO week.
-#}
with cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

extract_columns as (
    select * from {{ ref('base_dream__extract_columns') }}
),

benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

week_cells as (
    select
        cells.person_id,
        extract_columns.iso_year,
        extract_columns.iso_week,
        extract_columns.week_index,
        extract_columns.week_start,
        case
            when {{ dream_is_whole_number('cells.cell_value') }}
                then cast(cells.cell_value as integer)
        end as benefit_code
    from cells
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
    where extract_columns.column_kind = 'benefit_week' and extract_columns.is_valid_name
),

final as (
    select
        week_cells.person_id,
        week_cells.iso_year,
        week_cells.iso_week,
        week_cells.week_index,
        week_cells.week_start,
        week_cells.benefit_code
    from week_cells
    inner join benefit_codes
        on week_cells.benefit_code = benefit_codes.benefit_code
)

select * from final

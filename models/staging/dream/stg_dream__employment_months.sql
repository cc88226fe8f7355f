{#-
  One row per person-month with employment registered in the income register
  (branche_YYYY_MM and/or grad_YYYY_MM), for the persons in scope and the months the
  analysis reads. An industry code that is not digits, or a degree that is not a number,
  is quarantined (stg_dream__quarantine) and counts as not registered.
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

parsed as (
    select
        cells.person_id,
        extract_columns.calendar_year,
        extract_columns.calendar_month,
        extract_values.industry_code,
        extract_values.employment_degree
    from cells
    inner join extract_values
        on
            cells.column_name = extract_values.column_name
            and cells.cell_value = extract_values.cell_value
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
    where
        extract_values.column_kind in ('industry_month', 'employment_degree_month')
        and extract_values.fault_reason is null
),

pivoted as (
    select
        person_id,
        calendar_year,
        calendar_month,
        max(industry_code) as industry_code,
        max(employment_degree) as employment_degree
    from parsed
    group by person_id, calendar_year, calendar_month
),

final as (
    select
        person_id,
        calendar_year,
        calendar_month,
        industry_code,
        employment_degree,
        (industry_code is not null or coalesce(employment_degree, 0) > 0) as has_employment
    from pivoted
)

select * from final

{#-
  One row per person-month with employment registered in the income register
  (branche_YYYY_MM and/or grad_YYYY_MM), for the persons in scope and the months the
  analysis reads. An industry code that is not digits, or a degree that is not a number,
  is quarantined (stg_dream__quarantine) and counts as not registered.
-#}
with cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

readable as (
    select
        person_id,
        calendar_year,
        calendar_month,
        industry_code,
        employment_degree
    from cells
    where
        column_kind in ('industry_month', 'employment_degree_month')
        and fault_reason is null
),

pivoted as (
    select
        person_id,
        calendar_year,
        calendar_month,
        max(industry_code) as industry_code,
        max(employment_degree) as employment_degree
    from readable
    group by person_id, calendar_year, calendar_month
),

final as (
    select
        person_id,
        calendar_year,
        calendar_month,
        {{ dream_month_number('calendar_year', 'calendar_month') }} as month_number,
        industry_code,
        employment_degree,
        (industry_code is not null or coalesce(employment_degree, 0) > 0) as has_employment
    from pivoted
)

select * from final

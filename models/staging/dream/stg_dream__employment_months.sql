{#-
  One row per person-month with employment registered in the income register
  (branche_YYYY_MM and/or grad_YYYY_MM non-empty), for the months the analysis reads.
-#}
{%- set extract_columns = ref('stg_dream__extract_columns') -%}
{%- set person_id_column = dream_person_id_column(extract_columns) -%}
{%- set month_columns = dream_extract_column_names(extract_columns, ['industry_month', 'employment_degree_month']) -%}

with extract_columns as (
    select * from {{ extract_columns }}
),

cells as (
    {{ dream_unpivot(source('dream', 'extract'), person_id_column, month_columns) }}
),

located as (
    select
        cells.person_id,
        extract_columns.calendar_year,
        extract_columns.calendar_month,
        extract_columns.column_kind,
        cells.cell_value
    from cells
    inner join extract_columns
        on cells.column_name = extract_columns.column_name
),

pivoted as (
    select
        person_id,
        calendar_year,
        calendar_month,
        max(case when column_kind = 'industry_month' then cell_value end) as industry_code,
        max(case when column_kind = 'employment_degree_month' then cell_value end) as employment_degree_text
    from located
    group by person_id, calendar_year, calendar_month
),

final as (
    select
        person_id,
        calendar_year,
        calendar_month,
        industry_code,
        {{ dream_try_cast('employment_degree_text', dream_float_type()) }} as employment_degree,
        (
            industry_code is not null
            or coalesce({{ dream_try_cast('employment_degree_text', dream_float_type()) }}, 0) > 0
        ) as has_employment
    from pivoted
)

select * from final

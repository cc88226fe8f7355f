{{ config(severity='error') }}
-- No row that matters is left out of staging: for every value that puts a row in scope
-- (a ressourceforløb code, or a value to quarantine), the cells holding it counted over
-- the whole extract in the first pass (base_dream__extract_values) = the cells holding
-- it in the rows fetched by the second pass (base_dream__extract_rows, every copy).
{%- set cell_columns = dream_extract_column_names(
    ref('base_dream__extract_columns_read'),
    dream_cell_column_kinds(),
) %}

with extract_values as (
    select * from {{ ref('base_dream__extract_values') }}
),

extract_rows as (
    select * from {{ ref('base_dream__extract_rows') }}
),

fetched_cells as (
    {{ dream_unpivot('extract_rows', 'person_id', cell_columns) }}
),

fetched as (
    select
        column_name,
        cell_value,
        count(*) as cells
    from fetched_cells
    group by column_name, cell_value
),

final as (
    select
        extract_values.column_name,
        extract_values.cell_value,
        extract_values.cells as cells_in_extract,
        coalesce(fetched.cells, 0) as cells_fetched
    from extract_values
    left join fetched
        on
            extract_values.column_name = fetched.column_name
            and extract_values.cell_value = fetched.cell_value
    where extract_values.is_in_scope and extract_values.cells <> coalesce(fetched.cells, 0)
)

select * from final

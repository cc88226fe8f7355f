{{ config(severity='error') }}
-- Every column the analysis reads (base_dream__extract_columns_read, from the file's whole
-- header) is a column of the extract relation. The DuckDB hook lands only the columns read of
-- a text extract and the PostgreSQL loader may load only those (both choose them from the
-- header by the same rule, macro dream_header_columns_read / dream_outcomes.dbt_vars.ReadRange):
-- a column read that they left out would otherwise be a week the extract seems not to have.
with columns_read as (
    select * from {{ ref('base_dream__extract_columns_read') }}
),

extract_columns as (
    {{ dream_relation_columns_sql(ref('base_dream__extract')) }}
),

final as (
    select
        columns_read.column_position,
        columns_read.column_name
    from columns_read
    left join extract_columns
        on lower(columns_read.column_name) = lower(extract_columns.column_name)
    where extract_columns.column_name is null
)

select * from final

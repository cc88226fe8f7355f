{{ config(severity='error') }}
-- Every non-empty week cell of the rows staged is accounted for: the non-empty cells of
-- the y_ columns read, counted straight from the wide rows, = person-weeks staged + week
-- cells quarantined. (assert_reconciliation_values.sql proves that no row holding a
-- resource code or a value to quarantine was left out of the rows staged.)
{%- set week_columns = dream_extract_column_names(ref('base_dream__extract_columns'), ['benefit_week']) %}

with extract_rows as (
    select * from {{ ref('base_dream__extract_rows') }}
),

benefit_weeks as (
    select * from {{ ref('stg_dream__benefit_weeks') }}
),

quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

counts as (
    select
        (
            select
                coalesce(sum(
                    0
                    {%- for column in week_columns %}
                + case when trim(cast({{ adapter.quote(column) }} as {{ dream_text_type() }})) <> '' then 1 else 0 end
                {%- endfor %}
                ), 0)
            from extract_rows
            where is_staged
        ) as week_cells_in,
        (select count(*) from benefit_weeks) as week_cells_staged,
        (
            select count(*) from quarantine
            where reason in ('non_numeric_code', 'unknown_code', 'invalid_week_column')
        ) as week_cells_quarantined
),

final as (
    select * from counts
    where week_cells_in <> week_cells_staged + week_cells_quarantined
)

select * from final

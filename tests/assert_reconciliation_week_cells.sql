{{ config(severity='error') }}
-- Every non-empty week cell of the rows staged is accounted for: the non-empty cells of
-- the y_ columns read, counted straight from the wide rows, = person-weeks staged with a
-- code + week cells quarantined; and the person-weeks staged without a code are exactly
-- the quarantined cells of real weeks that hold no code of the code list. The count per
-- row is summed in batches (dream_count_non_empty): a flat sum over the ~700 week columns
-- a present-day window reads overflows Spark's stack.
-- (assert_reconciliation_values.sql proves that no row holding a
-- resource code or a value to quarantine was left out of the rows staged.)
{%- set week_columns = dream_extract_column_names(
    ref('base_dream__extract_columns_read'), ['benefit_week'],
) %}

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
                    {{ dream_count_non_empty(week_columns) }}
                ), 0)
            from extract_rows
            where is_staged
        ) as week_cells_in,
        (
            select count(*) from benefit_weeks
            where benefit_code is not null
        ) as week_cells_staged,
        (
            select count(*) from benefit_weeks
            where benefit_code is null
        ) as week_cells_staged_without_code,
        (
            select count(*) from quarantine
            where reason in ('non_numeric_code', 'unknown_code', 'invalid_week_column')
        ) as week_cells_quarantined,
        (
            select count(*) from quarantine
            where reason in ('non_numeric_code', 'unknown_code') and week_index is not null
        ) as week_cells_quarantined_without_code
),

final as (
    select * from counts
    where
        week_cells_in <> week_cells_staged + week_cells_quarantined
        or week_cells_staged_without_code <> week_cells_quarantined_without_code
)

select * from final

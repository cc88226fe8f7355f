{{ config(severity='warn') }}
-- Warns when more than var('quarantine_warn_rate') (default 0.1 %) of the week cells read
-- from the extract are quarantined: the extract or the code list probably needs a look.
with extract_values as (
    select * from {{ ref('base_dream__extract_values') }}
),

quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

counts as (
    select
        (
            select coalesce(sum(cells), 0) from extract_values
            where column_kind = 'benefit_week'
        ) as week_cells_read,
        (
            select count(*) from quarantine
            where reason in ('non_numeric_code', 'unknown_code', 'invalid_week_column')
        ) as week_cells_quarantined
),

final as (
    select
        week_cells_read,
        week_cells_quarantined,
        cast(week_cells_quarantined as {{ dream_float_type() }})
        / nullif(week_cells_read, 0) as quarantine_rate
    from counts
)

select * from final
where quarantine_rate > {{ var('quarantine_warn_rate') }}

{{ config(severity='warn') }}
-- Warns when more than var('quarantine_warn_rate') (default 0.1 %) of the week cells read
-- are quarantined: the extract or the code list probably needs a look.
with benefit_weeks as (
    select * from {{ ref('stg_dream__benefit_weeks') }}
),

quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

counts as (
    select
        (select count(*) from benefit_weeks) as week_cells_staged,
        (
            select count(*) from quarantine
            where week_index is not null or reason = 'invalid_week_column')
            as week_cells_quarantined
),

final as (
    select
        week_cells_staged,
        week_cells_quarantined,
        cast(week_cells_quarantined as {{ dream_float_type() }})
        / nullif(week_cells_staged + week_cells_quarantined, 0) as quarantine_rate
    from counts
)

select * from final
where quarantine_rate > {{ var('quarantine_warn_rate') }}

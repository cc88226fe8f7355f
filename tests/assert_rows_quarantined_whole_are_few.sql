{{ config(severity='error') }}
-- An extract whose rows are mostly unreadable is not what it seems (a wrong separator, a
-- broken header, ids lost): when more than var('quarantine_max_row_share') of the file's rows
-- are quarantined whole, this test fails and nothing downstream of staging is published.
-- (On DuckDB the on-run-start hook already stops such a file when its lines do not fit the header.)
with person_ids as (
    select * from {{ ref('base_dream__person_ids') }}
),

rejects as (
    select * from {{ ref('base_dream__extract_rejects') }}
),

quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

counts as (
    select
        (select coalesce(sum(rows_in_extract), 0) from person_ids)
        + (select count(*) from rejects) as rows_in,
        (
            select count(*) from quarantine
            where reason in {{ dream_whole_row_reasons() }}
        ) as rows_quarantined
),

final as (
    select
        rows_in,
        rows_quarantined,
        {{ var('quarantine_max_row_share') }} as quarantine_max_row_share
    from counts
    where rows_quarantined > {{ var('quarantine_max_row_share') }} * rows_in
)

select * from final

{{ config(severity='error') }}
-- An extract whose rows are mostly unusable is not what it seems (ids lost, a broken export):
-- when more than var('quarantine_max_row_share') of the rows that fit the header are
-- quarantined whole (an empty person id, or rows of one id that conflict), this test fails and
-- nothing downstream of base_dream__person_ids (every person-level and aggregate mart) is built.
-- It reads base_dream__person_ids only, so dbt holds back every model downstream of it. Lines
-- that do not fit the header are stopped before: by the on-run-start hook (DuckDB, Spark) or
-- by the loader (PostgreSQL), with the same var.
with person_ids as (
    select * from {{ ref('base_dream__person_ids') }}
),

counts as (
    select
        coalesce(sum(rows_in_extract), 0) as rows_in,
        coalesce(sum(
            case when id_status in ('empty', 'conflicting_duplicate') then rows_in_extract else 0 end
        ), 0) as rows_quarantined
    from person_ids
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

{{ config(severity='error') }}
-- Every row of the extract is accounted for: rows in the file (read, or rejected as not
-- fitting the header) = persons staged + persons outside the analysis (no ressourceforløb
-- week and nothing to quarantine in the columns read) + rows quarantined + identical
-- copies merged.
with extract as (
    select * from {{ ref('base_dream__extract') }}
),

rejects as (
    select * from {{ ref('base_dream__extract_rejects') }}
),

persons as (
    select * from {{ ref('stg_dream__persons') }}
),

quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

person_ids as (
    select * from {{ ref('base_dream__person_ids') }}
),

counts as (
    select
        (select count(*) from extract) + (select count(*) from rejects) as rows_in,
        (select count(*) from persons) as persons_staged,
        (
            select count(*) from person_ids
            where
                id_status in ('unique', 'identical_duplicate')
                and person_id not in (select persons.person_id from persons)
        ) as persons_out_of_scope,
        (
            select count(*) from quarantine
            where reason in {{ dream_whole_row_reasons() }}
        ) as rows_quarantined,
        (
            select coalesce(sum(rows_in_extract - 1), 0) from person_ids
            where id_status = 'identical_duplicate'
        ) as identical_copies_merged
),

final as (
    select * from counts
    where rows_in <> persons_staged + persons_out_of_scope + rows_quarantined + identical_copies_merged
)

select * from final

-- Primary key of the rows staging reads (base_dream__extract_rows where is_staged): the
-- person id is non-empty and unique.
with extract_rows as (
    select * from {{ ref('base_dream__extract_rows') }}
),

final as (
    select
        person_id,
        count(*) as rows_with_id
    from extract_rows
    where is_staged
    group by person_id
    having count(*) > 1 or person_id = ''
)

select * from final

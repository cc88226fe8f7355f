-- Primary key of base_dream__extract_rows: its person-id column (lobenr or pnr, found by name)
-- is non-empty and unique.
{%- set person_id_column = dream_person_id_column(ref('base_dream__extract_columns')) %}

with extract_rows as (
    select * from {{ ref('base_dream__extract_rows') }}
),

ids as (
    select coalesce(trim(cast({{ adapter.quote(person_id_column) }} as {{ dream_text_type() }})), '') as person_id
    from extract_rows
),

final as (
    select
        person_id,
        count(*) as rows_with_id
    from ids
    group by person_id
    having count(*) > 1 or person_id = ''
)

select * from final

{{ config(materialized='view') }}
{#-
  The extract rows that go on to staging: rows with a unique id, and one copy of each
  set of identical duplicate rows. Rows with an empty id and conflicting duplicates are
  quarantined instead (stg_dream__quarantine). The id column is trimmed.
-#}
{%- set extract_columns = ref('base_dream__extract_columns') -%}
{%- set person_id_column = adapter.quote(dream_person_id_column(extract_columns)) -%}

with extract as (
    select * from {{ source('dream', 'extract') }}
),

person_ids as (
    select * from {{ ref('base_dream__person_ids') }}
),

unique_rows as (
    select extract.*
    from extract
    inner join person_ids
        on trim(cast(extract.{{ person_id_column }} as {{ dream_text_type() }})) = person_ids.person_id
    where person_ids.id_status = 'unique'
),

merged_rows as (
    select distinct extract.*
    from extract
    inner join person_ids
        on trim(cast(extract.{{ person_id_column }} as {{ dream_text_type() }})) = person_ids.person_id
    where person_ids.id_status = 'identical_duplicate'
),

final as (
    -- the extract's columns as found, whatever they are
    select * from unique_rows
    union all
    select * from merged_rows
)

select * from final  -- noqa: AM04

{#-
  One row per person id found in the extract (trimmed; '' for an empty id), with how
  many rows carry it and how many different versions of the row there are:
  unique (1 row), identical_duplicate (several identical rows: merged into one),
  conflicting_duplicate (rows that differ: all quarantined, never silently picked),
  empty (no id: every such row quarantined).
-#}
{%- set extract_columns = ref('base_dream__extract_columns') -%}
{%- set person_id_column = adapter.quote(dream_person_id_column(extract_columns)) -%}

{#- The extract is imported twice on purpose: one CTE read by two consumers would make
    DuckDB fan out every column of every row; the id count reads the id column only and
    only the rows of duplicated ids are read whole. #}
with extract as (
    select * from {{ ref('base_dream__extract') }}
),

extract_ids as (
    select * from {{ ref('base_dream__extract') }}
),

rows_per_id as (
    select
        coalesce(trim(cast({{ person_id_column }} as {{ dream_text_type() }})), '') as person_id,
        count(*) as rows_in_extract
    from extract_ids
    group by coalesce(trim(cast({{ person_id_column }} as {{ dream_text_type() }})), '')
),

duplicated_rows as (
    select
        coalesce(trim(cast(extract.{{ person_id_column }} as {{ dream_text_type() }})), '') as person_id,
        {{ dream_row_fingerprint('extract') }} as row_fingerprint
    from extract
    inner join rows_per_id
        on coalesce(trim(cast(extract.{{ person_id_column }} as {{ dream_text_type() }})), '') = rows_per_id.person_id
    where rows_per_id.rows_in_extract > 1 and rows_per_id.person_id <> ''
),

versions as (
    select
        person_id,
        count(distinct row_fingerprint) as row_versions
    from duplicated_rows
    group by person_id
),

final as (
    select
        rows_per_id.person_id,
        rows_per_id.rows_in_extract,
        coalesce(versions.row_versions, 1) as row_versions,
        case
            when rows_per_id.person_id = '' then 'empty'
            when rows_per_id.rows_in_extract = 1 then 'unique'
            when versions.row_versions = 1 then 'identical_duplicate'
            else 'conflicting_duplicate'
        end as id_status
    from rows_per_id
    left join versions
        on rows_per_id.person_id = versions.person_id
)

select * from final

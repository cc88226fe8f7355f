{#-
  Everything from the extract that cannot be staged, with the reason: one row per
  quarantined cell or row. Nothing is lost silently: every row of the extract is a
  staged person, a person outside the analysis (counted), a quarantined row or a merged
  identical copy; every row holding a value to quarantine is fetched for staging, and
  every non-empty cell of the rows staged is staged or quarantined
  (tests/assert_reconciliation_*.sql). The cells and their verdicts come from the judged
  cells, base_dream__extract_cells.

  Row reasons: empty_person_id, conflicting_duplicate_person (every row of the id),
  ragged_row / unreadable_row (lines that do not fit the header; line_number set).
  Cell reasons: non_numeric_code, unknown_code, invalid_week_column,
  unparseable_municipality, unparseable_employment_degree, unparseable_industry_code,
  non_numeric_visitation.
-#}
{%- set extract_columns_relation = ref('base_dream__extract_columns') -%}
{%- set person_id_column = dream_person_id_column(extract_columns_relation) -%}

with extract as (
    select * from {{ ref('base_dream__extract') }}
),

rejects as (
    select * from {{ ref('base_dream__extract_rejects') }}
),

person_ids as (
    select * from {{ ref('base_dream__person_ids') }}
),

cells as (
    select * from {{ ref('base_dream__extract_cells') }}
),

extract_columns as (
    select * from {{ extract_columns_relation }}
),

header as (
    select
        column_position,
        column_name
    from extract_columns
    where column_kind = 'person_id'
),

quarantined_rows as (
    select
        case when person_ids.id_status = 'empty' then null else person_ids.person_id end as person_id,
        'row ' || person_ids.person_id || ' #' || cast(
            row_number() over (partition by person_ids.person_id order by person_ids.person_id)
            as {{ dream_text_type() }}
        ) as quarantined_item,
        '{{ person_id_column }}' as column_name,
        coalesce(trim(cast(extract.{{ adapter.quote(person_id_column) }} as {{ dream_text_type() }})), '')
            as raw_value,
        case
            when person_ids.id_status = 'empty' then 'empty_person_id'
            else 'conflicting_duplicate_person'
        end as reason,
        cast(null as integer) as week_index,
        cast(null as bigint) as line_number
    from extract
    inner join person_ids
        on
            coalesce(trim(cast(extract.{{ adapter.quote(person_id_column) }} as {{ dream_text_type() }})), '')
            = person_ids.person_id
    where person_ids.id_status in ('empty', 'conflicting_duplicate')
),

rejected_lines as (
    select
        nullif(trim({{ dream_split_part('rejects.csv_line', 'rejects.delimiter', 'header.column_position') }}), '')
            as person_id,
        'line ' || cast(rejects.line_number as {{ dream_text_type() }}) as quarantined_item,
        cast(null as {{ dream_text_type() }}) as column_name,
        cast(null as {{ dream_text_type() }}) as raw_value,
        case
            when rejects.error_type in ('MISSING COLUMNS', 'TOO MANY COLUMNS') then 'ragged_row'
            else 'unreadable_row'
        end as reason,
        cast(null as integer) as week_index,
        cast(rejects.line_number as bigint) as line_number
    from rejects
    cross join header
),

quarantined_cells as (
    select
        person_id,
        'cell ' || person_id || ' ' || column_name as quarantined_item,
        column_name,
        cell_value as raw_value,
        fault_reason as reason,
        case when column_kind = 'benefit_week' then week_index end as week_index,
        cast(null as bigint) as line_number
    from cells
    where fault_reason is not null
),

final as (
    select * from quarantined_rows
    union all
    select * from rejected_lines
    union all
    select * from quarantined_cells
)

select * from final

{#-
  Second pass over the extract: the rows in scope, with the columns read. A row is in
  scope when it holds a ressourceforløb code in a week read, or a value to quarantine
  (base_dream__extract_values.is_in_scope); every other row is a person outside the
  analysis, counted in base_dream__person_ids but never unpivoted. Every copy of a
  duplicated id is kept, with its id_status; is_staged marks the one row per person
  that staging reads (a unique id, or one copy of identical duplicates).
-#}
{%- set extract_relation = ref('base_dream__extract') -%}
{%- set person_id_column = dream_person_id_column(ref('base_dream__extract_columns')) -%}
{%- set read_columns = dream_extract_column_names(
    ref('base_dream__extract_columns_read'),
    ['sex', 'age_1991w31'] + dream_cell_column_kinds(),
) -%}

with extract as (
    select * from {{ extract_relation }}
),

person_ids as (
    select * from {{ ref('base_dream__person_ids') }}
),

-- noqa: disable=LT02
-- (the columns read are listed by a macro; before the first build there are none)
in_scope as (
    select
        coalesce(trim(cast({{ adapter.quote(person_id_column) }} as {{ dream_text_type() }})), '') as person_id
        {{ dream_trailing_columns(read_columns) }}
    from extract
    where {{ dream_scope_filter(extract_relation, ref('base_dream__extract_values')) }}
),

final as (
    select
        in_scope.person_id,
        person_ids.id_status,
        coalesce(
            person_ids.id_status = 'unique'
            or (
                person_ids.id_status = 'identical_duplicate'
                and row_number() over (partition by in_scope.person_id order by in_scope.person_id) = 1
            ),
            false
        ) as is_staged
        {{ dream_trailing_columns(read_columns, 'in_scope') }}
    from in_scope
    inner join person_ids
        on in_scope.person_id = person_ids.person_id
)

-- noqa: enable=LT02
select * from final

{#-
  One row per person in scope (a ressourceforløb week in the weeks read, or a cell to
  quarantine), staged from a unique id or identical duplicates merged: sex and age in
  1991 week 31. The persons outside the analysis are counted in base_dream__person_ids.
-#}
{%- set extract_columns = ref('base_dream__extract_columns') -%}
{%- set sex_column = dream_extract_column_names(extract_columns, ['sex']) -%}
{%- set age_column = dream_extract_column_names(extract_columns, ['age_1991w31']) -%}
{%- set text = dream_text_type() -%}

with extract_rows as (
    select * from {{ ref('base_dream__extract_rows') }}
),

final as (
    select
        person_id,
        {% if sex_column -%}
            {{ dream_try_cast('trim(cast(' ~ adapter.quote(sex_column[0]) ~ ' as ' ~ text ~ '))', 'integer') }}
        {%- else -%}
            cast(null as integer)
        {%- endif %} as sex_code,
        {% if age_column -%}
            {{ dream_try_cast('trim(cast(' ~ adapter.quote(age_column[0]) ~ ' as ' ~ text ~ '))', 'integer') }}
        {%- else -%}
            cast(null as integer)
        {%- endif %} as age_1991w31
    from extract_rows
    where is_staged
)

select * from final

{#- One row per person staged (unique id, identical duplicates merged): sex and age in 1991 week 31. -#}
{%- set extract_columns = ref('base_dream__extract_columns') -%}
{%- set person_id_column = dream_person_id_column(extract_columns) -%}
{%- set sex_column = dream_extract_column_names(extract_columns, ['sex']) -%}
{%- set age_column = dream_extract_column_names(extract_columns, ['age_1991w31']) -%}
{%- set text = dream_text_type() -%}

with extract as (
    select * from {{ ref('base_dream__extract_rows') }}
),

final as (
    select
        trim(cast({{ adapter.quote(person_id_column) }} as {{ text }})) as person_id,
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
    from extract
)

select * from final

{#-
  One row: which weeks the extract covers and which weeks the analysis reads.
  observed_end_index = the last week both in the extract and read; an episode is
  only "ended" when its four following weeks lie on or before it.
-#}
{%- set weeks = dream_analysis_weeks() -%}

with extract_columns as (
    select * from {{ ref('base_dream__extract_columns') }}
),

person_ids as (
    select * from {{ ref('base_dream__person_ids') }}
),

persons as (
    select * from {{ ref('stg_dream__persons') }}
),

person_count as (
    select
        (
            select count(*) from person_ids
            where id_status in ('unique', 'identical_duplicate')
        ) as persons_in_extract,
        (select count(*) from persons) as persons_in_scope
),

extract_weeks as (
    select
        min(week_index) as extract_first_week_index,
        max(week_index) as extract_last_week_index
    from extract_columns
    where column_kind = 'benefit_week' and is_valid_name
),

final as (
    select
        extract_weeks.extract_first_week_index,
        extract_weeks.extract_last_week_index,
        {{ dream_iso_week_label(dream_week_start('extract_weeks.extract_first_week_index')) }} as extract_first_week,
        {{ dream_iso_week_label(dream_week_start('extract_weeks.extract_last_week_index')) }} as extract_last_week,
        {{ weeks.window_start_index }} as window_start_index,
        {{ weeks.window_end_index }} as window_end_index,
        {{ weeks.read_start_index }} as read_start_index,
        least({{ weeks.read_end_index }}, extract_weeks.extract_last_week_index) as observed_end_index,
        person_count.persons_in_extract,
        person_count.persons_in_scope
    from extract_weeks
    cross join person_count
)

select * from final

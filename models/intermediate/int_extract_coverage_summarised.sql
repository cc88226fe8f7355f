{#-
  One row: which weeks the extract covers, and how many persons the extract holds and the
  analysis staged (dim_analysis publishes it). Which weeks the analysis reads, observes and
  counts in the window is base_dream__weeks.
-#}
with weeks as (
    select * from {{ ref('base_dream__weeks') }}
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

week_ranges as (
    select
        min(case when is_in_extract then week_index end) as extract_first_week_index,
        max(case when is_in_extract then week_index end) as extract_last_week_index
    from weeks
),

final as (
    select
        week_ranges.extract_first_week_index,
        week_ranges.extract_last_week_index,
        {{ dream_iso_week_label(dream_week_start('week_ranges.extract_first_week_index')) }} as extract_first_week,
        {{ dream_iso_week_label(dream_week_start('week_ranges.extract_last_week_index')) }} as extract_last_week,
        {#- the Sunday that closes the extract's last week: the vintage's date #}
        cast({{ dream_add_days(dream_week_start('week_ranges.extract_last_week_index'), '6') }} as date)
            as extract_last_date,
        person_count.persons_in_extract,
        person_count.persons_in_scope
    from week_ranges
    cross join person_count
)

select * from final

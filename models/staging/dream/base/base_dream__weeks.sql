{#-
  The week spine: one row per ISO week from the earliest to the latest week that the
  extract holds or the analysis reads, numbered by week index (1991-W32 = 0). Every model
  that needs a week's calendar joins this model by week index.

  The Thursday rule (spec §2), in this one model: a week belongs to the year and to the
  month of its Thursday. Its ISO year and week number, the month it counts in (for the
  monthly employment columns), the quarter it counts in (for the quarterly visitation
  columns) and the half-year it counts in (for the trends) all come from the Thursday.

  Flags: is_in_extract (the extract has a y_YYWW column for the week; a week between the
  extract's first and last that has none is a hole), is_read (from the read start less
  case_mix_weeks to the window end plus follow_up_weeks), is_in_history (from the read
  start to the window end plus the status horizon: the weeks episodes are made of and
  judged on), is_in_window, and is_observed (in the extract and read: a week whose benefit
  is known; the weeks after the history are read for the outcomes' statuses only).
-#}
{%- set weeks = dream_analysis_weeks() -%}

with extract_columns as (
    select * from {{ ref('base_dream__extract_columns') }}
),

extract_weeks as (
    select distinct week_index
    from extract_columns
    where column_kind = 'benefit_week' and is_valid_name
),

bounds as (
    select
        coalesce(least(min(week_index), {{ weeks.columns_start_index }}), {{ weeks.columns_start_index }})
            as first_week_index,
        coalesce(greatest(max(week_index), {{ weeks.columns_end_index }}), {{ weeks.columns_end_index }})
            as last_week_index
    from extract_weeks
),

series as (
    select {{ dream_integer_series('first_week_index', 'last_week_index') }} as week_number
    from bounds
),

spine as (
    select cast(week_number as integer) as week_index
    from series
),

thursdays as (
    select
        week_index,
        {{ dream_week_start('week_index') }} as week_start,
        {{ dream_add_days(dream_week_start('week_index'), 3) }} as thursday
    from spine
),

calendar as (
    select
        week_index,
        week_start,
        thursday,
        cast(extract(year from thursday) as integer) as thursday_year,
        cast(extract(month from thursday) as integer) as thursday_month,
        cast(floor((extract(month from thursday) - 1) / 3) + 1 as integer) as thursday_quarter
    from thursdays
),

final as (
    select
        calendar.week_index,
        calendar.thursday_year as iso_year,
        cast(
            floor({{ dream_days_between(dream_make_date('calendar.thursday_year', 1, 1), 'calendar.thursday') }} / 7)
            + 1 as integer
        ) as iso_week,
        calendar.week_start,
        calendar.thursday_year,
        calendar.thursday_month,
        {{ dream_month_number('calendar.thursday_year', 'calendar.thursday_month') }} as month_number,
        calendar.thursday_quarter,
        {{ dream_quarter_number('calendar.thursday_year', 'calendar.thursday_quarter') }} as quarter_number,
        cast(calendar.thursday_year as {{ dream_text_type() }}) || 'Q'
        || cast(calendar.thursday_quarter as {{ dream_text_type() }}) as quarter_label,
        cast(calendar.thursday_year as {{ dream_text_type() }}) || 'H'
        || case when calendar.thursday_month <= 6 then '1' else '2' end as half_year,
        {{ dream_make_date('calendar.thursday_year', 'case when calendar.thursday_month <= 6 then 1 else 7 end', 1) }}
            as half_year_start,
        extract_weeks.week_index is not null as is_in_extract,
        calendar.week_index between {{ weeks.columns_start_index }} and {{ weeks.columns_end_index }} as is_read,
        calendar.week_index between {{ weeks.read_start_index }} and {{ weeks.read_end_index }} as is_in_history,
        calendar.week_index between {{ weeks.window_start_index }} and {{ weeks.window_end_index }} as is_in_window,
        extract_weeks.week_index is not null and calendar.week_index <= {{ weeks.columns_end_index }} as is_observed
    from calendar
    left join extract_weeks
        on calendar.week_index = extract_weeks.week_index
)

select * from final

{#-
  Holes in the extract: runs of weeks between its first and last y_YYWW column that have
  no column of their own (a column left out of the extract). A week that is not in the
  extract is not observed: an episode whose episode_gap_weeks following weeks touch a hole
  is not ended (int_resource_episodes_detected), and a status week in a hole is not
  observed (int_resource_outcomes_classified). One row per hole; none for a whole extract.
-#}
with extract_columns as (
    select * from {{ ref('base_dream__extract_columns') }}
),

extract_weeks as (
    select distinct week_index
    from extract_columns
    where column_kind = 'benefit_week' and is_valid_name
),

stepped as (
    select
        week_index,
        lag(week_index) over (order by week_index) as previous_week_index
    from extract_weeks
),

final as (
    select
        previous_week_index + 1 as hole_start_index,
        week_index - 1 as hole_end_index,
        week_index - previous_week_index - 1 as weeks_missing
    from stepped
    where week_index - previous_week_index > 1
)

select * from final

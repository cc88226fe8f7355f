{#-
  The status of a week after the end (spec §3.4-3.5), in this one model: one row per person
  whose latest ended episode lies in the window and per week 1 .. follow_up_weeks after its
  end week E. A week's status category comes from its benefit code (via the code list), or,
  when the week has no code, from employment in the month the week counts in
  (base_dream__weeks: the month of its Thursday): ordinary_employment, else self_supporting.
  A code the code list does not know, or text that is no code, gives 'unknown_code' (the cell
  itself is in the quarantine). A week not in the extract (beyond its last week, or a week
  column missing from it) is not observed: its status is null. The status at a horizon
  (int_resource_outcomes_classified), the lasting outcome (int_resource_outcomes_scored) and
  the time to the labour market (int_resource_closer_times_measured) all read these weeks.
-#}
{%- set follow_up = var('follow_up_weeks') | int -%}

with episodes as (
    select * from {{ ref('int_resource_episodes_detected') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

benefit_weeks as (
    select * from {{ ref('stg_dream__benefit_weeks') }}
),

employment_months as (
    select * from {{ ref('stg_dream__employment_months') }}
),

benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

offsets as (
    select cast(weeks_after_end as integer) as weeks_after_end
    from (select {{ dream_integer_series(1, follow_up) }} as weeks_after_end) as series
),

followed_weeks as (
    select
        episodes.person_id,
        episodes.end_week_index,
        offsets.weeks_after_end,
        episodes.end_week_index + offsets.weeks_after_end as week_index
    from episodes
    cross join offsets
    where episodes.is_latest_ended_in_window
),

calendared as (
    select
        followed_weeks.person_id,
        followed_weeks.end_week_index,
        followed_weeks.weeks_after_end,
        followed_weeks.week_index,
        calendar.week_start,
        calendar.month_number,
        coalesce(calendar.is_observed, false) as is_observed,
        codes.benefit_code,
        codes.code_fault is not null as is_code_unknown
    from followed_weeks
    left join weeks as calendar
        on followed_weeks.week_index = calendar.week_index
    left join benefit_weeks as codes
        on
            followed_weeks.person_id = codes.person_id
            and followed_weeks.week_index = codes.week_index
),

final as (
    select
        calendared.person_id,
        calendared.end_week_index,
        calendared.weeks_after_end,
        calendared.week_index,
        calendared.week_start,
        calendared.is_observed,
        calendared.benefit_code,
        case
            when not calendared.is_observed then null
            when calendared.is_code_unknown then 'unknown_code'
            when calendared.benefit_code is not null then benefit_codes.status_category
            when coalesce(employment_months.has_employment, false) then 'ordinary_employment'
            else 'self_supporting'
        end as status_category
    from calendared
    left join benefit_codes
        on calendared.benefit_code = benefit_codes.benefit_code
    left join employment_months
        on
            calendared.person_id = employment_months.person_id
            and calendared.month_number = employment_months.month_number
)

select * from final

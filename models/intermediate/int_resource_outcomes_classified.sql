{#-
  The 13-week status (spec §3.4-3.5), in this one model.

  For each person's latest ended episode in the window: the status week
  S = E + status_horizon_weeks; its status category comes from the benefit code of
  week S (via the code list), or, when week S has no code, from employment in the
  month that week S counts in (base_dream__weeks: the month of its Thursday):
  ordinary_employment, else self_supporting. A code the code list does not know, or text
  that is no code, gives 'unknown_code' (the cell itself is in the quarantine). When week S
  is not in the extract (beyond its last week, or a week column missing from it), the
  outcome is awaited (status null). The municipality is nykom of the ISO year of E.
-#}
{%- set horizon = var('status_horizon_weeks') | int -%}

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

residences as (
    select * from {{ ref('stg_dream__residences') }}
),

benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

latest_ended as (
    select
        episodes.person_id,
        episodes.end_week_index,
        episodes.end_date,
        end_weeks.iso_year as end_iso_year,
        episodes.end_week_index + {{ horizon }} as status_week_index
    from episodes
    inner join weeks as end_weeks
        on episodes.end_week_index = end_weeks.week_index
    where episodes.is_latest_ended_in_window
),

status_weeks as (
    select
        latest_ended.person_id,
        latest_ended.end_week_index,
        latest_ended.end_date,
        latest_ended.end_iso_year,
        latest_ended.status_week_index,
        status_calendar.week_start as status_date,
        status_calendar.month_number as status_month_number,
        coalesce(status_calendar.is_observed, false) as is_outcome_observed,
        status_codes.benefit_code as status_benefit_code,
        status_codes.code_fault is not null as is_status_code_unknown
    from latest_ended
    left join weeks as status_calendar
        on latest_ended.status_week_index = status_calendar.week_index
    left join benefit_weeks as status_codes
        on
            latest_ended.person_id = status_codes.person_id
            and latest_ended.status_week_index = status_codes.week_index
),

classified as (
    select
        status_weeks.person_id,
        status_weeks.end_week_index,
        status_weeks.end_date,
        status_weeks.end_iso_year,
        status_weeks.status_week_index,
        status_weeks.status_date,
        status_weeks.is_outcome_observed,
        status_weeks.status_benefit_code,
        case
            when not status_weeks.is_outcome_observed then null
            when status_weeks.is_status_code_unknown then 'unknown_code'
            when status_weeks.status_benefit_code is not null then benefit_codes.status_category
            when coalesce(employment_months.has_employment, false) then 'ordinary_employment'
            else 'self_supporting'
        end as status_category
    from status_weeks
    left join benefit_codes
        on status_weeks.status_benefit_code = benefit_codes.benefit_code
    left join employment_months
        on
            status_weeks.person_id = employment_months.person_id
            and status_weeks.status_month_number = employment_months.month_number
),

final as (
    select
        classified.person_id,
        classified.end_week_index,
        classified.end_date,
        classified.status_week_index,
        classified.status_date,
        classified.status_benefit_code,
        classified.status_category,
        classified.is_outcome_observed,
        residences.municipality_code,
        coalesce(residences.is_municipality, false) as is_municipality
    from classified
    left join residences
        on
            classified.person_id = residences.person_id
            and classified.end_iso_year = residences.calendar_year
)

select * from final

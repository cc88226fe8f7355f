{#-
  The 13-week status (spec §3.4-3.5), in this one model.

  For each person's latest ended episode in the window: the status week
  S = E + status_horizon_weeks; its status category comes from the benefit code of
  week S (via the code list), or, when week S has no code, from employment in the
  month holding S's Thursday (ordinary_employment, else self_supporting). A code the
  code list does not know, or text that is no code, gives 'unknown_code' (the cell itself
  is in the quarantine). When the extract does not reach S, or S is a week
  missing from the extract (int_extract_holes_located), the outcome is awaited (status null). The municipality is nykom of the ISO year of E.
-#}
{%- set horizon = var('status_horizon_weeks') | int -%}

with episodes as (
    select * from {{ ref('int_resource_episodes_detected') }}
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

quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

municipalities as (
    select * from {{ ref('dream_municipalities') }}
),

coverage as (
    select * from {{ ref('int_extract_coverage_summarised') }}
),

holes as (
    select * from {{ ref('int_extract_holes_located') }}
),

latest_ended as (
    select
        episodes.person_id,
        episodes.end_week_index,
        episodes.end_date,
        episodes.end_week_index + {{ horizon }} as status_week_index,
        {{ dream_add_days('episodes.end_date', 7 * horizon) }} as status_date,
        extract(year from {{ dream_add_days('episodes.end_date', 3) }}) as end_iso_year,
        episodes.end_week_index + {{ horizon }} <= coverage.extract_last_week_index
        and holes.hole_start_index is null as is_outcome_observed
    from episodes
    cross join coverage
    left join holes
        on episodes.end_week_index + {{ horizon }} between holes.hole_start_index and holes.hole_end_index
    where episodes.is_latest_ended_in_window
),

status_weeks as (
    select
        latest_ended.person_id,
        latest_ended.end_week_index,
        latest_ended.end_date,
        latest_ended.end_iso_year,
        latest_ended.status_week_index,
        latest_ended.status_date,
        latest_ended.is_outcome_observed,
        status_codes.benefit_code as status_benefit_code,
        status_faults.reason is not null as is_status_code_unknown,
        extract(year from {{ dream_add_days('latest_ended.status_date', 3) }}) as status_thursday_year,
        extract(month from {{ dream_add_days('latest_ended.status_date', 3) }}) as status_thursday_month
    from latest_ended
    left join benefit_weeks as status_codes
        on
            latest_ended.person_id = status_codes.person_id
            and latest_ended.status_week_index = status_codes.week_index
    left join quarantine as status_faults
        on
            latest_ended.person_id = status_faults.person_id
            and latest_ended.status_week_index = status_faults.week_index
            and status_faults.reason in ('unknown_code', 'non_numeric_code')
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
            and status_weeks.status_thursday_year = employment_months.calendar_year
            and status_weeks.status_thursday_month = employment_months.calendar_month
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
        municipalities.municipality_code is not null as is_municipality
    from classified
    left join residences
        on
            classified.person_id = residences.person_id
            and classified.end_iso_year = residences.calendar_year
    left join municipalities
        on residences.municipality_code = municipalities.municipality_code
)

select * from final

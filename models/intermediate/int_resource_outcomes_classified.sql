{#-
  The status at each horizon (spec §3.4-3.5), in this one model: for each person's latest
  ended episode in the window and each status horizon (int_status_horizons_listed: the seed's
  and the headline var status_horizon_weeks), the status week S = E + horizon_weeks and its
  status category (int_resource_outcome_weeks_classified, the one place a week's status is
  defined). When week S is not in the extract (beyond its last week, or a week column missing
  from it) the outcome at that horizon is awaited (status null): a person may have an outcome
  at 13 weeks and await it at 52. The municipality is nykom of the ISO year of E, the same at
  every horizon.
-#}
with episodes as (
    select * from {{ ref('int_resource_episodes_detected') }}
),

outcome_weeks as (
    select * from {{ ref('int_resource_outcome_weeks_classified') }}
),

horizons as (
    select * from {{ ref('int_status_horizons_listed') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

residences as (
    select * from {{ ref('stg_dream__residences') }}
),

latest_ended as (
    select
        episodes.person_id,
        episodes.end_week_index,
        episodes.end_date,
        end_weeks.iso_year as end_iso_year
    from episodes
    inner join weeks as end_weeks
        on episodes.end_week_index = end_weeks.week_index
    where episodes.is_latest_ended_in_window
),

final as (
    select
        latest_ended.person_id,
        horizons.horizon_weeks,
        horizons.is_headline as is_headline_horizon,
        latest_ended.end_week_index,
        latest_ended.end_date,
        latest_ended.end_week_index + horizons.horizon_weeks as status_week_index,
        {{ dream_add_days('latest_ended.end_date', '7 * horizons.horizon_weeks') }} as status_date,
        outcome_weeks.benefit_code as status_benefit_code,
        outcome_weeks.status_category,
        coalesce(outcome_weeks.is_observed, false) as is_outcome_observed,
        residences.municipality_code,
        coalesce(residences.is_municipality, false) as is_municipality
    from latest_ended
    cross join horizons
    left join outcome_weeks
        on
            latest_ended.person_id = outcome_weeks.person_id
            and horizons.horizon_weeks = outcome_weeks.weeks_after_end
    left join residences
        on
            latest_ended.person_id = residences.person_id
            and latest_ended.end_iso_year = residences.calendar_year
)

select * from final

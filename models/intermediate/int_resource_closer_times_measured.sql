{#-
  The time to the labour market, per person, in this one model: one row per outcome set and
  person whose latest ended episode lies in the window, read from the weekly statuses after the
  end week E (int_resource_outcome_weeks_classified, the one place a week's status is defined).
  - censor_week: the last week t such that every week 1 .. t after E is observed, capped at
    time_to_closer_weeks: the extract's end, or the first week missing from it (a hole),
    censors. By the four-week rule weeks 1 .. 4 are always observed, so everyone is at risk at
    week 1.
  - event_week: the first week t <= censor_week whose status is in the outcome set (null if none).
  - exit_week = coalesce(event_week, censor_week); is_event when event_week is not null.
  The municipality is the person's at the headline horizon (int_resource_outcomes_classified:
  nykom of the ISO year of E, the same at every horizon). int_municipal_time_to_closer_estimated
  makes the Kaplan-Meier curves of these rows.
-#}
{%- set curve_weeks = var('time_to_closer_weeks') | int -%}

with outcome_weeks as (
    select * from {{ ref('int_resource_outcome_weeks_classified') }}
),

outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
),

outcome_sets as (
    select * from {{ ref('dream_outcome_sets') }}
),

set_names as (
    select distinct outcome_set from outcome_sets
),

curve_weeks as (
    select
        person_id,
        weeks_after_end,
        is_observed,
        status_category
    from outcome_weeks
    where weeks_after_end <= {{ curve_weeks }}
),

censoring as (
    select
        person_id,
        coalesce(
            min(case when not is_observed then weeks_after_end end) - 1, {{ curve_weeks }}
        ) as censor_week
    from curve_weeks
    group by person_id
),

events as (
    select
        outcome_sets.outcome_set,
        curve_weeks.person_id,
        min(curve_weeks.weeks_after_end) as event_week
    from curve_weeks
    inner join censoring
        on
            curve_weeks.person_id = censoring.person_id
            and curve_weeks.weeks_after_end <= censoring.censor_week
    inner join outcome_sets
        on curve_weeks.status_category = outcome_sets.status_category
    group by outcome_sets.outcome_set, curve_weeks.person_id
),

residences as (
    select
        person_id,
        municipality_code,
        is_municipality
    from outcomes
    where is_headline_horizon
),

final as (
    select
        set_names.outcome_set,
        censoring.person_id,
        censoring.censor_week,
        events.event_week,
        coalesce(events.event_week, censoring.censor_week) as exit_week,
        events.event_week is not null as is_event,
        residences.municipality_code,
        coalesce(residences.is_municipality, false) as is_municipality
    from censoring
    cross join set_names
    left join events
        on
            set_names.outcome_set = events.outcome_set
            and censoring.person_id = events.person_id
    left join residences
        on censoring.person_id = residences.person_id
)

select * from final

{#-
  The time to the labour market (Kaplan-Meier): one row per outcome set, area and week
  1 .. time_to_closer_weeks after the end, for the nation (municipality_code 0, every person,
  whatever or whether any municipality) and the municipalities ranked in the headline
  comparison of the same outcome set (int_municipal_outcomes_protected: is_headline and
  is_ranked); from the exact curves of int_municipal_time_to_closer_estimated.
  Safe publication, last, by greedy scans of each curve over the weeks, so that every
  published count is 0 or at least min_published_count (5), and so is every step between two
  consecutive published weeks of a curve:
  1. The anchor weeks, the headline horizon (status_horizon_weeks, 13) and the last week
     (time_to_closer_weeks, 52), are scanned first: an anchor is published when, since the last
     published anchor (at the start: week 0, every person at risk, nothing reached or
     censored), the increase of persons_reached_cum and that of persons_censored_cum are each 0
     or at least 5, and persons_still_at_risk is 0 or at least 5.
  2. Every other week t is published when, since the curve's last published week, the two
     increases are each 0 or at least 5, persons_still_at_risk(t) is 0 or at least 5, and the
     increases from t to the next published anchor are each 0 or at least 5 (so a published
     anchor stays published: the nation's curve at 13 and 52 weeks).
  A withheld week has its counts, share and interval null (is_suppressed). A ranked
  municipality's whole curve is withheld when the headline comparison withholds its persons or
  persons_awaiting_outcome (fct_municipal_outcomes: the same verdicts, macros/dream_suppression.sql),
  since its persons at risk at week 1 are their sum. The persons at risk are published after week
  t (persons_still_at_risk: neither reached nor censored by week t, the persons ended less the two
  cumulative counts), never at its start: beside the cumulative counts that would give away the
  week's own exits. The scans are unrolled over the weeks
  (macros/dream_suppression.sql: dream_curve_weeks_published; no recursive CTE, which Spark
  lacks), each step a flat expression of the one before.
-#}
{%- set curve_weeks = var('time_to_closer_weeks') | int -%}
{%- set headline_weeks = var('status_horizon_weeks') | int -%}
{%- set anchors = ([headline_weeks] if headline_weeks < curve_weeks else []) + [curve_weeks] -%}

with estimated as (
    select * from {{ ref('int_municipal_time_to_closer_estimated') }}
),

verdicts as (
    select * from {{ ref('int_municipal_outcomes_protected') }}
),

{# the verdicts of fct_municipal_outcomes at the published figures' slice #}
headline as (
    select * from verdicts
    where is_headline
),

published_areas as (
    select
        outcome_set,
        municipality_code,
        not is_persons_suppressed and not is_awaiting_suppressed as is_curve_published
    from headline
    where is_ranked
),

curves as (
    select
        estimated.outcome_set,
        estimated.municipality_code,
        estimated.municipality_name,
        estimated.is_national,
        estimated.weeks_after_end,
        {#- at risk after week t (at the start of week t + 1): those at risk at t less t's own exits,
            so that the week's exits are never published beside the cumulative counts #}
        estimated.persons_at_risk - estimated.persons_reached - estimated.persons_censored as persons_at_risk,
        estimated.persons_reached_cum,
        estimated.persons_censored_cum,
        estimated.share_reached,
        estimated.share_ci_low,
        estimated.share_ci_high,
        coalesce(published_areas.is_curve_published, estimated.is_national) as is_curve_published
    from estimated
    left join published_areas
        on
            estimated.outcome_set = published_areas.outcome_set
            and estimated.municipality_code = published_areas.municipality_code
    where estimated.is_national or published_areas.municipality_code is not null
),

{{ dream_curve_weeks_published('curves', 'published', curve_weeks, anchors) }},

scanned as (
    select
        curves.outcome_set,
        curves.municipality_code,
        curves.municipality_name,
        curves.is_national,
        curves.weeks_after_end,
        curves.persons_at_risk,
        curves.persons_reached_cum,
        curves.persons_censored_cum,
        curves.share_reached,
        curves.share_ci_low,
        curves.share_ci_high,
        curves.is_curve_published and published.is_published as is_published
    from curves
    inner join published
        on
            curves.outcome_set = published.outcome_set
            and curves.municipality_code = published.municipality_code
            and curves.weeks_after_end = published.weeks_after_end
),

final as (
    select
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        is_national,
        cast(weeks_after_end as integer) as weeks_after_end,
        cast(case when is_published then persons_at_risk end as integer) as persons_still_at_risk,
        cast(case when is_published then persons_reached_cum end as integer) as persons_reached_cum,
        cast(case when is_published then persons_censored_cum end as integer) as persons_censored_cum,
        cast(case when is_published then share_reached end as {{ dream_float_type() }}) as share_reached,
        cast(case when is_published then share_ci_low end as {{ dream_float_type() }}) as share_ci_low,
        cast(case when is_published then share_ci_high end as {{ dream_float_type() }}) as share_ci_high,
        not is_published as is_suppressed
    from scanned
)

select
    outcome_set,
    municipality_code,
    municipality_name,
    is_national,
    weeks_after_end,
    persons_still_at_risk,
    persons_reached_cum,
    persons_censored_cum,
    share_reached,
    share_ci_low,
    share_ci_high,
    is_suppressed
from final

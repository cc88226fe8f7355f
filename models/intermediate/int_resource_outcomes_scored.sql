{#-
  Each outcome scored against each outcome set (spec §3.6), at each horizon, by two measures,
  in this one model: one row per measure, horizon, outcome set and person.
  - point_in_time: is_closer when the status of week S = E + horizon_weeks is in the set
    (int_resource_outcomes_classified); observed when week S is.
  - lasting: is_closer when the status of every week S .. S + lasting_run_weeks - 1 is in the
    set (the category may change inside the set: a job, then education, still counts); observed
    only when every one of those weeks is. A run cut by the extract's end (or by a week column
    missing from it) is awaited, even when a week outside the set is already seen: deciding
    "not lasting" early but "lasting" only late would bias the share near the extract's end.
  is_headline marks the published figures' slice: point_in_time at the headline horizon. The
  municipal, national and trend marts aggregate this one model. The end half-year is the
  half-year the end week counts in (base_dream__weeks: the half-year of its Thursday).
-#}
{%- set run_weeks = var('lasting_run_weeks') | int -%}

with outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
),

outcome_weeks as (
    select * from {{ ref('int_resource_outcome_weeks_classified') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

outcome_sets as (
    select * from {{ ref('dream_outcome_sets') }}
),

set_names as (
    select distinct outcome_set from outcome_sets
),

dated as (
    select
        outcomes.person_id,
        outcomes.horizon_weeks,
        outcomes.is_headline_horizon,
        outcomes.end_date,
        outcomes.municipality_code,
        outcomes.is_municipality,
        outcomes.is_outcome_observed,
        outcomes.status_category,
        end_weeks.half_year as end_half_year,
        end_weeks.half_year_start as end_half_year_start
    from outcomes
    inner join weeks as end_weeks
        on outcomes.end_week_index = end_weeks.week_index
),

point_in_time as (
    select
        'point_in_time' as measure,
        dated.horizon_weeks,
        dated.is_headline_horizon as is_headline,
        set_names.outcome_set,
        dated.person_id,
        dated.end_date,
        dated.end_half_year,
        dated.end_half_year_start,
        dated.municipality_code,
        dated.is_municipality,
        dated.is_outcome_observed,
        dated.status_category,
        outcome_sets.status_category is not null as is_closer
    from set_names
    cross join dated
    left join outcome_sets
        on
            set_names.outcome_set = outcome_sets.outcome_set
            and dated.status_category = outcome_sets.status_category
),

lasting_runs as (
    select
        set_names.outcome_set,
        dated.person_id,
        dated.horizon_weeks,
        count(case when outcome_weeks.is_observed then 1 end) as weeks_observed,
        count(outcome_sets.status_category) as weeks_closer
    from set_names
    cross join dated
    left join outcome_weeks
        on
            dated.person_id = outcome_weeks.person_id
            and outcome_weeks.weeks_after_end
            between dated.horizon_weeks and dated.horizon_weeks + {{ run_weeks - 1 }}
    left join outcome_sets
        on
            set_names.outcome_set = outcome_sets.outcome_set
            and outcome_weeks.status_category = outcome_sets.status_category
    group by set_names.outcome_set, dated.person_id, dated.horizon_weeks
),

lasting as (
    select
        'lasting' as measure,
        dated.horizon_weeks,
        false as is_headline,
        lasting_runs.outcome_set,
        dated.person_id,
        dated.end_date,
        dated.end_half_year,
        dated.end_half_year_start,
        dated.municipality_code,
        dated.is_municipality,
        lasting_runs.weeks_observed = {{ run_weeks }} as is_outcome_observed,
        case when lasting_runs.weeks_observed = {{ run_weeks }} then dated.status_category end as status_category,
        lasting_runs.weeks_observed = {{ run_weeks }} and lasting_runs.weeks_closer = {{ run_weeks }} as is_closer
    from lasting_runs
    inner join dated
        on
            lasting_runs.person_id = dated.person_id
            and lasting_runs.horizon_weeks = dated.horizon_weeks
),

final as (
    select * from point_in_time
    union all
    select * from lasting
)

select * from final

-- Every person with a latest ended episode in the window has exactly one outcome row,
-- at that episode's end week (at the headline horizon), and no outcome row exists without one.
with episodes as (
    select * from {{ ref('fct_resource_episodes') }}
),

outcome_rows as (
    select * from {{ ref('fct_resource_outcomes') }}
),

outcomes as (
    select * from outcome_rows
    where is_headline_horizon
),

latest as (
    select
        person_id,
        end_week,
        count(*) over (partition by person_id) as latest_per_person
    from episodes
    where is_latest_ended_in_window
),

final as (
    select
        coalesce(latest.person_id, outcomes.person_id) as person_id,
        latest.end_week as episode_end_week,
        outcomes.end_week as outcome_end_week,
        latest.latest_per_person
    from latest
    full outer join outcomes
        on latest.person_id = outcomes.person_id
    where
        latest.person_id is null
        or outcomes.person_id is null
        or latest.end_week <> outcomes.end_week
        or latest.latest_per_person <> 1
)

select * from final

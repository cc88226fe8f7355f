-- At each horizon, the national status distribution covers every observed outcome exactly once. Its exact
-- counts are the outcomes' (int_resource_outcomes_classified, whose categories are all in the
-- seed: a relationships test); what it publishes: with nothing withheld, its persons sum to
-- the observed outcomes and its shares to 1; with counts withheld (safe publication), never
-- one alone (it could be worked out from the total), and the published ones sum to less.
with distribution as (
    select * from {{ ref('fct_status_distribution') }}
),

outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
),

totals as (
    select
        horizon_weeks,
        coalesce(sum(persons), 0) as persons,
        sum(share) as share,
        count(case when is_suppressed then 1 end) as withheld,
        count(case when persons is null and not is_suppressed then 1 end) as unexplained_nulls
    from distribution
    group by horizon_weeks
),

observed as (
    select
        horizon_weeks,
        count(case when is_outcome_observed then 1 end) as persons
    from outcomes
    group by horizon_weeks
),

final as (
    select
        totals.horizon_weeks,
        totals.persons as distributed_persons,
        observed.persons as observed_persons,
        totals.share,
        totals.withheld,
        totals.unexplained_nulls
    from totals
    inner join observed
        on totals.horizon_weeks = observed.horizon_weeks
)

select * from final
where
    unexplained_nulls > 0
    or (withheld = 0 and distributed_persons <> observed_persons)
    or (withheld = 0 and observed_persons > 0 and abs(share - 1) > 1e-9)
    or withheld = 1
    or (withheld > 1 and distributed_persons >= observed_persons)

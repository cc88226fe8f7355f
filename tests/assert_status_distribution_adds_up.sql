-- The national status distribution covers every observed outcome exactly once:
-- its persons sum to the observed outcomes and its shares to 1.
with distribution as (
    select * from {{ ref('fct_status_distribution') }}
),

outcomes as (
    select * from {{ ref('fct_resource_outcomes') }}
),

totals as (
    select
        sum(persons) as persons,
        sum(share) as share
    from distribution
),

observed as (
    select count(*) as persons
    from outcomes
    where is_outcome_observed
),

final as (
    select
        totals.persons as distributed_persons,
        observed.persons as observed_persons,
        totals.share
    from totals
    cross join observed
)

select * from final
where
    distributed_persons <> observed_persons
    or (observed_persons > 0 and abs(share - 1) > 1e-9)

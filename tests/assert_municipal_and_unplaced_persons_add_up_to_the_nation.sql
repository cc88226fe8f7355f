-- Per outcome set, persons (and persons closer, and persons awaiting) in the municipal
-- mart plus those with an unknown municipality equal the national count.
with municipal as (
    select * from {{ ref('fct_municipal_outcomes') }}
),

national as (
    select * from {{ ref('fct_national_outcomes') }}
),

outcomes as (
    select * from {{ ref('fct_resource_outcomes') }}
),

municipal_totals as (
    select
        outcome_set,
        sum(persons) as persons,
        sum(persons_closer) as persons_closer,
        sum(persons_awaiting_outcome) as persons_awaiting_outcome
    from municipal
    group by outcome_set
),

unplaced as (
    select
        count(case when is_outcome_observed then 1 end) as persons,
        count(case when not is_outcome_observed then 1 end) as persons_awaiting_outcome
    from outcomes
    where municipality_code is null
),

final as (
    select
        national.outcome_set,
        national.persons as national_persons,
        municipal_totals.persons + unplaced.persons as summed_persons,
        national.persons_awaiting_outcome as national_awaiting,
        municipal_totals.persons_awaiting_outcome + unplaced.persons_awaiting_outcome as summed_awaiting,
        national.persons_unknown_municipality,
        unplaced.persons as unplaced_persons
    from national
    inner join municipal_totals
        on national.outcome_set = municipal_totals.outcome_set
    cross join unplaced
)

select * from final
where
    national_persons <> summed_persons
    or national_awaiting <> summed_awaiting
    or persons_unknown_municipality <> unplaced_persons

-- Per outcome set, persons (and persons awaiting) in the municipal mart plus those with an
-- unknown municipality equal the national count; where counts are withheld for safe
-- publication, the published ones add up to no more than the national count.
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
        sum(persons_awaiting_outcome) as persons_awaiting_outcome,
        count(case when persons is null then 1 end) as persons_withheld,
        count(case when persons_awaiting_outcome is null then 1 end) as awaiting_withheld
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
        municipal_totals.persons_withheld,
        municipal_totals.awaiting_withheld,
        national.persons_unknown_municipality,
        unplaced.persons as unplaced_persons
    from national
    inner join municipal_totals
        on national.outcome_set = municipal_totals.outcome_set
    cross join unplaced
)

select * from final
where
    (persons_withheld = 0 and national_persons <> summed_persons)
    or (awaiting_withheld = 0 and national_awaiting <> summed_awaiting)
    or summed_persons > national_persons
    or summed_awaiting > national_awaiting
    or persons_unknown_municipality <> unplaced_persons

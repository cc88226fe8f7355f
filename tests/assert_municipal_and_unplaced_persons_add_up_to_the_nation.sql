-- On the exact counts (int_municipal_outcomes_counted), per measure, horizon, outcome set and end half-year:
-- persons, persons awaiting and persons closer of the places (the 98 municipalities and the
-- non-municipal codes) plus those of the persons with an unknown municipality equal the
-- nation's. The published marts are built from these counts (safe publication comes last).
with counted as (
    select * from {{ ref('int_municipal_outcomes_counted') }}
),

scored as (
    select * from {{ ref('int_resource_outcomes_scored') }}
),

places as (
    select
        measure,
        horizon_weeks,
        outcome_set,
        end_half_year,
        sum(case when is_national then persons else 0 end) as national_persons,
        sum(case when is_national then persons_awaiting_outcome else 0 end) as national_awaiting,
        sum(case when is_national then persons_closer else 0 end) as national_closer,
        sum(case when not is_national then persons else 0 end) as place_persons,
        sum(case when not is_national then persons_awaiting_outcome else 0 end) as place_awaiting,
        sum(case when not is_national then persons_closer else 0 end) as place_closer
    from counted
    group by measure, horizon_weeks, outcome_set, end_half_year
),

unplaced as (
    select
        measure,
        horizon_weeks,
        outcome_set,
        end_half_year,
        count(case when is_outcome_observed then 1 end) as persons,
        count(case when not is_outcome_observed then 1 end) as persons_awaiting_outcome,
        count(case when is_closer then 1 end) as persons_closer
    from scored
    where municipality_code is null
    group by measure, horizon_weeks, outcome_set, end_half_year
),

final as (
    select
        places.measure,
        places.horizon_weeks,
        places.outcome_set,
        places.end_half_year,
        places.national_persons,
        places.place_persons + coalesce(unplaced.persons, 0) as summed_persons,
        places.national_awaiting,
        places.place_awaiting + coalesce(unplaced.persons_awaiting_outcome, 0) as summed_awaiting,
        places.national_closer,
        places.place_closer + coalesce(unplaced.persons_closer, 0) as summed_closer
    from places
    left join unplaced
        on
            places.measure = unplaced.measure
            and places.horizon_weeks = unplaced.horizon_weeks
            and places.outcome_set = unplaced.outcome_set
            and places.end_half_year = unplaced.end_half_year
)

select * from final
where
    national_persons <> summed_persons
    or national_awaiting <> summed_awaiting
    or national_closer <> summed_closer

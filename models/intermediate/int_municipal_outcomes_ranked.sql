{#-
  The municipal comparison on exact counts (spec §3.7): one row per measure, horizon,
  outcome set and place
  (the 98 municipalities, and each non-municipal code found), its counts over all end
  half-years, the exact share closer, and the rank. A place is ranked when it is one of
  the 98 and has at least min_persons_ranked (and at least one) persons with an observed
  outcome at that measure and horizon (fewer are ranked at 52 weeks than at 13); ranks
  (1 = highest share, ties share a rank) are computed on the exact shares,
  so they never depend on what safe publication withholds, nor on the engine.
-#}
{%- set min_persons = var('min_persons_ranked') | int -%}

with counted as (
    select * from {{ ref('int_municipal_outcomes_counted') }}
),

places as (
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        sum(persons) as persons,
        sum(persons_awaiting_outcome) as persons_awaiting_outcome,
        sum(persons_closer) as persons_closer
    from counted
    where not is_national
    group by measure, horizon_weeks, is_headline, outcome_set, municipality_code, municipality_name, is_municipality
),

shares as (
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        case
            when persons > 0 then cast(persons_closer as {{ dream_float_type() }}) / persons
        end as share_closer,
        is_municipality and persons >= {{ min_persons }} and persons > 0 as is_ranked
    from places
),

final as (
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        share_closer,
        is_ranked,
        case
            when is_ranked then rank() over (
                partition by measure, horizon_weeks, outcome_set, is_ranked order by share_closer desc
            )
        end as rank
    from shares
)

select * from final

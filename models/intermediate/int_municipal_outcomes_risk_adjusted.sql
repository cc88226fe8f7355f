{#-
  The fair comparison on exact counts: indirect standardisation for case-mix at programme
  start (int_resource_outcomes_standardised), one row per measure, horizon, outcome set and place of
  int_municipal_outcomes_ranked. Observed and expected numbers closer, the observed/expected
  ratio with its 95 % interval (Byar), the national share over every person with an observed
  outcome, the case-mix descriptors and case_mix_index = the share its entrants would reach
  at national rates / the national share, and the adjusted rank on the exact O/E. Nothing is
  withheld here: fct_municipal_risk_adjusted_outcomes publishes it, safe publication last.
-#}
with ranked as (
    select * from {{ ref('int_municipal_outcomes_ranked') }}
),

standardised as (
    select * from {{ ref('int_resource_outcomes_standardised') }}
),

expected as (
    select
        measure,
        horizon_weeks,
        outcome_set,
        municipality_code,
        sum(expected_closer) as persons_expected_closer,
        {#- averaged as doubles: an average of decimals keeps few decimals on some warehouses #}
        avg(cast(age_at_start as {{ dream_float_type() }})) as mean_age_at_start,
        avg(cast(case when was_employed_before then 1 else 0 end as {{ dream_float_type() }}))
            as share_employed_before,
        avg(
            cast(
                case when main_benefit_before = 'kontanthjaelp' then 1 else 0 end
                as {{ dream_float_type() }}
            )
        ) as share_kontanthjaelp_before
    from standardised
    group by measure, horizon_weeks, outcome_set, municipality_code
),

{# the national share over every person with an observed outcome, municipality known or not #}
national as (
    select
        measure,
        horizon_weeks,
        outcome_set,
        count(case when is_closer then 1 end) / cast(count(*) as {{ dream_float_type() }}) as share_closer
    from standardised
    group by measure, horizon_weeks, outcome_set
),

ratios as (
    select
        ranked.measure,
        ranked.horizon_weeks,
        ranked.is_headline,
        ranked.outcome_set,
        ranked.municipality_code,
        ranked.municipality_name,
        ranked.is_municipality,
        ranked.persons,
        ranked.persons_awaiting_outcome,
        ranked.persons_closer,
        ranked.share_closer,
        ranked.is_ranked,
        ranked.rank as raw_rank,
        expected.persons_expected_closer,
        expected.mean_age_at_start,
        expected.share_employed_before,
        expected.share_kontanthjaelp_before,
        national.share_closer as national_share_closer,
        case
            when expected.persons_expected_closer > 0
                then ranked.persons_closer / expected.persons_expected_closer
        end as oe_ratio,
        {{ dream_byar_bound('ranked.persons_closer', 'expected.persons_expected_closer', 'low') }} as oe_ci_low,
        {{ dream_byar_bound('ranked.persons_closer', 'expected.persons_expected_closer', 'high') }} as oe_ci_high,
        case
            when ranked.persons > 0 and national.share_closer > 0
                then expected.persons_expected_closer / ranked.persons / national.share_closer
        end as case_mix_index
    from ranked
    left join national
        on
            ranked.measure = national.measure
            and ranked.horizon_weeks = national.horizon_weeks
            and ranked.outcome_set = national.outcome_set
    left join expected
        on
            ranked.measure = expected.measure
            and ranked.horizon_weeks = expected.horizon_weeks
            and ranked.outcome_set = expected.outcome_set
            and ranked.municipality_code = expected.municipality_code
),

adjusted_ranks as (
    select
        *,
        {#- on the exact O/E, a null O/E (nothing expected) last, on every engine -#}
        case
            when is_ranked
                then rank() over (
                    partition by measure, horizon_weeks, outcome_set, is_ranked
                    order by case when oe_ratio is null then 1 else 0 end, oe_ratio desc
                )
        end as adjusted_rank
    from ratios
),

final as (
    select * from adjusted_ranks
)

select * from final

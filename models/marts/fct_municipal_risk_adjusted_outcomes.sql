{#-
  A fair comparison of municipalities: indirect standardisation for case-mix at
  programme start (int_resource_outcomes_standardised). One row per outcome set and
  municipality of fct_municipal_outcomes: observed and expected numbers closer, the
  observed/expected ratio with its 95 % interval (Byar), the risk-adjusted share (O/E
  times the national share) and its interval, the raw and the adjusted rank, and a
  creaming indicator: case_mix_index = the share its entrants would reach at national
  rates / the national share (above 1: stronger entrants than the nation's). Counts
  suppressed in fct_municipal_outcomes stay suppressed here, with everything that would
  give them back (O/E, the adjusted share; the case-mix of fewer than 5 persons).
-#}
with municipal as (
    select * from {{ ref('fct_municipal_outcomes') }}
),

national as (
    select * from {{ ref('fct_national_outcomes') }}
),

standardised as (
    select * from {{ ref('int_resource_outcomes_standardised') }}
),

expected as (
    select
        standardised.outcome_set,
        standardised.municipality_code,
        count(*) as persons_standardised,
        sum(standardised.expected_closer) as persons_expected_closer,
        {#- averaged as doubles: an average of decimals keeps few decimals on some warehouses #}
        avg(cast(standardised.age_at_start as {{ dream_float_type() }})) as mean_age_at_start,
        avg(cast(case when standardised.was_employed_before then 1 else 0 end as {{ dream_float_type() }}))
            as share_employed_before,
        avg(
            cast(
                case when standardised.main_benefit_before = 'kontanthjaelp' then 1 else 0 end
                as {{ dream_float_type() }}
            )
        ) as share_kontanthjaelp_before
    from standardised
    group by standardised.outcome_set, standardised.municipality_code
),

ratios as (
    select
        municipal.outcome_set,
        municipal.municipality_code,
        municipal.municipality_name,
        municipal.persons,
        municipal.persons_closer,
        municipal.is_suppressed,
        case when municipal.persons is not null then expected.persons_expected_closer end
            as persons_expected_closer,
        municipal.share_closer,
        municipal.is_ranked,
        municipal.rank as raw_rank,
        national.share_closer as national_share_closer,
        case when municipal.persons is not null then expected.mean_age_at_start end as mean_age_at_start,
        case when municipal.persons is not null then expected.share_employed_before end as share_employed_before,
        case when municipal.persons is not null then expected.share_kontanthjaelp_before end
            as share_kontanthjaelp_before,
        case
            when expected.persons_expected_closer > 0
                then municipal.persons_closer / expected.persons_expected_closer
        end as oe_ratio,
        {{ dream_byar_bound('municipal.persons_closer', 'expected.persons_expected_closer', 'low') }} as oe_ci_low,
        {{ dream_byar_bound('municipal.persons_closer', 'expected.persons_expected_closer', 'high') }} as oe_ci_high,
        case
            when municipal.persons > 0 and national.share_closer > 0
                then expected.persons_expected_closer / municipal.persons / national.share_closer
        end as case_mix_index
    from municipal
    inner join national
        on municipal.outcome_set = national.outcome_set
    left join expected
        on
            municipal.outcome_set = expected.outcome_set
            and municipal.municipality_code = expected.municipality_code
),

final as (
    select
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        cast(persons as integer) as persons,
        cast(persons_closer as integer) as persons_closer,
        cast(persons_expected_closer as {{ dream_float_type() }}) as persons_expected_closer,
        cast(oe_ratio as {{ dream_float_type() }}) as oe_ratio,
        cast(oe_ci_low as {{ dream_float_type() }}) as oe_ci_low,
        cast(oe_ci_high as {{ dream_float_type() }}) as oe_ci_high,
        cast(share_closer as {{ dream_float_type() }}) as share_closer,
        cast(oe_ratio * national_share_closer as {{ dream_float_type() }}) as adjusted_share_closer,
        cast(oe_ci_low * national_share_closer as {{ dream_float_type() }}) as adjusted_share_ci_low,
        cast(oe_ci_high * national_share_closer as {{ dream_float_type() }}) as adjusted_share_ci_high,
        cast(case_mix_index as {{ dream_float_type() }}) as case_mix_index,
        cast(mean_age_at_start as {{ dream_float_type() }}) as mean_age_at_start,
        cast(share_employed_before as {{ dream_float_type() }}) as share_employed_before,
        cast(share_kontanthjaelp_before as {{ dream_float_type() }}) as share_kontanthjaelp_before,
        is_ranked,
        is_suppressed,
        cast(raw_rank as integer) as raw_rank,
        cast(case
            when is_ranked then rank() over (partition by outcome_set, is_ranked order by oe_ratio desc)
        end as integer) as adjusted_rank
    from ratios
)

select
    outcome_set,
    municipality_code,
    municipality_name,
    persons,
    persons_closer,
    persons_expected_closer,
    oe_ratio,
    oe_ci_low,
    oe_ci_high,
    share_closer,
    adjusted_share_closer,
    adjusted_share_ci_low,
    adjusted_share_ci_high,
    case_mix_index,
    mean_age_at_start,
    share_employed_before,
    share_kontanthjaelp_before,
    is_ranked,
    is_suppressed,
    raw_rank,
    adjusted_rank
from final

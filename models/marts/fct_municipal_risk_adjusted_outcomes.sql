{#-
  A fair comparison of municipalities, published: the exact figures of
  int_municipal_outcomes_risk_adjusted (indirect standardisation for case-mix at programme
  start). One row per measure, status horizon, outcome set and place of
  int_municipal_outcomes_ranked: observed and expected numbers closer, the
  observed/expected ratio with its 95 % interval (Byar), the risk-adjusted share (O/E
  times the national share) and its interval, the raw and the adjusted rank, and a
  creaming indicator: case_mix_index = the share its entrants would reach at national
  rates / the national share (above 1: stronger entrants than the nation's). Everything
  is computed from exact counts (ranks too); safe publication comes last, with the very
  verdicts of fct_municipal_outcomes (int_municipal_outcomes_protected): a withheld count
  takes with it everything that would give it back (O/E, the adjusted share; the
  expected count and the case-mix of a withheld persons count), and a case-mix share is withheld
  when the persons it counts, or the others, are fewer than min_published_count.
-#}
with risk_adjusted as (
    select * from {{ ref('int_municipal_outcomes_risk_adjusted') }}
),

verdicts as (
    select * from {{ ref('int_municipal_outcomes_protected') }}
),

coverage as (
    select * from {{ ref('int_extract_coverage_summarised') }}
),

{# the very verdicts of fct_municipal_outcomes #}
protected as (
    select
        risk_adjusted.*,
        verdicts.is_persons_suppressed,
        verdicts.is_awaiting_suppressed,
        verdicts.is_closer_suppressed
    from risk_adjusted
    inner join verdicts
        on
            risk_adjusted.measure = verdicts.measure
            and risk_adjusted.horizon_weeks = verdicts.horizon_weeks
            and risk_adjusted.outcome_set = verdicts.outcome_set
            and risk_adjusted.municipality_code = verdicts.municipality_code
),

published as (
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        municipality_code,
        municipality_name,
        is_ranked,
        raw_rank,
        adjusted_rank,
        is_persons_suppressed or is_closer_suppressed as is_suppressed,
        case when not is_persons_suppressed then persons end as persons,
        case when not is_closer_suppressed then persons_closer end as persons_closer,
        case when not is_persons_suppressed then persons_expected_closer end as persons_expected_closer,
        case when not (is_persons_suppressed or is_closer_suppressed) then share_closer end as share_closer,
        case when not is_closer_suppressed then oe_ratio end as oe_ratio,
        case when not is_closer_suppressed then oe_ci_low end as oe_ci_low,
        case when not is_closer_suppressed then oe_ci_high end as oe_ci_high,
        national_share_closer,
        case when not is_persons_suppressed then case_mix_index end as case_mix_index,
        case when not is_persons_suppressed then mean_age_at_start end as mean_age_at_start,
        case
            when
                not is_persons_suppressed
                and {{ dream_is_share_of_persons_published('share_employed_before', 'persons') }}
                then share_employed_before
        end as share_employed_before,
        case
            when
                not is_persons_suppressed
                and {{ dream_is_share_of_persons_published('share_kontanthjaelp_before', 'persons') }}
                then share_kontanthjaelp_before
        end as share_kontanthjaelp_before
    from protected
),

{# the vintage's date on every row: the time dimension of the semantic layer #}
dated as (
    select
        published.*,
        coverage.extract_last_date as vintage_last_date
    from published
    cross join coverage
),

final as (
    select
        cast(measure as {{ dream_text_type() }}) as measure,
        cast(horizon_weeks as integer) as horizon_weeks,
        is_headline,
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
        cast(adjusted_rank as integer) as adjusted_rank,
        cast(vintage_last_date as date) as vintage_last_date
    from dated
)

select
    measure,
    horizon_weeks,
    is_headline,
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
    adjusted_rank,
    vintage_last_date
from final

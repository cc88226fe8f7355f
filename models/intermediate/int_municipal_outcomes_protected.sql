{#-
  Safe publication's verdicts on the municipal cells, once for every mart that publishes them or
  adds up to them: one row per measure, horizon, outcome set and place of
  int_municipal_outcomes_ranked, with its exact counts and is_persons_suppressed,
  is_awaiting_suppressed, is_closer_suppressed (macros/dream_suppression.sql,
  dream_slice_cells_protected: the headline slice alone, then the other slices). The places add up
  to the nation, the non-municipal codes to fct_national_outcomes.persons_non_municipal, and the
  ranked municipalities' shares to their mean. fct_municipal_outcomes and
  fct_municipal_risk_adjusted_outcomes publish these cells with these verdicts;
  fct_national_outcomes, fct_municipal_outcome_trends, fct_municipal_outcome_breakdowns and
  fct_municipal_time_to_closer take them as the totals they add up to.
-#}
with ranked as (
    select * from {{ ref('int_municipal_outcomes_ranked') }}
),

{{ dream_slice_cells_protected(
    'ranked', 'protected', ['municipality_name', 'is_municipality', 'is_ranked', 'rank', 'share_closer']) }},

final as (
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        is_ranked,
        rank,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        share_closer,
        is_persons_suppressed,
        is_awaiting_suppressed,
        is_closer_suppressed
    from protected
)

select * from final

{{ config(severity='error') }}
-- Indirect standardisation is consistent: for each measure, horizon and outcome set, the expected numbers closer
-- summed over every person with an observed outcome = the observed number closer.
with standardised as (
    select * from {{ ref('int_resource_outcomes_standardised') }}
),

totals as (
    select
        measure,
        horizon_weeks,
        outcome_set,
        count(case when is_closer then 1 end) as persons_closer,
        sum(expected_closer) as persons_expected_closer
    from standardised
    group by measure, horizon_weeks, outcome_set
),

final as (
    select * from totals
    where abs(persons_closer - persons_expected_closer) > 1e-6
)

select * from final

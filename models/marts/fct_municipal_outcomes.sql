{#-
  The municipal comparison (spec §3.6-3.7): one row per measure (point_in_time, lasting),
  status horizon, outcome set and municipality (the 98 municipalities, plus any non-municipal
  code found in the data); the published figures are point_in_time at the headline horizon, from the exact
  counts, shares and ranks of int_municipal_outcomes_ranked. Only municipalities with at
  least min_persons_ranked observed outcomes are ranked. Persons with an unknown
  municipality count nationally (fct_national_outcomes) only.
  Safe publication, last: a count below min_published_count is null (with its share), and
  so is the smallest other count wherever one null alone could be worked out from a
  published total (is_suppressed; int_municipal_outcomes_protected, macros/dream_suppression.sql). The rank of a ranked
  municipality is published even when its share is withheld: it is computed on the exact
  shares, and the others' ranks would leave its place in the order anyway.
-#}
with protected as (
    select * from {{ ref('int_municipal_outcomes_protected') }}
),

coverage as (
    select * from {{ ref('int_extract_coverage_summarised') }}
),

{# the vintage's date on every row: the time dimension of the semantic layer #}
dated as (
    select
        protected.*,
        coverage.extract_last_date as vintage_last_date
    from protected
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
        {{ dream_published_outcome_counts() }},
        is_ranked,
        cast(rank as integer) as rank,
        is_persons_suppressed or is_closer_suppressed as is_suppressed,
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
    persons_awaiting_outcome,
    persons_closer,
    share_closer,
    share_ci_low,
    share_ci_high,
    is_ranked,
    rank,
    is_suppressed,
    vintage_last_date
from final

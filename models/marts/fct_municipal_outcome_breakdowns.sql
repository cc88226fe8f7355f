{#-
  Outcomes by breakdown (sex, age under 40 / 40 and over, 10-year age bands, the main benefit
  before the start, and the visitation category when the extract has visit_QkvYYYY columns),
  nationally (municipality_code 0) and per municipality, at the published figures' slice
  (point_in_time at the headline horizon): one row per outcome set, breakdown, group and area, with
  the share closer and its 95 % Wilson interval. Counts are the exact ones of
  int_municipal_outcome_breakdowns_counted; safe publication comes last
  (dream_breakdown_cells_protected): a count below min_published_count is withheld, and so is the
  smallest other count wherever one withheld count could be worked out from the area's total (its
  cell in fct_municipal_outcomes, with that mart's verdict) or from the nation's group.
-#}
with counted as (
    select * from {{ ref('int_municipal_outcome_breakdowns_counted') }}
),

protected as (
    select * from {{ ref('int_municipal_outcomes_protected') }}
),

risk_adjusted as (
    select * from {{ ref('fct_municipal_risk_adjusted_outcomes') }}
),

national as (
    select * from {{ ref('fct_national_outcomes') }}
),

{# the nation's total, and the rest's persons, as fct_national_outcomes publishes them (the two
   unplaced groups together, or neither) #}
national_headline as (
    select
        outcome_set,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        persons_unknown_municipality + persons_non_municipal as persons_unplaced
    from national
    where is_headline
),

breakdowns as (
    select distinct
        outcome_set,
        breakdown
    from counted
),

margins as (
    select
        breakdowns.outcome_set,
        breakdowns.breakdown,
        protected.municipality_code,
        protected.persons,
        protected.persons_awaiting_outcome,
        protected.persons_closer,
        protected.is_persons_suppressed as margin_persons_withheld,
        protected.is_awaiting_suppressed as margin_awaiting_withheld,
        protected.is_closer_suppressed as margin_closer_withheld
    from breakdowns
    inner join protected
        on breakdowns.outcome_set = protected.outcome_set
    where protected.is_headline and protected.is_municipality
    union all
    select
        breakdowns.outcome_set,
        breakdowns.breakdown,
        0 as municipality_code,
        national_headline.persons,
        national_headline.persons_awaiting_outcome,
        national_headline.persons_closer,
        false as margin_persons_withheld,
        false as margin_awaiting_withheld,
        false as margin_closer_withheld
    from breakdowns
    inner join national_headline
        on breakdowns.outcome_set = national_headline.outcome_set
    union all
    select
        breakdowns.outcome_set,
        breakdowns.breakdown,
        -1 as municipality_code,
        national_headline.persons_unplaced as persons,
        cast(null as integer) as persons_awaiting_outcome,
        cast(null as integer) as persons_closer,
        national_headline.persons_unplaced is null as margin_persons_withheld,
        false as margin_awaiting_withheld,
        false as margin_closer_withheld
    from breakdowns
    inner join national_headline
        on breakdowns.outcome_set = national_headline.outcome_set
),

{# the persons on kontanthjaelp before the start, which fct_municipal_risk_adjusted_outcomes gives
   away as share_kontanthjaelp_before x persons where it publishes both: known, so taken last #}
kontanthjaelp_known as (
    select distinct
        outcome_set,
        municipality_code
    from risk_adjusted
    where is_headline and share_kontanthjaelp_before is not null and persons is not null
),

cells as (
    select
        counted.outcome_set,
        counted.breakdown,
        counted.breakdown_group,
        counted.age_40_group,
        counted.municipality_code,
        counted.municipality_name,
        counted.is_national,
        false as is_margin,
        counted.breakdown = 'main_benefit_before' and counted.breakdown_group = 'kontanthjaelp'
        and kontanthjaelp_known.municipality_code is not null as is_known,
        counted.persons,
        counted.persons_awaiting_outcome,
        counted.persons_closer,
        false as margin_persons_withheld,
        false as margin_awaiting_withheld,
        false as margin_closer_withheld
    from counted
    left join kontanthjaelp_known
        on
            counted.outcome_set = kontanthjaelp_known.outcome_set
            and counted.municipality_code = kontanthjaelp_known.municipality_code
    union all
    select
        outcome_set,
        breakdown,
        '_total' as breakdown_group,
        cast(null as {{ dream_text_type() }}) as age_40_group,
        municipality_code,
        cast(null as {{ dream_text_type() }}) as municipality_name,
        municipality_code = 0 as is_national,
        true as is_margin,
        false as is_known,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        margin_persons_withheld,
        margin_awaiting_withheld,
        margin_closer_withheld
    from margins
),

{{ dream_breakdown_cells_protected(
    'cells', 'protected_breakdowns', ['municipality_name', 'is_national', 'is_known'], last='is_margin or is_known') }},

final as (
    select
        cast('point_in_time' as {{ dream_text_type() }}) as measure,
        cast({{ var('status_horizon_weeks') | int }} as integer) as horizon_weeks,
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(breakdown as {{ dream_text_type() }}) as breakdown,
        cast(breakdown_group as {{ dream_text_type() }}) as breakdown_group,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        is_national,
        {{ dream_published_outcome_counts() }},
        is_persons_suppressed or is_closer_suppressed or is_awaiting_suppressed as is_suppressed
    from protected_breakdowns
    where not is_margin and municipality_code <> -1
)

select
    measure,
    horizon_weeks,
    outcome_set,
    breakdown,
    breakdown_group,
    municipality_code,
    municipality_name,
    is_national,
    persons,
    persons_awaiting_outcome,
    persons_closer,
    share_closer,
    share_ci_low,
    share_ci_high,
    is_suppressed
from final

{#-
  National figures per measure (point_in_time, lasting), status horizon and outcome set, all
  from exact counts (the published figures: point_in_time at the headline horizon): persons with an observed
  outcome, the share closer to the labour market over all of them (with its 95 % Wilson
  interval), how many lack a ranked municipality, the municipalities with outcomes and
  the unweighted mean of the ranked municipalities' exact shares (spec §3.7). Nothing
  here is computed from a withheld cell; safe publication withholds, last, only the two
  small groups outside the municipalities, and the mean when it is the share of a single
  ranked municipality whose share is withheld.
-#}
with counted as (
    select * from {{ ref('int_municipal_outcomes_counted') }}
),

{# the verdicts of fct_municipal_outcomes, for the one case where the mean would give a withheld
   share away: a single ranked municipality, its share withheld #}
protected as (
    select * from {{ ref('int_municipal_outcomes_protected') }}
),

national_counts as (
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        sum(case when is_national then persons else 0 end) as persons,
        sum(case when is_national then persons_awaiting_outcome else 0 end) as persons_awaiting_outcome,
        sum(case when is_national then persons_closer else 0 end) as persons_closer,
        sum(case when is_national then persons else -persons end) as persons_unknown_municipality,
        sum(case when not is_national and not is_municipality then persons else 0 end) as persons_non_municipal
    from counted
    group by measure, horizon_weeks, is_headline, outcome_set
),

national as (
    {#- safe publication: the two small groups outside the municipalities are published
        together or not at all (either gives the other away through persons) #}
    select
        measure,
        horizon_weeks,
        is_headline,
        outcome_set,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        persons_unknown_municipality,
        persons_non_municipal,
        {{ dream_is_small_count('persons_unknown_municipality') }}
        or {{ dream_is_small_count('persons_non_municipal') }} as is_unplaced_withheld
    from national_counts
),

municipal as (
    select
        measure,
        horizon_weeks,
        outcome_set,
        count(case when is_ranked then 1 end) as municipalities_ranked,
        count(case when is_municipality and persons > 0 then 1 end) as municipalities_with_outcomes,
        avg(case when is_ranked then share_closer end) as mean_share_ranked,
        count(case when is_ranked and (is_persons_suppressed or is_closer_suppressed) then 1 end) as ranked_withheld
    from protected
    group by measure, horizon_weeks, outcome_set
),

final as (
    select
        cast(national.measure as {{ dream_text_type() }}) as measure,
        cast(national.horizon_weeks as integer) as horizon_weeks,
        national.is_headline,
        cast(national.outcome_set as {{ dream_text_type() }}) as outcome_set,
        national.outcome_set = '{{ var("default_outcome_set") }}' as is_default_outcome_set,
        cast(national.persons as integer) as persons,
        cast(national.persons_awaiting_outcome as integer) as persons_awaiting_outcome,
        cast(national.persons_closer as integer) as persons_closer,
        {{ dream_share_columns('national.persons_closer', 'national.persons') }},
        cast(
            case when not national.is_unplaced_withheld then national.persons_unknown_municipality end as integer
        ) as persons_unknown_municipality,
        cast(
            case when not national.is_unplaced_withheld then national.persons_non_municipal end as integer
        ) as persons_non_municipal,
        cast(municipal.municipalities_with_outcomes as integer) as municipalities_with_outcomes,
        cast(municipal.municipalities_ranked as integer) as municipalities_ranked,
        cast(
            case
                when not (municipal.municipalities_ranked = 1 and municipal.ranked_withheld = 1)
                    then municipal.mean_share_ranked
            end as {{ dream_float_type() }}
        ) as mean_share_ranked
    from national
    inner join municipal
        on
            national.measure = municipal.measure
            and national.horizon_weeks = municipal.horizon_weeks
            and national.outcome_set = municipal.outcome_set
)

select
    measure,
    horizon_weeks,
    is_headline,
    outcome_set,
    is_default_outcome_set,
    persons,
    persons_awaiting_outcome,
    persons_closer,
    share_closer,
    share_ci_low,
    share_ci_high,
    persons_unknown_municipality,
    persons_non_municipal,
    municipalities_with_outcomes,
    municipalities_ranked,
    mean_share_ranked
from final

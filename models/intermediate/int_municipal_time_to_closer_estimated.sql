{#-
  The time to the labour market as exact (unsuppressed) Kaplan-Meier curves: one row per
  outcome set, area and week t = 1 .. time_to_closer_weeks after the end. Areas: the 98
  municipalities and the nation (municipality_code 0, is_national), which counts every person,
  whatever or whether any municipality. From int_resource_closer_times_measured:
  persons_at_risk(t) = persons with exit_week >= t, persons_reached(t) = events in week t,
  persons_censored(t) = persons censored in week t (no event by their censor week),
  their running sums, and the product-limit share reached by week t
  (macros/dream_statistics.sql: dream_product_limit) with its 95 % Greenwood log-log interval.
  Safe publication is applied by fct_municipal_time_to_closer, last.
-#}
{%- set curve_weeks = var('time_to_closer_weeks') | int -%}
{%- set curve = 'partition by outcome_set, municipality_code order by weeks_after_end' -%}

with closer_times as (
    select * from {{ ref('int_resource_closer_times_measured') }}
),

municipalities as (
    select * from {{ ref('dream_municipalities') }}
),

set_names as (
    select distinct outcome_set from closer_times
),

curve_weeks as (
    select cast(weeks_after_end as integer) as weeks_after_end
    from (select {{ dream_integer_series(1, curve_weeks) }} as weeks_after_end) as series
),

areas as (
    select
        municipality_code,
        municipality_name,
        false as is_national
    from municipalities
    union all
    select
        0 as municipality_code,
        'Hele landet' as municipality_name,
        true as is_national
),

exits as (
    select
        closer_times.outcome_set,
        areas.municipality_code,
        closer_times.exit_week,
        count(case when closer_times.is_event then 1 end) as persons_reached,
        count(case when not closer_times.is_event then 1 end) as persons_censored
    from closer_times
    inner join areas
        on areas.is_national or closer_times.municipality_code = areas.municipality_code
    group by closer_times.outcome_set, areas.municipality_code, closer_times.exit_week
),

counted as (
    select
        set_names.outcome_set,
        areas.municipality_code,
        areas.municipality_name,
        areas.is_national,
        curve_weeks.weeks_after_end,
        coalesce(exits.persons_reached, 0) as persons_reached,
        coalesce(exits.persons_censored, 0) as persons_censored
    from set_names
    cross join areas
    cross join curve_weeks
    left join exits
        on
            set_names.outcome_set = exits.outcome_set
            and areas.municipality_code = exits.municipality_code
            and curve_weeks.weeks_after_end = exits.exit_week
),

accumulated as (
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_national,
        weeks_after_end,
        persons_reached,
        persons_censored,
        sum(persons_reached) over (
            {{ curve }} rows between unbounded preceding and current row
        ) as persons_reached_cum,
        sum(persons_censored) over (
            {{ curve }} rows between unbounded preceding and current row
        ) as persons_censored_cum,
        sum(persons_reached + persons_censored) over (
            partition by outcome_set, municipality_code
        ) as persons
    from counted
),

at_risk as (
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_national,
        weeks_after_end,
        persons,
        persons - persons_reached_cum - persons_censored_cum + persons_reached + persons_censored
            as persons_at_risk,
        persons_reached,
        persons_censored,
        persons_reached_cum,
        persons_censored_cum
    from accumulated
),

final as (
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_national,
        weeks_after_end,
        persons,
        persons_at_risk,
        persons_reached,
        persons_censored,
        persons_reached_cum,
        persons_censored_cum,
        {{ dream_product_limit('persons_reached', 'persons_at_risk', curve) }} as share_reached,
        {{ dream_product_limit_bound('persons_reached', 'persons_at_risk', curve, 'low') }} as share_ci_low,
        {{ dream_product_limit_bound('persons_reached', 'persons_at_risk', curve, 'high') }} as share_ci_high
    from at_risk
)

select * from final

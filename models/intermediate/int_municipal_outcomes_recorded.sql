{#-
  The history of the analysis across DREAM deliveries: the exact outcome counts of every build,
  recorded under its vintage (the extract's last week), one row per vintage, outcome set, area
  and end half-year (the rows of int_municipal_outcomes_counted: the places, with their exact
  ranks from int_municipal_outcomes_ranked, and the nation, municipality_code 0). Incremental:
  a build appends its vintage, a rebuild of the same vintage replaces all of that vintage's
  rows (and only those), and --full-refresh leaves the table as it is (full_refresh: false);
  `dbt run-operation dream_reset_outcome_history` empties it on purpose. The history keeps the
  published figures' slice only (point_in_time at the headline horizon, status_horizon_weeks
  recorded with it), so a database holding history from before the horizons keeps its schema.
  Exact counts: safe
  publication is applied by fct_municipal_outcome_history, last, across all vintages recorded.
-#}
{{ config(
    materialized='incremental',
    full_refresh=false,
    on_schema_change='fail',
    **dream_replace_by_key_config('vintage_last_week')
) }}

with counted as (
    select * from {{ ref('int_municipal_outcomes_counted') }}
),

ranked as (
    select * from {{ ref('int_municipal_outcomes_ranked') }}
),

coverage as (
    select * from {{ ref('int_extract_coverage_summarised') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

{# the half-year of the window's last week, and whether the window closes it (the next week's
   Thursday lies in the next half-year): the vintage's counts then add up to a later vintage's
   half-years up to it #}
week_half_years as (
    select
        week_index,
        is_in_window,
        half_year,
        lead(half_year) over (order by week_index) as next_half_year
    from weeks
),

window_last_week as (
    select max(week_index) as week_index
    from weeks
    where is_in_window
),

window_end as (
    select
        week_half_years.half_year as window_end_half_year,
        coalesce(week_half_years.next_half_year <> week_half_years.half_year, true) as is_window_closing_half_year
    from week_half_years
    inner join window_last_week
        on week_half_years.week_index = window_last_week.week_index
),

final as (
    select
        cast(coverage.extract_last_week as {{ dream_text_type() }}) as vintage_last_week,
        coverage.extract_last_date as vintage_last_date,
        cast(coverage.extract_first_week as {{ dream_text_type() }}) as extract_first_week,
        cast('{{ var("analysis_window_start") }}' as {{ dream_text_type() }}) as analysis_window_start,
        cast('{{ var("analysis_window_end") }}' as {{ dream_text_type() }}) as analysis_window_end,
        cast(window_end.window_end_half_year as {{ dream_text_type() }}) as window_end_half_year,
        window_end.is_window_closing_half_year,
        cast({{ var('status_horizon_weeks') | int }} as integer) as status_horizon_weeks,
        cast({{ var('min_persons_ranked') | int }} as integer) as min_persons_ranked,
        cast(counted.outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(counted.municipality_code as integer) as municipality_code,
        cast(counted.municipality_name as {{ dream_text_type() }}) as municipality_name,
        counted.is_municipality,
        counted.is_national,
        cast(counted.end_half_year as {{ dream_text_type() }}) as end_half_year,
        cast(counted.end_half_year_start as date) as end_half_year_start,
        cast(counted.persons as integer) as persons,
        cast(counted.persons_awaiting_outcome as integer) as persons_awaiting_outcome,
        cast(counted.persons_closer as integer) as persons_closer,
        coalesce(ranked.is_ranked, false) as is_ranked,
        cast(ranked.rank as integer) as rank
    from counted
    cross join coverage
    cross join window_end
    left join ranked
        on
            counted.outcome_set = ranked.outcome_set
            and counted.municipality_code = ranked.municipality_code
            and ranked.is_headline
            and not counted.is_national
    where counted.is_headline
)

select * from final

{#-
  The history of the analysis across DREAM deliveries: the exact outcome counts of every build,
  recorded under its vintage (the extract's last week), one row per vintage, outcome set and
  area (the places of int_municipal_outcomes_ranked, with their exact ranks, and the nation,
  municipality_code 0). Incremental: a build appends its vintage, a rebuild of the same vintage
  replaces all of that vintage's rows (and only those), and --full-refresh leaves the table as
  it is (full_refresh: false); `dbt run-operation dream_reset_outcome_history` empties it on
  purpose. Exact counts: safe publication is applied by fct_municipal_outcome_history, last,
  across all vintages recorded.
-#}
{{ config(
    materialized='incremental',
    full_refresh=false,
    on_schema_change='fail',
    **dream_replace_by_key_config('vintage_last_week')
) }}

with ranked as (
    select * from {{ ref('int_municipal_outcomes_ranked') }}
),

counted as (
    select * from {{ ref('int_municipal_outcomes_counted') }}
),

coverage as (
    select * from {{ ref('int_extract_coverage_summarised') }}
),

nation as (
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        sum(persons) as persons,
        sum(persons_awaiting_outcome) as persons_awaiting_outcome,
        sum(persons_closer) as persons_closer
    from counted
    where is_national
    group by outcome_set, municipality_code, municipality_name, is_municipality
),

areas as (
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        false as is_national,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        is_ranked,
        rank
    from ranked
    union all
    select
        outcome_set,
        municipality_code,
        municipality_name,
        is_municipality,
        true as is_national,
        persons,
        persons_awaiting_outcome,
        persons_closer,
        false as is_ranked,
        cast(null as integer) as rank
    from nation
),

final as (
    select
        cast(coverage.extract_last_week as {{ dream_text_type() }}) as vintage_last_week,
        {{ dream_add_days(dream_epoch_monday(), 'coverage.extract_last_week_index * 7 + 6') }} as vintage_last_date,
        cast(coverage.extract_first_week as {{ dream_text_type() }}) as extract_first_week,
        cast('{{ var("analysis_window_start") }}' as {{ dream_text_type() }}) as analysis_window_start,
        cast('{{ var("analysis_window_end") }}' as {{ dream_text_type() }}) as analysis_window_end,
        cast({{ var('status_horizon_weeks') | int }} as integer) as status_horizon_weeks,
        cast({{ var('min_persons_ranked') | int }} as integer) as min_persons_ranked,
        cast(areas.outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(areas.municipality_code as integer) as municipality_code,
        cast(areas.municipality_name as {{ dream_text_type() }}) as municipality_name,
        areas.is_municipality,
        areas.is_national,
        cast(areas.persons as integer) as persons,
        cast(areas.persons_awaiting_outcome as integer) as persons_awaiting_outcome,
        cast(areas.persons_closer as integer) as persons_closer,
        areas.is_ranked,
        cast(areas.rank as integer) as rank
    from areas
    cross join coverage
)

select * from final

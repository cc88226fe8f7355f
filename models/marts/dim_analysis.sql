{#- One row describing the analysis behind the marts: the extract's weeks, the
    parameters (dbt vars) and when the marts were built. -#}
with coverage as (
    select * from {{ ref('int_extract_coverage_summarised') }}
),

final as (
    select
        cast('{{ var("analysis_window_start") }}' as {{ dream_text_type() }}) as analysis_window_start,
        cast('{{ var("analysis_window_end") }}' as {{ dream_text_type() }}) as analysis_window_end,
        cast(extract_first_week as {{ dream_text_type() }}) as extract_first_week,
        cast(extract_last_week as {{ dream_text_type() }}) as extract_last_week,
        cast(persons_in_extract as integer) as persons_in_extract,
        cast(persons_in_scope as integer) as persons_in_scope,
        cast({{ var('episode_gap_weeks') | int }} as integer) as episode_gap_weeks,
        cast({{ var('status_horizon_weeks') | int }} as integer) as status_horizon_weeks,
        cast({{ var('follow_up_weeks') | int }} as integer) as follow_up_weeks,
        cast({{ var('lasting_run_weeks') | int }} as integer) as lasting_run_weeks,
        cast({{ var('time_to_closer_weeks') | int }} as integer) as time_to_closer_weeks,
        cast({{ var('min_persons_ranked') | int }} as integer) as min_persons_ranked,
        cast('{{ var("default_outcome_set") }}' as {{ dream_text_type() }}) as default_outcome_set,
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as built_at
    from coverage
)

select
    analysis_window_start,
    analysis_window_end,
    extract_first_week,
    extract_last_week,
    persons_in_extract,
    persons_in_scope,
    episode_gap_weeks,
    status_horizon_weeks,
    follow_up_weeks,
    lasting_run_weeks,
    time_to_closer_weeks,
    min_persons_ranked,
    default_outcome_set,
    built_at
from final

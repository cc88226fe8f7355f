with episodes as (
    select * from {{ ref('int_resource_episodes_detected') }}
),

final as (
    select
        cast(person_id as {{ dream_text_type() }}) as person_id,
        cast(episode_number as integer) as episode_number,
        cast({{ dream_iso_week_label('start_date') }} as {{ dream_text_type() }}) as start_week,
        cast({{ dream_iso_week_label('end_date') }} as {{ dream_text_type() }}) as end_week,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        cast(resource_weeks as integer) as resource_weeks,
        is_ended,
        is_latest_ended_in_window
    from episodes
)

select
    person_id,
    episode_number,
    start_week,
    end_week,
    start_date,
    end_date,
    resource_weeks,
    is_ended,
    is_latest_ended_in_window
from final

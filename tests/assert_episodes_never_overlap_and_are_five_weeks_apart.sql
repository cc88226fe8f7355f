-- A person's episodes never overlap, and the next episode starts at least
-- episode_gap_weeks + 1 weeks after the previous one ended (the four-week rule).
with episodes as (
    select * from {{ ref('int_resource_episodes_detected') }}
),

paired as (
    select
        person_id,
        episode_number,
        start_week_index,
        end_week_index,
        lag(end_week_index) over (partition by person_id order by episode_number) as previous_end_week_index,
        lag(start_week_index) over (partition by person_id order by episode_number) as previous_start_week_index
    from episodes
),

final as (
    select *
    from paired
    where
        start_week_index > end_week_index
        or previous_start_week_index >= start_week_index
        or start_week_index - previous_end_week_index < {{ var('episode_gap_weeks') | int }} + 1
)

select * from final

-- status_week = end_week + horizon_weeks ISO weeks at every horizon, across year ends and week 53.
with outcomes as (
    select * from {{ ref('fct_resource_outcomes') }}
),

final as (
    select
        person_id,
        horizon_weeks,
        end_week,
        status_week,
        {{ dream_iso_week_label('end_date') }} as expected_end_week,
        {{ dream_iso_week_label(dream_add_days('end_date', '7 * horizon_weeks')) }}
            as expected_status_week
    from outcomes
)

select * from final
where
    status_week <> expected_status_week
    or end_week <> expected_end_week

-- status_week = end_week + status_horizon_weeks (13) ISO weeks, across year ends and week 53.
with outcomes as (
    select * from {{ ref('fct_resource_outcomes') }}
),

final as (
    select
        person_id,
        end_week,
        status_week,
        {{ dream_iso_week_label('end_date') }} as expected_end_week,
        {{ dream_iso_week_label(dream_add_days('end_date', 7 * (var('status_horizon_weeks') | int))) }}
            as expected_status_week
    from outcomes
)

select * from final
where
    status_week <> expected_status_week
    or end_week <> expected_end_week

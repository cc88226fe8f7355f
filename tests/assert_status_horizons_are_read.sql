-- Every status horizon, with its lasting run, lies within the weeks read after the end
-- (var follow_up_weeks): a horizon the build cannot observe is a row here, naming the var to raise.
with horizons as (
    select * from {{ ref('int_status_horizons_listed') }}
),

final as (
    select
        horizon_weeks,
        horizon_weeks + {{ var('lasting_run_weeks') | int }} - 1 as follow_up_weeks_needed,
        'raise var follow_up_weeks (now {{ var("follow_up_weeks") | int }})' as fix
    from horizons
)

select * from final
where follow_up_weeks_needed > {{ var('follow_up_weeks') | int }}

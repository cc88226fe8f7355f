{#-
  The status horizons in play, one row each: the rows of seeds/dream_status_horizons.csv and
  the headline horizon (var status_horizon_weeks), which every build computes whether the seed
  lists it or not. is_headline marks the horizon of the published figures, the history and the
  report's lead.
-#}
{%- set headline = var('status_horizon_weeks') | int -%}

with horizons as (
    select * from {{ ref('dream_status_horizons') }}
),

listed as (
    select
        horizon_weeks,
        approx_months,
        label_en,
        label_da
    from horizons
    union all
    select
        {{ headline }} as horizon_weeks,
        cast(null as integer) as approx_months,
        '{{ headline }} weeks after' as label_en,
        '{{ headline }} uger efter' as label_da
    from (select {{ headline }} as horizon_weeks) as headline_row
    left join horizons as listed_already
        on headline_row.horizon_weeks = listed_already.horizon_weeks
    where listed_already.horizon_weeks is null
),

final as (
    select
        cast(horizon_weeks as integer) as horizon_weeks,
        cast(approx_months as integer) as approx_months,
        cast(label_en as {{ dream_text_type() }}) as label_en,
        cast(label_da as {{ dream_text_type() }}) as label_da,
        horizon_weeks = {{ headline }} as is_headline
    from listed
)

select * from final

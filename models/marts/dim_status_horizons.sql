{#- The status horizons (seeds/dream_status_horizons.csv and the headline var
    status_horizon_weeks), one row each, for BI tools to label horizon_weeks. -#}
with horizons as (
    select * from {{ ref('int_status_horizons_listed') }}
),

final as (
    select
        cast(horizon_weeks as integer) as horizon_weeks,
        cast(approx_months as integer) as approx_months,
        cast(label_en as {{ dream_text_type() }}) as label_en,
        cast(label_da as {{ dream_text_type() }}) as label_da,
        is_headline
    from horizons
)

select
    horizon_weeks,
    approx_months,
    label_en,
    label_da,
    is_headline
from final

with outcomes as (
    select * from {{ ref('int_resource_outcomes_classified') }}
),

final as (
    select
        cast(person_id as {{ dream_text_type() }}) as person_id,
        cast(horizon_weeks as integer) as horizon_weeks,
        is_headline_horizon,
        cast({{ dream_iso_week_label('end_date') }} as {{ dream_text_type() }}) as end_week,
        cast(end_date as date) as end_date,
        cast(municipality_code as integer) as municipality_code,
        is_municipality,
        cast({{ dream_iso_week_label('status_date') }} as {{ dream_text_type() }}) as status_week,
        cast(status_category as {{ dream_text_type() }}) as status_category,
        is_outcome_observed
    from outcomes
)

select
    person_id,
    horizon_weeks,
    is_headline_horizon,
    end_week,
    end_date,
    municipality_code,
    is_municipality,
    status_week,
    status_category,
    is_outcome_observed
from final

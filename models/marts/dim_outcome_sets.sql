{#- The outcome sets (seeds/dream_outcome_sets.csv) as published: one row per outcome set and
    status category that counts as closer to the labour market in it. -#}
with outcome_sets as (
    select * from {{ ref('dream_outcome_sets') }}
),

final as (
    select
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(status_category as {{ dream_text_type() }}) as status_category,
        cast(description as {{ dream_text_type() }}) as description
    from outcome_sets
)

select
    outcome_set,
    status_category,
    description
from final

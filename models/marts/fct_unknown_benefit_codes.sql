{{ config(post_hook="{{ dream_warn_unknown_benefit_codes(this) }}") }}
{#-
  Benefit codes found in the weeks read that the code list (seeds/dream_benefit_codes.csv)
  does not know: they are quarantined, counted here, and the build warns with the count.
  Add a code to the seed and its weeks flow through on the next build.
-#}
with quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

unknown as (
    select
        raw_value,
        week_index,
        person_id
    from quarantine
    where reason = 'unknown_code'
),

final as (
    select
        cast(raw_value as {{ dream_text_type() }}) as benefit_code,
        cast(count(*) as integer) as week_cells,
        cast(count(distinct person_id) as integer) as persons,
        cast({{ dream_iso_week_label(dream_week_start('min(week_index)')) }} as {{ dream_text_type() }})
            as first_week,
        cast({{ dream_iso_week_label(dream_week_start('max(week_index)')) }} as {{ dream_text_type() }})
            as last_week
    from unknown
    group by raw_value
)

select
    benefit_code,
    week_cells,
    persons,
    first_week,
    last_week
from final

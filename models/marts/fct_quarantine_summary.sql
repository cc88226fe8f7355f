{#- What the build quarantined, by reason: how many rows/cells and persons (no person-level data). -#}
with quarantine as (
    select * from {{ ref('stg_dream__quarantine') }}
),

final as (
    select
        cast(reason as {{ dream_text_type() }}) as reason,
        cast(count(*) as integer) as quarantined_values,
        cast(count(distinct person_id) as integer) as persons,
        cast(count(distinct raw_value) as integer) as distinct_raw_values,
        cast(min(column_name) as {{ dream_text_type() }}) as first_column_name,
        cast(max(column_name) as {{ dream_text_type() }}) as last_column_name
    from quarantine
    group by reason
)

select
    reason,
    quarantined_values,
    persons,
    distinct_raw_values,
    first_column_name,
    last_column_name
from final

with municipalities as (
    select * from {{ ref('dream_municipalities') }}
),

final as (
    select
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        cast(region_name as {{ dream_text_type() }}) as region_name
    from municipalities
)

select
    municipality_code,
    municipality_name,
    region_name
from final

{#- The code list (seeds/dream_benefit_codes.csv) as published: one row per DREAM benefit code,
    with what it counts as. BI tools and the report read it here, not from the seed. -#}
with benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

final as (
    select
        cast(benefit_code as integer) as benefit_code,
        cast(label as {{ dream_text_type() }}) as benefit_label,
        cast(benefit_group as {{ dream_text_type() }}) as benefit_group,
        cast(status_category as {{ dream_text_type() }}) as status_category,
        is_resource_programme,
        cast(case_mix_group as {{ dream_text_type() }}) as case_mix_group
    from benefit_codes
)

select
    benefit_code,
    benefit_label,
    benefit_group,
    status_category,
    is_resource_programme,
    case_mix_group
from final

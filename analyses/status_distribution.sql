-- Figure 2: national status 13 weeks after the end of the latest ended ressourceforløb.
with distribution as (
    select * from {{ ref('fct_status_distribution') }}
),

final as (
    select
        status_category,
        label_da,
        label_en,
        persons,
        share
    from distribution
)

select * from final
order by persons desc

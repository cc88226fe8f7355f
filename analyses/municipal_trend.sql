-- The trend figure: one municipality's share closer to the labour market by half-year of
-- the end week, beside the national series (agenda_2018 outcome set; Odense = 461).
with trends as (
    select * from {{ ref('fct_municipal_outcome_trends') }}
),

final as (
    select
        municipality_name,
        end_half_year,
        persons,
        persons_closer,
        share_closer,
        share_ci_low,
        share_ci_high
    from trends
    where
        outcome_set = 'agenda_2018'
        and (municipality_code = 461 or is_national)
)

select * from final
order by municipality_name, end_half_year

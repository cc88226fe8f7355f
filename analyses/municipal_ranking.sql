-- Figure 1: municipalities with at least min_persons_ranked ended programmes, ranked by the
-- share closer to the labour market 13 weeks after (default outcome set), with 95 % Wilson
-- intervals, beside the unweighted mean of the ranked municipalities and the national share.
-- Compile with `dbt compile -s municipal_ranking` and run the SQL in any client.
with municipal as (
    select * from {{ ref('fct_municipal_outcomes') }}
),

national as (
    select * from {{ ref('fct_national_outcomes') }}
),

final as (
    select
        municipal.rank,
        municipal.municipality_code,
        municipal.municipality_name,
        municipal.persons,
        municipal.persons_closer,
        municipal.share_closer,
        municipal.share_ci_low,
        municipal.share_ci_high,
        national.mean_share_ranked,
        national.share_closer as national_share_closer
    from municipal
    inner join national
        on municipal.outcome_set = national.outcome_set
    where national.is_default_outcome_set and municipal.is_ranked
)

select * from final
order by rank, municipality_name

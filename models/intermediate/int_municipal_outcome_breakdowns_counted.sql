{#-
  The exact outcome counts by breakdown, at the published figures' slice (point_in_time at the
  headline horizon): one row per outcome set, breakdown, group and area. Breakdowns, from
  int_resource_outcomes_described: sex, age_40 (under 40 / 40 and over, jobindsats's split for
  ressourceforløb), age_10 (10-year bands), main_benefit_before (the case-mix group) and, when the
  extract has visit_QkvYYYY columns, visitation (the category of the quarter of E; no_column for a
  quarter the extract has no column for). age_40_group: the under 40 / 40 and over group an age
  row lies in (its own for age_40, its band's for age_10: the bands add up to it). Areas: the 98 municipalities (every group, zeros kept,
  so every relation is complete), the nation (municipality_code 0: every person) and the rest
  (municipality_code -1: an unknown municipality or a non-municipal code; never published, but a
  cell of the relations fct_municipal_outcome_breakdowns protects). Exact counts: safe
  publication is the mart's, last.
-#}
with scored as (
    select * from {{ ref('int_resource_outcomes_scored') }}
),

described as (
    select * from {{ ref('int_resource_outcomes_described') }}
),

municipalities as (
    select * from {{ ref('dream_municipalities') }}
),

{# the visitation breakdown only when the extract has a visit_QkvYYYY column for some E #}
visitation_columns as (
    select count(*) as persons_with_column
    from described
    where visitation_category <> 'no_column'
),

headline as (
    select
        outcome_set,
        person_id,
        municipality_code,
        is_municipality,
        is_outcome_observed,
        is_closer
    from scored
    where is_headline
),

attributes as (
    select
        person_id,
        'sex' as breakdown,
        sex as breakdown_group,
        cast(null as {{ dream_text_type() }}) as age_40_group
    from described
    union all
    select
        person_id,
        'age_40' as breakdown,
        age_group_40 as breakdown_group,
        age_group_40 as age_40_group
    from described
    union all
    select
        person_id,
        'age_10' as breakdown,
        age_band_10 as breakdown_group,
        age_group_40 as age_40_group
    from described
    union all
    select
        person_id,
        'main_benefit_before' as breakdown,
        main_benefit_before as breakdown_group,
        cast(null as {{ dream_text_type() }}) as age_40_group
    from described
    union all
    select
        described.person_id,
        'visitation' as breakdown,
        described.visitation_category as breakdown_group,
        cast(null as {{ dream_text_type() }}) as age_40_group
    from described
    cross join visitation_columns
    where visitation_columns.persons_with_column > 0
),

placed as (
    select
        headline.outcome_set,
        attributes.breakdown,
        attributes.breakdown_group,
        attributes.age_40_group,
        case when headline.is_municipality then headline.municipality_code else -1 end as municipality_code,
        headline.is_outcome_observed,
        headline.is_closer
    from headline
    inner join attributes
        on headline.person_id = attributes.person_id
),

groups as (
    select distinct
        outcome_set,
        breakdown,
        breakdown_group,
        age_40_group
    from placed
),

areas as (
    select
        municipality_code,
        municipality_name,
        false as is_national
    from municipalities
    union all
    select
        -1 as municipality_code,
        cast(null as {{ dream_text_type() }}) as municipality_name,
        false as is_national
    union all
    select
        0 as municipality_code,
        'Hele landet' as municipality_name,
        true as is_national
),

final as (
    select
        groups.outcome_set,
        groups.breakdown,
        groups.breakdown_group,
        groups.age_40_group,
        areas.municipality_code,
        areas.municipality_name,
        areas.is_national,
        count(case when placed.is_outcome_observed then 1 end) as persons,
        count(case when placed.is_outcome_observed is not null and not placed.is_outcome_observed then 1 end)
            as persons_awaiting_outcome,
        count(case when placed.is_closer then 1 end) as persons_closer
    from groups
    cross join areas
    left join placed
        on
            groups.outcome_set = placed.outcome_set
            and groups.breakdown = placed.breakdown
            and groups.breakdown_group = placed.breakdown_group
            and (areas.is_national or areas.municipality_code = placed.municipality_code)
    group by
        groups.outcome_set,
        groups.breakdown,
        groups.breakdown_group,
        groups.age_40_group,
        areas.municipality_code,
        areas.municipality_name,
        areas.is_national
)

select * from final

{#-
  Case-mix at programme start, from DREAM itself: one row per person with an ended
  episode counted (the latest ended in the window), described at the start of that
  episode: age band and sex, the weeks on each kind of benefit and the months in
  employment in the case_mix_weeks before the start, and the programme length band.
  case_mix_cell joins them into the cell that fct_municipal_risk_adjusted_outcomes
  standardises on (via int_resource_outcomes_standardised).
-#}
{%- set look_back = var('case_mix_weeks') | int -%}

with episodes as (
    select * from {{ ref('int_resource_episodes_detected') }}
),

persons as (
    select * from {{ ref('stg_dream__persons') }}
),

benefit_weeks as (
    select * from {{ ref('stg_dream__benefit_weeks') }}
),

employment_months as (
    select * from {{ ref('stg_dream__employment_months') }}
),

benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

starts as (
    select
        episodes.person_id,
        episodes.start_week_index,
        episodes.start_date,
        episodes.end_week_index - episodes.start_week_index + 1 as programme_weeks,
        start_weeks.month_number as start_month_number
    from episodes
    inner join weeks as start_weeks
        on episodes.start_week_index = start_weeks.week_index
    where episodes.is_latest_ended_in_window
),

weeks_before as (
    select
        starts.person_id,
        count(case when benefit_codes.case_mix_group = 'sygedagpenge' then 1 end) as weeks_sygedagpenge,
        count(case when benefit_codes.case_mix_group = 'kontanthjaelp' then 1 end) as weeks_kontanthjaelp,
        count(case when benefit_codes.case_mix_group = 'jobafklaring' then 1 end) as weeks_jobafklaring,
        count(case when benefit_codes.case_mix_group = 'fleksjob_ledighedsydelse' then 1 end)
            as weeks_fleksjob_ledighedsydelse,
        count(case when benefit_codes.case_mix_group = 'dagpenge' then 1 end) as weeks_dagpenge
    from starts
    inner join benefit_weeks
        on
            starts.person_id = benefit_weeks.person_id
            and benefit_weeks.week_index between starts.start_week_index - {{ look_back }}
            and starts.start_week_index - 1
    inner join benefit_codes
        on benefit_weeks.benefit_code = benefit_codes.benefit_code
    group by starts.person_id
),

months_before as (
    select
        starts.person_id,
        count(*) as months_employed
    from starts
    inner join employment_months
        on
            starts.person_id = employment_months.person_id
            and employment_months.month_number
            between starts.start_month_number - {{ (look_back / 52 * 12) | round | int }}
            and starts.start_month_number - 1
    where employment_months.has_employment
    group by starts.person_id
),

described as (
    select
        starts.person_id,
        starts.start_week_index,
        starts.programme_weeks,
        {{ dream_age_at('persons.age_1991w31', 'starts.start_date') }} as age_at_start,
        {{ dream_sex_label('persons.sex_code') }} as sex,
        coalesce(weeks_before.weeks_sygedagpenge, 0) as weeks_sygedagpenge,
        coalesce(weeks_before.weeks_kontanthjaelp, 0) as weeks_kontanthjaelp,
        coalesce(weeks_before.weeks_jobafklaring, 0) as weeks_jobafklaring,
        coalesce(weeks_before.weeks_fleksjob_ledighedsydelse, 0) as weeks_fleksjob_ledighedsydelse,
        coalesce(weeks_before.weeks_dagpenge, 0) as weeks_dagpenge,
        coalesce(months_before.months_employed, 0) as months_employed
    from starts
    left join persons
        on starts.person_id = persons.person_id
    left join weeks_before
        on starts.person_id = weeks_before.person_id
    left join months_before
        on starts.person_id = months_before.person_id
),

banded as (
    select
        *,
        case
            when age_at_start is null then 'unknown'
            when age_at_start < 40 then 'under 40'
            when age_at_start < 50 then '40-49'
            else '50+'
        end as age_band,
        {#- the benefit with most weeks before the start; ties go to the first listed #}
        case
            when
                weeks_sygedagpenge + weeks_kontanthjaelp + weeks_jobafklaring
                + weeks_fleksjob_ledighedsydelse + weeks_dagpenge = 0
                then 'none'
            when
                weeks_sygedagpenge >= weeks_kontanthjaelp and weeks_sygedagpenge >= weeks_jobafklaring
                and weeks_sygedagpenge >= weeks_fleksjob_ledighedsydelse and weeks_sygedagpenge >= weeks_dagpenge
                then 'sygedagpenge'
            when
                weeks_kontanthjaelp >= weeks_jobafklaring and weeks_kontanthjaelp >= weeks_fleksjob_ledighedsydelse
                and weeks_kontanthjaelp >= weeks_dagpenge
                then 'kontanthjaelp'
            when weeks_jobafklaring >= weeks_fleksjob_ledighedsydelse and weeks_jobafklaring >= weeks_dagpenge
                then 'jobafklaring'
            when weeks_fleksjob_ledighedsydelse >= weeks_dagpenge then 'fleksjob_ledighedsydelse'
            else 'dagpenge'
        end as main_benefit_before,
        months_employed > 0 as was_employed_before,
        case when programme_weeks < 104 then 'under 2 years' else '2 years or more' end as length_band
    from described
),

final as (
    select
        *,
        age_band || '|' || sex || '|' || main_benefit_before || '|'
        || case when was_employed_before then 'employed' else 'not employed' end || '|' || length_band
            as case_mix_cell
    from banded
)

select * from final

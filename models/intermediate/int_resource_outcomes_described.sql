{#-
  The person-level breakdown attributes of the outcomes (issue 17): one row per person
  whose latest ended episode in the window is counted, described at its end week E - sex,
  age at the end (dream_age_at on E's Monday, the date the case-mix uses at the start) in
  two groupings, the main benefit in the case_mix_weeks before the start (from the
  case-mix, not derived again) and the visitation category of the quarter holding E's
  Thursday (base_dream__weeks.quarter_label): no_column when the extract has no visit_QkvYYYY
  column for that quarter, none when the cell is empty or 0 (or quarantined as
  non_numeric_visitation), else the category as found. The marts count and suppress these.
-#}
with episodes as (
    select * from {{ ref('int_resource_episodes_detected') }}
),

persons as (
    select * from {{ ref('stg_dream__persons') }}
),

case_mix as (
    select * from {{ ref('int_resource_case_mix_described') }}
),

visitations as (
    select * from {{ ref('stg_dream__visitations') }}
),

extract_columns_read as (
    select * from {{ ref('base_dream__extract_columns_read') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

ends as (
    select
        episodes.person_id,
        episodes.end_week_index,
        episodes.end_date,
        end_weeks.quarter_label,
        end_weeks.quarter_number
    from episodes
    inner join weeks as end_weeks
        on episodes.end_week_index = end_weeks.week_index
    where episodes.is_latest_ended_in_window
),

visitation_columns as (
    select distinct
        {{ dream_quarter_number('calendar_year', 'calendar_quarter') }} as quarter_number
    from extract_columns_read
    where column_kind = 'visitation_quarter'
),

described as (
    select
        ends.person_id,
        ends.end_week_index,
        {{ dream_sex_label('persons.sex_code') }} as sex,
        cast({{ dream_age_at('persons.age_1991w31', 'ends.end_date') }} as integer) as age_at_end,
        case_mix.main_benefit_before,
        ends.quarter_label as visitation_quarter,
        case
            when visitation_columns.quarter_number is null then 'no_column'
            when visitations.visitation_code is null then 'none'
            else cast(visitations.visitation_code as {{ dream_text_type() }})
        end as visitation_category
    from ends
    left join persons
        on ends.person_id = persons.person_id
    left join case_mix
        on ends.person_id = case_mix.person_id
    left join visitation_columns
        on ends.quarter_number = visitation_columns.quarter_number
    left join visitations
        on
            ends.person_id = visitations.person_id
            and ends.quarter_number = visitations.quarter_number
),

final as (
    select
        person_id,
        end_week_index,
        sex,
        age_at_end,
        case
            when age_at_end is null then 'unknown'
            when age_at_end < 40 then 'under 40'
            else '40 and over'
        end as age_group_40,
        case
            when age_at_end is null then 'unknown'
            when age_at_end < 30 then 'under 30'
            when age_at_end < 40 then '30-39'
            when age_at_end < 50 then '40-49'
            when age_at_end < 60 then '50-59'
            else '60 and over'
        end as age_band_10,
        main_benefit_before,
        visitation_quarter,
        visitation_category
    from described
)

select * from final

{#-
  Every column of the extract, recognised by its name pattern (spec §2) and parsed:
  ISO year/week of y_YYWW (YY 91-99 = 19YY, else 20YY; week 53 only in ISO years that
  have one), year/month of branche_/grad_, year of nykom, year/quarter of visit_QkvYYYY
  (Q = 1-4). Which of them the analysis reads is base_dream__extract_columns_read.
-#}
with header as (
    select * from {{ ref('base_dream__extract_header') }}
),

named as (
    select
        column_position,
        column_name,
        lower(trim(column_name)) as normalised_name
    from header
),

classified as (
    select
        column_position,
        column_name,
        normalised_name,
        case
            when normalised_name in ('lobenr', 'pnr') then 'person_id'
            when normalised_name = 'kon' then 'sex'
            when normalised_name = 'alder9131' then 'age_1991w31'
            when {{ dream_regexp_full_match('normalised_name', 'y_[0-9]{4}') }} then 'benefit_week'
            when {{ dream_regexp_full_match('normalised_name', 'branche_[0-9]{4}_[0-9]{2}') }} then 'industry_month'
            when
                {{ dream_regexp_full_match('normalised_name', 'grad_[0-9]{4}_[0-9]{2}') }}
                then 'employment_degree_month'
            when {{ dream_regexp_full_match('normalised_name', 'nykom[0-9]{4}') }} then 'municipality_year'
            when {{ dream_regexp_full_match('normalised_name', 'ak[0-9]{2}') }} then 'ui_fund_year'
            when
                {{ dream_regexp_full_match('normalised_name', 'visit_[1-4]kv[0-9]{4}') }}
                then 'visitation_quarter'
            else 'unrecognised'
        end as column_kind
    from named
),

parsed as (
    select
        column_position,
        column_name,
        normalised_name,
        column_kind,
        case
            when column_kind = 'benefit_week' and cast(substr(normalised_name, 3, 2) as integer) >= 91
                then 1900 + cast(substr(normalised_name, 3, 2) as integer)
            when column_kind = 'benefit_week'
                then 2000 + cast(substr(normalised_name, 3, 2) as integer)
        end as iso_year,
        case
            when column_kind = 'benefit_week' then cast(substr(normalised_name, 5, 2) as integer)
        end as iso_week,
        case
            when column_kind = 'industry_month' then cast(substr(normalised_name, 9, 4) as integer)
            when column_kind = 'employment_degree_month' then cast(substr(normalised_name, 6, 4) as integer)
            when column_kind = 'municipality_year' then cast(substr(normalised_name, 6, 4) as integer)
            when column_kind = 'visitation_quarter' then cast(substr(normalised_name, 10, 4) as integer)
        end as calendar_year,
        case
            when column_kind = 'industry_month' then cast(substr(normalised_name, 14, 2) as integer)
            when column_kind = 'employment_degree_month' then cast(substr(normalised_name, 11, 2) as integer)
        end as calendar_month,
        case
            when column_kind = 'visitation_quarter' then cast(substr(normalised_name, 7, 1) as integer)
        end as calendar_quarter
    from classified
),

validated as (
    select
        *,
        case
            when column_kind = 'benefit_week'
                then
                    iso_week between 1 and 53
                    and {{ dream_iso_monday('iso_year', 'iso_week') }}
                    < {{ dream_iso_monday('iso_year + 1', 1) }}
            when column_kind in ('industry_month', 'employment_degree_month')
                then calendar_month between 1 and 12
            else true
        end as is_valid_name
    from parsed
),

dated as (
    select
        *,
        case
            when column_kind = 'benefit_week' and is_valid_name
                then {{ dream_iso_monday('iso_year', 'iso_week') }}
        end as week_start
    from validated
),

final as (
    select
        column_position,
        column_name,
        normalised_name,
        column_kind,
        iso_year,
        iso_week,
        case when week_start is not null then {{ dream_week_index('week_start') }} end as week_index,
        week_start,
        calendar_year,
        calendar_month,
        calendar_quarter,
        is_valid_name
    from dated
)

select * from final

{#-
  First pass over the extract: every distinct value of every column read, how often it
  occurs there, judged once (macros/dream_cell_rules.sql and the code list): what it
  means when readable, and otherwise why it is quarantined. Reads only the columns read
  and keeps no person: a few thousand rows however large the register. The judged cells
  (base_dream__extract_cells), hence staging and stg_dream__quarantine, take their verdicts
  from here, so the staged and quarantined sides cannot drift apart. is_in_scope marks the
  values that make a row worth staging (a ressourceforløb code in a week episodes are made of,
  base_dream__weeks.is_in_history, or a value to quarantine):
  base_dream__extract_rows fetches only the rows holding one.
-#}
{%- set extract_columns_read = ref('base_dream__extract_columns_read') -%}
{%- set cell_columns = dream_extract_column_names(
    extract_columns_read,
    dream_cell_column_kinds(),
) -%}

with value_counts as (
    {{ dream_column_value_counts(ref('base_dream__extract'), cell_columns) }}
),

extract_columns as (
    select * from {{ extract_columns_read }}
),

benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

profile as (
    select
        column_name,
        cell_value,
        sum(cells) as cells
    from value_counts
    group by column_name, cell_value
),

typed as (
    select
        profile.column_name,
        profile.cell_value,
        profile.cells,
        extract_columns.column_kind,
        extract_columns.is_valid_name,
        extract_columns.week_index,
        extract_columns.calendar_year,
        extract_columns.calendar_month,
        extract_columns.calendar_quarter,
        {{ dream_is_whole_number('profile.cell_value') }} as is_whole_number,
        case
            when
                extract_columns.column_kind in ('benefit_week', 'municipality_year', 'visitation_quarter')
                and {{ dream_is_whole_number('profile.cell_value') }}
                then cast(profile.cell_value as integer)
        end as whole_number,
        case
            when
                extract_columns.column_kind = 'industry_month'
                and {{ dream_is_industry_code('profile.cell_value') }}
                then profile.cell_value
        end as industry_code,
        case
            when
                extract_columns.column_kind = 'employment_degree_month'
                and {{ dream_is_employment_degree('profile.cell_value') }}
                then cast(replace(profile.cell_value, ',', '.') as {{ dream_float_type() }})
        end as employment_degree
    from profile
    inner join extract_columns
        on profile.column_name = extract_columns.column_name
),

judged as (
    select
        typed.column_name,
        typed.cell_value,
        typed.cells,
        typed.column_kind,
        typed.week_index,
        typed.calendar_year,
        typed.calendar_month,
        typed.calendar_quarter,
        case when typed.column_kind = 'benefit_week' then benefit_codes.benefit_code end as benefit_code,
        case when typed.column_kind = 'municipality_year' then typed.whole_number end as municipality_code,
        case when typed.column_kind = 'visitation_quarter' then typed.whole_number end as visitation_code,
        typed.industry_code,
        typed.employment_degree,
        coalesce(typed.column_kind = 'benefit_week' and benefit_codes.is_resource_programme, false)
            as is_resource_code,
        coalesce(weeks.is_in_history, false) as is_history_week,
        case
            when typed.column_kind = 'benefit_week' and not typed.is_valid_name then 'invalid_week_column'
            when typed.column_kind = 'benefit_week' and not typed.is_whole_number then 'non_numeric_code'
            when typed.column_kind = 'benefit_week' and benefit_codes.benefit_code is null then 'unknown_code'
            when typed.column_kind = 'municipality_year' and not typed.is_whole_number
                then 'unparseable_municipality'
            when typed.column_kind = 'employment_degree_month' and typed.employment_degree is null
                then 'unparseable_employment_degree'
            when typed.column_kind = 'industry_month' and typed.industry_code is null
                then 'unparseable_industry_code'
            when typed.column_kind = 'visitation_quarter' and not typed.is_whole_number
                then 'non_numeric_visitation'
        end as fault_reason
    from typed
    left join benefit_codes
        on
            typed.column_kind = 'benefit_week'
            and typed.whole_number = benefit_codes.benefit_code
    left join weeks
        on typed.week_index = weeks.week_index
),

final as (
    select
        column_name,
        cell_value,
        cells,
        column_kind,
        week_index,
        calendar_year,
        calendar_month,
        calendar_quarter,
        benefit_code,
        municipality_code,
        visitation_code,
        industry_code,
        employment_degree,
        is_resource_code,
        fault_reason,
        (is_resource_code and is_history_week) or fault_reason is not null as is_in_scope
    from judged
)

select * from final

{#-
  The columns the analysis reads, one row each (the others are never read): the person
  columns; the y_YYWW weeks read (base_dream__weeks.is_read: from the read start less
  case_mix_weeks, the case-mix looked back from a programme start, to the window end plus
  the status horizon); the branche_/grad_ months holding those weeks' Thursdays; the nykom
  years that are those weeks' ISO years; the visit_QkvYYYY quarters holding those weeks'
  Thursdays (the same rule as the months: the read range, not only the window, so that the
  columns read never depend on which persons end where); and any y_ column of those years
  that names no real ISO week (its cells are quarantined).
-#}
with extract_columns as (
    select * from {{ ref('base_dream__extract_columns') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

read_ranges as (
    select
        min(week_index) as first_week_index,
        max(week_index) as last_week_index,
        min(month_number) as first_month_number,
        max(month_number) as last_month_number,
        min(quarter_number) as first_quarter_number,
        max(quarter_number) as last_quarter_number,
        min(iso_year) as first_year,
        max(iso_year) as last_year
    from weeks
    where is_read
),

read_columns as (
    select extract_columns.column_name
    from extract_columns
    cross join read_ranges
    where
        case
            when not extract_columns.is_valid_name
                then
                    extract_columns.column_kind = 'benefit_week'
                    and extract_columns.iso_year between read_ranges.first_year and read_ranges.last_year
            when extract_columns.column_kind = 'benefit_week'
                then extract_columns.week_index between read_ranges.first_week_index and read_ranges.last_week_index
            when extract_columns.column_kind in ('industry_month', 'employment_degree_month')
                then
                    {{ dream_month_number('extract_columns.calendar_year', 'extract_columns.calendar_month') }}
                    between read_ranges.first_month_number and read_ranges.last_month_number
            when extract_columns.column_kind = 'municipality_year'
                then extract_columns.calendar_year between read_ranges.first_year and read_ranges.last_year
            when extract_columns.column_kind = 'visitation_quarter'
                then
                    {{ dream_quarter_number('extract_columns.calendar_year', 'extract_columns.calendar_quarter') }}
                    between read_ranges.first_quarter_number and read_ranges.last_quarter_number
            else extract_columns.column_kind in ('person_id', 'sex', 'age_1991w31')
        end
),

final as (
    select
        extract_columns.column_position,
        extract_columns.column_name,
        extract_columns.column_kind,
        extract_columns.week_index,
        extract_columns.calendar_year,
        extract_columns.calendar_month,
        extract_columns.calendar_quarter,
        extract_columns.is_valid_name
    from extract_columns
    inner join read_columns
        on extract_columns.column_name = read_columns.column_name
)

select * from final

{#- The semantic layer's time spine (MetricFlow): one row per day of the weeks the analysis
    knows (base_dream__weeks: the extract's weeks and the weeks read after them), with the ISO
    week and the half-year of the day's week (by its Thursday, as every count of the project). -#}
with weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

day_offsets as (
    select {{ dream_integer_series('0', '6') }} as day_offset
    from (select 0 as one_row) as single_row
),

final as (
    select
        cast({{ dream_add_days('weeks.week_start', 'cast(day_offsets.day_offset as integer)') }} as date) as date_day,
        cast(weeks.week_index as integer) as week_index,
        cast(weeks.half_year as {{ dream_text_type() }}) as half_year
    from weeks
    cross join day_offsets
)

select
    date_day,
    week_index,
    half_year
from final

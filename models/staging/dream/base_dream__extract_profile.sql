{#-
  First pass over the extract: how often each distinct value occurs in each column the
  analysis reads (weeks, months, years, and y_ columns naming no real ISO week). Reads
  only those columns and keeps no person: a few thousand rows however large the register.
  base_dream__extract_values judges each value once; base_dream__extract_rows then
  fetches only the rows that hold a value that matters.
-#}
{%- set cell_columns = dream_extract_column_names(
    ref('base_dream__extract_columns'),
    ['benefit_week', 'industry_month', 'employment_degree_month', 'municipality_year'],
) -%}

with value_counts as (
    {{ dream_column_value_counts(source('dream', 'extract'), cell_columns) }}
),

final as (
    select
        column_name,
        cell_value,
        sum(cells) as cells
    from value_counts
    group by column_name, cell_value
)

select * from final

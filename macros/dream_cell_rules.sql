{#-
  What a readable cell looks like, in one place: the staging models stage the cells that
  pass these rules and stg_dream__quarantine quarantines the ones that fail them, so the
  two sides cannot drift apart; and which quarantine reasons take a whole row out
  (dream_whole_row_reasons).
-#}

{#- a benefit code or municipality code: digits only -#}
{% macro dream_is_whole_number(text_expr) -%}
    {{ dream_regexp_full_match(text_expr, '[0-9]{1,9}') }}
{%- endmacro %}

{#- an industry code (branche_YYYY_MM): digits only -#}
{% macro dream_is_industry_code(text_expr) -%}
    {{ dream_regexp_full_match(text_expr, '[0-9]{1,8}') }}
{%- endmacro %}

{#- an employment degree (grad_YYYY_MM): a number, decimal point or comma -#}
{% macro dream_is_employment_degree(text_expr) -%}
    {{ dream_regexp_full_match(text_expr, '[0-9]+([.,][0-9]+)?') }}
{%- endmacro %}


{#- The kinds of column whose cells are judged one by one (base_dream__extract_values) and turned
    from wide to long (base_dream__extract_cells): weeks, months, years and quarters. -#}
{% macro dream_cell_column_kinds() -%}
    {{ return(['benefit_week', 'industry_month', 'employment_degree_month', 'municipality_year',
        'visitation_quarter']) }}
{%- endmacro %}


{#- The quarantine reasons that take a whole row out of the analysis (the rest are cells):
    the persons reconciliation counts these rows, and a build with too many of them stops. -#}
{% macro dream_whole_row_reasons() -%}
    ('empty_person_id', 'conflicting_duplicate_person', 'ragged_row', 'unreadable_row')
{%- endmacro %}

{#- post-hook of fct_unknown_benefit_codes: one build warning that counts the quarantined
    cells with codes missing from the code list, and names the codes. -#}
{% macro dream_warn_unknown_benefit_codes(relation) -%}
    {%- if execute -%}
        {%- set found = run_query(
            "select benefit_code, week_cells from " ~ relation ~ " order by week_cells desc, benefit_code") -%}
        {%- if found.rows | length > 0 -%}
            {%- set cells = found.columns[1].values() | sum -%}
            {%- set codes = found.columns[0].values() | list -%}
            {%- do exceptions.warn(
                cells ~ " week cells carry " ~ codes | length ~ " benefit code(s) missing from "
                ~ "seeds/dream_benefit_codes.csv (" ~ (codes[:10] | join(', ')) ~ (', ...' if codes | length > 10 else '')
                ~ "): they are quarantined (stg_dream__quarantine, fct_unknown_benefit_codes); "
                ~ "add the codes to the seed to classify them") -%}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}

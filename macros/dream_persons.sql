{#-
  What the person columns mean, in one place: the age at a date from alder9131 (age in
  1991 week 31) and the sex label of kon. The case-mix (age at the programme start) and
  the outcome breakdowns (age at its end) both use these.
-#}

{#- age at a date: alder9131 plus the whole years (of 365.25 days) since 1 August 1991 -#}
{% macro dream_age_at(age_expr, date_expr) -%}
    {{ age_expr }}
    + floor({{ dream_days_between(dream_make_date(1991, 8, 1), date_expr) }} / 365.25)
{%- endmacro %}


{#- sex label of kon: 1 = man, 2 = woman, anything else (or null) unknown -#}
{% macro dream_sex_label(sex_code_expr) -%}
    case {{ sex_code_expr }} when 1 then 'man' when 2 then 'woman' else 'unknown' end
{%- endmacro %}

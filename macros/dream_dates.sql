{#-
  Portable ISO-week and date arithmetic. Every dialect difference sits in an
  adapter.dispatch macro; the models call only these.

  Week index: weeks numbered consecutively from DREAM's first week, 1991-W32
  (Monday 1991-08-05) = 0, with no holes across year ends (ISO week 53 included).
-#}

{% macro dream_epoch_monday() -%}
    cast('1991-08-05' as date)
{%- endmacro %}


{#- date + n days -#}
{% macro dream_add_days(date_expr, days_expr) -%}
    {{ return(adapter.dispatch('dream_add_days', 'dream_outcomes')(date_expr, days_expr)) }}
{%- endmacro %}

{% macro default__dream_add_days(date_expr, days_expr) -%}
    cast(({{ date_expr }}) + ({{ days_expr }}) as date)
{%- endmacro %}

{% macro spark__dream_add_days(date_expr, days_expr) -%}
    date_add({{ date_expr }}, {{ days_expr }})
{%- endmacro %}


{#- whole days from start_expr to end_expr -#}
{% macro dream_days_between(start_expr, end_expr) -%}
    {{ return(adapter.dispatch('dream_days_between', 'dream_outcomes')(start_expr, end_expr)) }}
{%- endmacro %}

{% macro default__dream_days_between(start_expr, end_expr) -%}
    cast(({{ end_expr }}) - ({{ start_expr }}) as integer)
{%- endmacro %}

{% macro spark__dream_days_between(start_expr, end_expr) -%}
    datediff({{ end_expr }}, {{ start_expr }})
{%- endmacro %}


{#- ISO day of week, Monday = 1 ... Sunday = 7 -#}
{% macro dream_isodow(date_expr) -%}
    {{ return(adapter.dispatch('dream_isodow', 'dream_outcomes')(date_expr)) }}
{%- endmacro %}

{% macro default__dream_isodow(date_expr) -%}
    cast(extract(isodow from {{ date_expr }}) as integer)
{%- endmacro %}

{% macro spark__dream_isodow(date_expr) -%}
    (((dayofweek({{ date_expr }}) + 5) % 7) + 1)
{%- endmacro %}


{#- calendar date from integer year, month, day expressions -#}
{% macro dream_make_date(year_expr, month_expr, day_expr) -%}
    {{ return(adapter.dispatch('dream_make_date', 'dream_outcomes')(year_expr, month_expr, day_expr)) }}
{%- endmacro %}

{% macro default__dream_make_date(year_expr, month_expr, day_expr) -%}
    make_date(cast({{ year_expr }} as integer), cast({{ month_expr }} as integer), cast({{ day_expr }} as integer))
{%- endmacro %}


{#- Monday of ISO week (year, week): week 1 is the week holding 4 January. -#}
{% macro dream_iso_monday(year_expr, week_expr) -%}
    {%- set jan4 = dream_make_date(year_expr, 1, 4) -%}
    {{ dream_add_days(jan4, '7 * ((' ~ week_expr ~ ') - 1) - (' ~ dream_isodow(jan4) ~ ' - 1)') }}
{%- endmacro %}


{#- consecutive week index of the ISO week that holds date_expr -#}
{% macro dream_week_index(date_expr) -%}
    {%- set monday = dream_add_days(date_expr, '1 - ' ~ dream_isodow(date_expr)) -%}
    cast({{ dream_days_between(dream_epoch_monday(), monday) }} / 7 as integer)
{%- endmacro %}


{#- Monday of the week with the given week index -#}
{% macro dream_week_start(week_index_expr) -%}
    {{ dream_add_days(dream_epoch_monday(), '7 * (' ~ week_index_expr ~ ')') }}
{%- endmacro %}


{#- 'YYYY-Www' label of the ISO week that holds date_expr -#}
{% macro dream_iso_week_label(date_expr) -%}
    {{ return(adapter.dispatch('dream_iso_week_label', 'dream_outcomes')(date_expr)) }}
{%- endmacro %}

{% macro default__dream_iso_week_label(date_expr) -%}
    to_char({{ date_expr }}, 'IYYY-"W"IW')
{%- endmacro %}

{% macro duckdb__dream_iso_week_label(date_expr) -%}
    strftime({{ date_expr }}, '%G-W%V')
{%- endmacro %}

{% macro spark__dream_iso_week_label(date_expr) -%}
    concat(
        cast(extract(yearofweek from {{ date_expr }}) as string),
        '-W',
        lpad(cast(weekofyear({{ date_expr }}) as string), 2, '0')
    )
{%- endmacro %}


{#- consecutive month number (year * 12 + month - 1), to compare and count months across years -#}
{% macro dream_month_number(year_expr, month_expr) -%}
    ({{ year_expr }}) * 12 + ({{ month_expr }}) - 1
{%- endmacro %}


{#- consecutive quarter number (year * 4 + quarter - 1), to compare quarters across years -#}
{% macro dream_quarter_number(year_expr, quarter_expr) -%}
    ({{ year_expr }}) * 4 + ({{ quarter_expr }}) - 1
{%- endmacro %}

{#-
  Statistics of the marts, as SQL expressions: the share closer with its 95 % Wilson score
  interval (dream_share_columns, dream_wilson_bound) and the 95 % interval of an
  observed/expected ratio by Byar's approximation (dream_byar_bound).
-#}

{#-
  95 % Wilson score interval for successes / trials; bound is 'low' or 'high'.
  Null when trials = 0 or successes is null.
-#}
{% macro dream_wilson_bound(successes, trials, bound, z=1.959963984540054) -%}
    {%- set n = 'cast(' ~ trials ~ ' as ' ~ dream_float_type() ~ ')' -%}
    {%- set p = 'cast(' ~ successes ~ ' as ' ~ dream_float_type() ~ ') / ' ~ n -%}
    {%- set z2 = z * z -%}
    {#- clamped to [0, 1]: at a share of 0 or 1 rounding could otherwise step just outside -#}
    {#- greatest/least skip nulls on some engines: a null count must give a null bound #}
    case when {{ trials }} > 0 and {{ successes }} is not null then
        greatest(0, least(1,
            (
                ({{ p }}) + {{ z2 }} / (2 * {{ n }})
                {{ '-' if bound == 'low' else '+' }} {{ z }} * sqrt(({{ p }}) * (1 - ({{ p }})) / {{ n }} + {{ z2 }} / (4 * {{ n }} * {{ n }}))
            ) / (1 + {{ z2 }} / {{ n }})
        ))
    end
{%- endmacro %}


{#-
  The three share columns of a mart: share_closer = successes / trials and its 95 % Wilson
  interval (share_ci_low, share_ci_high); all null when trials = 0.
-#}
{% macro dream_share_columns(successes, trials) -%}
    cast(
        case when {{ trials }} > 0 then cast({{ successes }} as {{ dream_float_type() }}) / {{ trials }} end
        as {{ dream_float_type() }}
    ) as share_closer,
    cast({{ dream_wilson_bound(successes, trials, 'low') }} as {{ dream_float_type() }}) as share_ci_low,
    cast({{ dream_wilson_bound(successes, trials, 'high') }} as {{ dream_float_type() }}) as share_ci_high
{%- endmacro %}


{#-
  95 % confidence bound of an observed/expected ratio (a standardised ratio) by Byar's
  approximation to the Poisson interval of the observed count; bound is 'low' or 'high'.
  Null when expected is not positive.
-#}
{% macro dream_byar_bound(observed, expected, bound, z=1.959963984540054) -%}
    {%- set o = 'cast(' ~ observed ~ ' as ' ~ dream_float_type() ~ ')' -%}
    {%- if bound == 'low' -%}
    case
        when {{ expected }} > 0 and {{ observed }} = 0 then 0.0
        when {{ expected }} > 0
            then {{ o }} * power(1 - 1 / (9 * {{ o }}) - {{ z }} / (3 * sqrt({{ o }})), 3) / {{ expected }}
    end
    {%- else -%}
    case
        when {{ expected }} > 0
            then ({{ o }} + 1) * power(1 - 1 / (9 * ({{ o }} + 1)) + {{ z }} / (3 * sqrt({{ o }} + 1)), 3) / {{ expected }}
    end
    {%- endif -%}
{%- endmacro %}

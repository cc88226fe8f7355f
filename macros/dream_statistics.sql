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


{#-
  The Kaplan-Meier (product-limit) share reached by each week, as a window expression over
  rows of one curve: 1 - prod over u <= t of (1 - events(u) / at_risk(u)), with `window` the
  curve's `partition by ... order by ...` (the running product over `rows between unbounded
  preceding and current row`). The product is exp(sum(ln(factor))) over the factors strictly
  between 0 and 1 (ln(0) fails on PostgreSQL); a factor 0 (every person at risk reaches the
  event) makes it 0 from that week on; a week with no one at risk (or no event) has the factor 1.
-#}
{% macro dream_product_limit(events, at_risk, window) -%}
    {%- set frame = 'over (' ~ window ~ ' rows between unbounded preceding and current row)' -%}
    case
        when max(case when {{ at_risk }} > 0 and {{ events }} >= {{ at_risk }} then 1 else 0 end) {{ frame }} = 1
            then cast(1 as {{ dream_float_type() }})
        else 1 - exp(sum(
            case
                when {{ at_risk }} > {{ events }} and {{ events }} > 0
                    then ln(1 - cast({{ events }} as {{ dream_float_type() }}) / {{ at_risk }})
                else 0
            end
        ) {{ frame }})
    end
{%- endmacro %}


{#-
  95 % bound ('low' or 'high') of the Kaplan-Meier share reached (dream_product_limit), by
  Greenwood's variance on the log-log scale: with L = ln S(t) (S = 1 - share) and
  V = sum over u <= t of events / (at_risk (at_risk - events)), the bounds of S are
  S ^ exp(+- z sqrt(V) / |L|), so the share's bounds stay in [0, 1]. Null while no event has
  happened (S = 1) and once S = 0 (V is then undefined).
-#}
{% macro dream_product_limit_bound(events, at_risk, window, bound, z=1.959963984540054) -%}
    {%- set frame = 'over (' ~ window ~ ' rows between unbounded preceding and current row)' -%}
    {%- set log_survival -%}
        sum(
            case
                when {{ at_risk }} > {{ events }} and {{ events }} > 0
                    then ln(1 - cast({{ events }} as {{ dream_float_type() }}) / {{ at_risk }})
                else 0
            end
        ) {{ frame }}
    {%- endset -%}
    {%- set variance -%}
        sum(
            case
                when {{ at_risk }} > {{ events }} and {{ events }} > 0
                    then cast({{ events }} as {{ dream_float_type() }})
                    / (cast({{ at_risk }} as {{ dream_float_type() }}) * ({{ at_risk }} - {{ events }}))
                else 0
            end
        ) {{ frame }}
    {%- endset -%}
    case
        when
            max(case when {{ at_risk }} > 0 and {{ events }} >= {{ at_risk }} then 1 else 0 end) {{ frame }} = 0
            and max(case when {{ events }} > 0 then 1 else 0 end) {{ frame }} = 1
            then 1 - exp(({{ log_survival }}) * exp(
                {{ '-' if bound == 'low' else '' }}{{ z }} * sqrt({{ variance }}) / abs({{ log_survival }})
            ))
    end
{%- endmacro %}

{#-
  The time to the labour market (Kaplan-Meier): one row per outcome set, area and week
  1 .. time_to_closer_weeks after the end, for the nation (municipality_code 0, every person,
  whatever or whether any municipality) and the municipalities ranked in the headline
  comparison of the same outcome set (int_municipal_outcomes_ranked: is_headline and
  is_ranked); from the exact curves of int_municipal_time_to_closer_estimated.
  Safe publication, last, by greedy scans of each curve over the weeks, so that every
  published count is 0 or at least min_published_count (5), and so is every step between two
  consecutive published weeks of a curve:
  1. The anchor weeks, the headline horizon (status_horizon_weeks, 13) and the last week
     (time_to_closer_weeks, 52), are scanned first: an anchor is published when, since the last
     published anchor (at the start: week 0, every person at risk, nothing reached or
     censored), the increase of persons_reached_cum and that of persons_censored_cum are each 0
     or at least 5, and persons_at_risk is 0 or at least 5.
  2. Every other week t is published when, since the curve's last published week, the two
     increases are each 0 or at least 5, persons_at_risk(t) is 0 or at least 5, and the
     increases from t to the next published anchor are each 0 or at least 5 (so a published
     anchor stays published: the nation's curve at 13 and 52 weeks).
  A withheld week has its counts, share and interval null (is_suppressed). A ranked
  municipality's whole curve is withheld when the headline comparison withholds its persons or
  persons_awaiting_outcome (fct_municipal_outcomes: the same verdicts, macros/dream_suppression.sql),
  since its persons at risk at week 1 are their sum. The scans are unrolled over the weeks (no
  recursive CTE, which Spark lacks): the curve pivoted to one row per outcome set and area, then
  per week one CTE that decides the week and one that carries the last published counts, each a
  flat expression of the columns before it (its size does not grow with the weeks).
-#}
{%- set curve_weeks = var('time_to_closer_weeks') | int -%}
{%- set weeks = range(1, curve_weeks + 1) -%}
{%- set headline_weeks = var('status_horizon_weeks') | int -%}
{%- set anchors = ([headline_weeks] if headline_weeks < curve_weeks else []) + [curve_weeks] -%}

with estimated as (
    select * from {{ ref('int_municipal_time_to_closer_estimated') }}
),

ranked as (
    select * from {{ ref('int_municipal_outcomes_ranked') }}
),

headline_rows as (
    select * from ranked
    where is_headline
),

{{ dream_municipal_cells_protected(
    'headline_rows', 'headline', ['measure', 'horizon_weeks', 'is_headline', 'is_municipality', 'is_ranked']) }},

published_areas as (
    select
        outcome_set,
        municipality_code,
        not (is_persons_suppressed or is_awaiting_suppressed) as is_curve_published
    from headline
    where is_ranked
),

curves as (
    select
        estimated.outcome_set,
        estimated.municipality_code,
        estimated.municipality_name,
        estimated.is_national,
        estimated.weeks_after_end,
        estimated.persons_at_risk,
        estimated.persons_reached_cum,
        estimated.persons_censored_cum,
        estimated.share_reached,
        estimated.share_ci_low,
        estimated.share_ci_high,
        coalesce(published_areas.is_curve_published, estimated.is_national) as is_curve_published
    from estimated
    left join published_areas
        on
            estimated.outcome_set = published_areas.outcome_set
            and estimated.municipality_code = published_areas.municipality_code
    where estimated.is_national or published_areas.municipality_code is not null
),

pivoted as (
    select
        {%- for week in weeks %}
        max(case when weeks_after_end = {{ week }} then persons_at_risk end) as at_risk_{{ week }},
        max(case when weeks_after_end = {{ week }} then persons_reached_cum end) as reached_{{ week }},
        max(case when weeks_after_end = {{ week }} then persons_censored_cum end) as censored_{{ week }},
        {%- endfor %}
        outcome_set,
        municipality_code
    from curves
    group by outcome_set, municipality_code
),

{#- the anchor weeks first, a greedy scan of their own from week 0 -#}
anchors_0 as (
    select
        pivoted.*,
        0 as anchor_reached_0,
        0 as anchor_censored_0
    from pivoted
),
{%- for anchor in anchors %}
{%- set previous = loop.index0 %}

anchors_{{ loop.index }}_decided as (
    select
        anchors_{{ previous }}.*,
        not (
            {{ dream_is_small_count('reached_' ~ anchor ~ ' - anchor_reached_' ~ previous) }}
            or {{ dream_is_small_count('censored_' ~ anchor ~ ' - anchor_censored_' ~ previous) }}
            or {{ dream_is_small_count('at_risk_' ~ anchor) }}
        ) as is_anchor_published_{{ anchor }}
    from anchors_{{ previous }}
),

anchors_{{ loop.index }} as (
    select
        anchors_{{ loop.index }}_decided.*,
        case
            when is_anchor_published_{{ anchor }} then reached_{{ anchor }} else anchor_reached_{{ previous }}
        end as anchor_reached_{{ loop.index }},
        case
            when is_anchor_published_{{ anchor }} then censored_{{ anchor }} else anchor_censored_{{ previous }}
        end as anchor_censored_{{ loop.index }}
    from anchors_{{ loop.index }}_decided
),
{%- endfor %}

{#- then every week: an anchor as decided; another week when safe from the last published week
    and to the next published anchor -#}
scan_0 as (
    select
        anchors_{{ anchors | length }}.*,
        0 as last_reached_0,
        0 as last_censored_0
    from anchors_{{ anchors | length }}
),
{%- for week in weeks %}
{%- set later_anchors = anchors | select('>', week) | list %}

scan_{{ week }}_decided as (
    select
        scan_{{ week - 1 }}.*,
        {%- if week in anchors %}
        is_anchor_published_{{ week }} as is_published_{{ week }}
        {%- else %}
        not (
            {{ dream_is_small_count('reached_' ~ week ~ ' - last_reached_' ~ (week - 1)) }}
            or {{ dream_is_small_count('censored_' ~ week ~ ' - last_censored_' ~ (week - 1)) }}
            or {{ dream_is_small_count('at_risk_' ~ week) }}
        )
        {%- if later_anchors %}
        and case
            {%- for anchor in later_anchors %}
            when is_anchor_published_{{ anchor }} then not (
                {{ dream_is_small_count('reached_' ~ anchor ~ ' - reached_' ~ week) }}
                or {{ dream_is_small_count('censored_' ~ anchor ~ ' - censored_' ~ week) }}
            )
            {%- endfor %}
            else true
        end
        {%- endif %} as is_published_{{ week }}
        {%- endif %}
    from scan_{{ week - 1 }}
),

scan_{{ week }} as (
    select
        scan_{{ week }}_decided.*,
        case
            when is_published_{{ week }} then reached_{{ week }} else last_reached_{{ week - 1 }}
        end as last_reached_{{ week }},
        case
            when is_published_{{ week }} then censored_{{ week }} else last_censored_{{ week - 1 }}
        end as last_censored_{{ week }}
    from scan_{{ week }}_decided
),
{%- endfor %}

scanned as (
    select
        curves.outcome_set,
        curves.municipality_code,
        curves.municipality_name,
        curves.is_national,
        curves.weeks_after_end,
        curves.persons_at_risk,
        curves.persons_reached_cum,
        curves.persons_censored_cum,
        curves.share_reached,
        curves.share_ci_low,
        curves.share_ci_high,
        curves.is_curve_published and case curves.weeks_after_end
            {%- for week in weeks %}
            when {{ week }} then scan.is_published_{{ week }}
            {%- endfor %}
        end as is_published
    from curves
    inner join scan_{{ curve_weeks }} as scan
        on
            curves.outcome_set = scan.outcome_set
            and curves.municipality_code = scan.municipality_code
),

final as (
    select
        cast(outcome_set as {{ dream_text_type() }}) as outcome_set,
        cast(municipality_code as integer) as municipality_code,
        cast(municipality_name as {{ dream_text_type() }}) as municipality_name,
        is_national,
        cast(weeks_after_end as integer) as weeks_after_end,
        cast(case when is_published then persons_at_risk end as integer) as persons_at_risk,
        cast(case when is_published then persons_reached_cum end as integer) as persons_reached_cum,
        cast(case when is_published then persons_censored_cum end as integer) as persons_censored_cum,
        cast(case when is_published then share_reached end as {{ dream_float_type() }}) as share_reached,
        cast(case when is_published then share_ci_low end as {{ dream_float_type() }}) as share_ci_low,
        cast(case when is_published then share_ci_high end as {{ dream_float_type() }}) as share_ci_high,
        not is_published as is_suppressed
    from scanned
)

select
    outcome_set,
    municipality_code,
    municipality_name,
    is_national,
    weeks_after_end,
    persons_at_risk,
    persons_reached_cum,
    persons_censored_cum,
    share_reached,
    share_ci_low,
    share_ci_high,
    is_suppressed
from final

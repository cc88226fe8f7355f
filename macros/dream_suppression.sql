{#-
  Safe publication: person counts below var('min_published_count') (5) never reach a
  published mart, nor any value that would let one be worked out.
-#}

{#- Primary suppression: true when a count is 1 .. min_published_count - 1. -#}
{% macro dream_is_small_count(count_expr) -%}
    ({{ count_expr }} between 1 and {{ (var('min_published_count') | int) - 1 }})
{%- endmacro %}


{#-
  Whether a share of a published persons count may be published (a case-mix descriptor of
  fct_municipal_risk_adjusted_outcomes): share x persons is a count of persons, and so is the rest;
  neither may be small. fct_municipal_outcome_breakdowns takes the counts so published as known.
-#}
{% macro dream_is_share_of_persons_published(share_expr, persons_expr) -%}
    (not {{ dream_is_small_count('round(' ~ share_expr ~ ' * ' ~ persons_expr ~ ')') }}
    and not {{ dream_is_small_count(persons_expr ~ ' - round(' ~ share_expr ~ ' * ' ~ persons_expr ~ ')') }})
{%- endmacro %}

{#-
  Complementary suppression, as a chain of CTEs after `source_cte`: in every additive
  relation (the cells of one partition add up to a published total), a lone suppressed
  cell could be worked out from the total and the others, so the smallest other cell
  (non-zero first) is suppressed with it. `partitionings` lists the relations (each a
  list of columns); they are applied in turn, `rounds` times, since suppressing in one
  relation can leave a lone cell in another. `flag` (a boolean column of source_cte,
  the primary suppression) is updated, by the counts of column `value`; `value` and `flag` may
  also be lists of as many counts and flags, protected side by side in the same chain (each
  flag by its own count, as separate chains would: fewer and shallower CTEs); `columns` are
  the other columns carried through;
  `tie_breakers` order cells of equal value, so that the same counts get the same
  verdict in every outcome set; `last` (an optional boolean expression) marks cells taken only
  when no other is left (totals published by another mart); the last CTE is named `name`. A cell whose partitioning
  columns hold a null belongs to no relation of that partitioning (e.g. `ranked_set`, the
  outcome set of a ranked municipality, null for the others). tests:
  pytests/test_safe_publication.py proves on the calibrated scenario (and the small extracts
  of pytests/test_small_extracts.py) that no suppressed count can be worked out from the marts.
-#}
{% macro dream_complementary_suppression(source_cte, name, columns, value, flag, partitionings, tie_breakers, rounds=3, last=none) -%}
    {%- set values = [value] if value is string else value -%}
    {%- set flags = [flag] if flag is string else flag -%}
    {%- set ns = namespace(previous=source_cte) -%}
    {%- for round in range(rounds) -%}
        {%- for partition in partitionings -%}
            {%- set is_last = loop.last and round == rounds - 1 -%}
            {%- set current = name if is_last else name ~ '_' ~ round ~ '_' ~ loop.index %}
{{ current }}_ordered as (
    select
        {%- for column in columns + flags %}
        {{ column }},
        {%- endfor %}
        {%- for count_flag in flags %}
        {%- set count_value = values[loop.index0] %}
        case when {{ partition | join(' is not null and ') }} is not null then
            sum(case when {{ count_flag }} then 1 else 0 end) over (partition by {{ partition | join(', ') }})
        end as suppressed_in_relation_{{ loop.index }},
        row_number() over (
            partition by {{ partition | join(', ') }}, {{ count_flag }}
            order by
                case {%- if last is not none %} when {{ last }} then 2{% endif %} when {{ count_value }} = 0 then 1 else 0 end,
                {{ count_value }}, {{ tie_breakers | join(', ') }}
        ) as size_order_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ns.previous }}
),

{{ current }} as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        {%- for count_flag in flags %}
        {{ count_flag }} or coalesce(
            suppressed_in_relation_{{ loop.index }} = 1 and not {{ count_flag }} and size_order_{{ loop.index }} = 1, false
        ) as {{ count_flag }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ current }}_ordered
){{ ',' if not is_last }}
            {%- set ns.previous = current -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endmacro %}


{#-
  The published counts of a row of outcome counts with its verdicts (is_persons_suppressed,
  is_awaiting_suppressed, is_closer_suppressed), as select-list items: persons,
  persons_awaiting_outcome and persons_closer (integers, null when withheld) and the share closer
  with its interval (dream_share_columns), null when either of its counts is withheld. The one
  way every published outcome mart casts its cells.
-#}
{% macro dream_published_outcome_counts() -%}
    cast(case when not is_persons_suppressed then persons end as integer) as persons,
        cast(case when not is_awaiting_suppressed then persons_awaiting_outcome end as integer)
            as persons_awaiting_outcome,
        cast(case when not is_closer_suppressed then persons_closer end as integer) as persons_closer,
        {{ dream_share_columns(
            'case when not (is_persons_suppressed or is_closer_suppressed) then persons_closer end',
            'case when not (is_persons_suppressed or is_closer_suppressed) then persons end') }}
{%- endmacro %}


{#-
  The primary-suppression flags of a row of outcome counts (persons, persons_awaiting_outcome,
  persons_closer): is_persons_suppressed, is_awaiting_suppressed, is_closer_suppressed (a
  closer count goes with a withheld persons count too). `withheld` (an optional column prefix)
  names boolean columns <prefix>persons, <prefix>persons_awaiting_outcome, <prefix>persons_closer
  that withhold a cell whatever its count. `margins`: a row with is_margin is a total published
  by another mart, its verdicts given (margin_persons_withheld, margin_awaiting_withheld,
  margin_closer_withheld).
-#}
{% macro dream_outcome_count_flags(withheld=none, margins=false) -%}
    {%- set exprs = {
        'is_persons_suppressed': dream_is_small_count('persons'),
        'is_awaiting_suppressed': dream_is_small_count('persons_awaiting_outcome'),
        'is_closer_suppressed': dream_is_small_count('persons_closer') ~ ' or ' ~ dream_is_small_count('persons'),
    } -%}
    {%- set withheld_columns = {'is_persons_suppressed': 'persons', 'is_awaiting_suppressed': 'persons_awaiting_outcome',
        'is_closer_suppressed': 'persons_closer'} -%}
    {%- set margin_columns = {'is_persons_suppressed': 'margin_persons_withheld',
        'is_awaiting_suppressed': 'margin_awaiting_withheld', 'is_closer_suppressed': 'margin_closer_withheld'} -%}
    {%- for flag in ['is_persons_suppressed', 'is_awaiting_suppressed', 'is_closer_suppressed'] -%}
        {%- set expr = exprs[flag] ~ ((' or ' ~ withheld ~ withheld_columns[flag]) if withheld is not none else '') -%}
        {%- if margins -%}
            {%- set expr = 'case when is_margin then ' ~ margin_columns[flag] ~ ' else ' ~ expr ~ ' end' -%}
        {%- endif %}
        {{ expr }} as {{ flag }}{{ ',' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{#-
  Safe publication of the municipal cells (persons, persons_awaiting_outcome, persons_closer
  of an outcome set and place), as a chain of CTEs after `source_cte`, the last named
  `name`: the flags is_persons_suppressed, is_awaiting_suppressed and is_closer_suppressed
  added to `columns` (carried through). source_cte holds exact counts and outcome_set,
  municipality_code, is_municipality, is_ranked. The published relations protected:
  the places add up to the nation (per outcome set); the non-municipal codes add up to
  fct_national_outcomes.persons_non_municipal; and the shares of the ranked municipalities
  add up to their number times mean_share_ranked (sum of closer_i / persons_i), so a
  withheld closer count never stands alone among the ranked. A closer count goes with a
  withheld persons count. fct_municipal_outcomes and fct_municipal_risk_adjusted_outcomes
  both call this on the same rows (int_municipal_outcomes_ranked): the same verdicts.
  `by` (columns of source_cte) splits every relation: fct_municipal_outcome_history protects
  each vintage's cells by ['vintage_last_week'] (with by=[] the SQL is the marts' own).
  `withheld` (an optional column prefix, e.g. 'withheld_') names boolean columns of
  source_cte, <prefix>persons, <prefix>persons_awaiting_outcome and <prefix>persons_closer,
  that withhold a cell whatever its count (cells withheld by an earlier pass or another rule);
  they are carried through.
-#}
{% macro dream_municipal_cells_protected(source_cte, name, columns, by=[], withheld=none) -%}
    {%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] -%}
    {%- set keys = by + ['outcome_set', 'municipality_code', 'ranked_set', 'non_municipal_set'] -%}
    {%- set extra = [] -%}
    {%- if withheld is not none -%}{%- for count in counts -%}{%- do extra.append(withheld ~ count) -%}{%- endfor -%}{%- endif -%}
    {%- set carried = keys + (columns | reject('in', keys + counts + extra) | list) + extra + counts %}
{{ name }}_flagged as (
    select
        {{ carried | reject('in', ['ranked_set', 'non_municipal_set']) | join(',\n        ') }},
        case when is_ranked then outcome_set end as ranked_set,
        case when not is_municipality then outcome_set end as non_municipal_set,
        {{ dream_outcome_count_flags(withheld) }}
    from {{ source_cte }}
),

{{ dream_complementary_suppression(
    name ~ '_flagged', name ~ '_persons', carried + ['is_awaiting_suppressed', 'is_closer_suppressed'],
    'persons', 'is_persons_suppressed', [by + ['outcome_set'], by + ['non_municipal_set']], ['municipality_code'],
    rounds=2) }},
{{ dream_complementary_suppression(
    name ~ '_persons', name ~ '_awaiting', carried + ['is_persons_suppressed', 'is_closer_suppressed'],
    'persons_awaiting_outcome', 'is_awaiting_suppressed', [by + ['outcome_set']], ['municipality_code'],
    rounds=1) }},

{{ name }}_closer_flagged as (
    select
        {{ carried | join(',\n        ') }},
        is_persons_suppressed,
        is_awaiting_suppressed,
        is_closer_suppressed or is_persons_suppressed as is_closer_suppressed
    from {{ name }}_awaiting
),

{{ dream_complementary_suppression(
    name ~ '_closer_flagged', name, carried + ['is_persons_suppressed', 'is_awaiting_suppressed'],
    'persons_closer', 'is_closer_suppressed', [by + ['outcome_set'], by + ['ranked_set']], ['municipality_code'],
    rounds=2) }}
{%- endmacro %}


{#-
  Safe publication of the half-year cells of fct_municipal_outcome_trends (persons,
  persons_awaiting_outcome, persons_closer of an outcome set, area and end half-year), as a
  chain of CTEs after `source_cte`, the last named `name`: the flags is_persons_suppressed,
  is_awaiting_suppressed and is_closer_suppressed added to `columns` (carried through). Each
  count adds up over the half-years of an area (to the area's total) and over the areas of a
  half-year (to the national series). `by` splits every relation: fct_municipal_outcome_history
  recomputes each vintage's trend verdicts with ['vintage_last_week'].
-#}
{% macro dream_trend_cells_protected(source_cte, name, columns, by=[], withheld=none, margins=false) -%}
    {%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] -%}
    {%- set keys = by + ['outcome_set', 'municipality_code', 'end_half_year'] -%}
    {%- set extra = [] -%}
    {%- if withheld is not none -%}{%- for count in counts -%}{%- do extra.append(withheld ~ count) -%}{%- endfor -%}{%- endif -%}
    {%- set carried = keys + (columns | reject('in', keys + counts + extra) | list) + extra + counts -%}
    {%- set relations = [by + ['outcome_set', 'municipality_code'], by + ['outcome_set', 'end_half_year']] -%}
    {%- set order = ['municipality_code', 'end_half_year'] -%}
    {%- set last = 'is_margin' if margins else none %}
{{ name }}_flagged as (
    select
        {{ carried | join(',\n        ') }},
        {{ dream_outcome_count_flags(withheld, margins) }}
    from {{ source_cte }}
),

{#- the three counts' relations are independent: protected side by side #}
{{ dream_complementary_suppression(
    name ~ '_flagged', name, carried, counts, ['is_persons_suppressed', 'is_awaiting_suppressed', 'is_closer_suppressed'],
    relations, order, last=last) }}
{%- endmacro %}


{#-
  Safe publication across the slices of the outcome marts (a slice: a measure, point_in_time
  or lasting, at a horizon), as a chain of CTEs after `source_cte`, the last named `name`:
  the flags is_persons_suppressed, is_awaiting_suppressed and is_closer_suppressed added to
  `columns` (carried through). source_cte holds exact counts with measure, horizon_weeks and
  is_headline (the published figures' slice: point_in_time at the headline horizon).
  `cells`: 'municipal' (dream_municipal_cells_protected: places, ranked, non-municipal) or
  'trend' (dream_trend_cells_protected: areas by end half-year; `margins`: the source holds the
  areas' totals too, is_margin rows with end_half_year null and the municipal mart's verdicts).
  1. The headline slice is protected alone, exactly as before the slices existed (its
     verdicts, and the published 13-week figures, do not depend on the other slices).
  2. The other slices, each with every relation split by slice, also withhold:
     - persons and persons_awaiting_outcome together (the pair rule): both add up to the
       same persons ended in every slice, so one published beside the other's published
       total would give it away; and both when the headline slice does not publish both;
     - a count that differs by 1 .. min_published_count - 1 from the same cell's count in a
       slice published before it (the headline, then point_in_time, then lasting, shorter
       horizons first) that is not small itself (persons and awaiting against every such
       slice; closer against point_in_time at the same horizon, whose closer persons hold the
       lasting ones): the difference is itself a small count of persons.
     Complementary suppression then runs within each slice, the pair rule is closed again,
     `rounds` times, since a complementary cell can break a pair.
  pytests/test_safe_publication.py proves on the calibrated scenario that no withheld count of
  any slice can be worked out from the marts.
-#}
{% macro dream_slice_cells_protected(source_cte, name, columns, cells='municipal', rounds=3, margins=false) -%}
    {%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] -%}
    {%- set flags = ['is_persons_suppressed', 'is_awaiting_suppressed', 'is_closer_suppressed'] -%}
    {%- set cell_keys = ['outcome_set', 'municipality_code'] + (['end_half_year'] if cells == 'trend' else []) -%}
    {%- set slice_keys = ['measure', 'horizon_weeks'] -%}
    {%- set carried = slice_keys + ['is_headline'] + cell_keys
        + (columns | reject('in', slice_keys + ['is_headline'] + cell_keys + counts) | list) -%}
    {%- set small = (var('min_published_count') | int) - 1 -%}
{{ name }}_headline_rows as (
    select * from {{ source_cte }}
    where is_headline
),

{{ dream_slice_protect(cells, name ~ '_headline_rows', name ~ '_headline', carried, margins=margins) }},

{{ name }}_differences as (
    {#- against the cells of a slice published before it (the headline first, then point_in_time,
        then lasting, shorter horizons first), unless that cell is small and withheld anyway #}
    select
        {%- for key in slice_keys + cell_keys %}
        slice.{{ key }},
        {%- endfor %}
        {%- for count in counts %}
        max(
            case
                when
                    abs(slice.{{ count }} - other.{{ count }}) between 1 and {{ small }}
                    and not {{ dream_is_small_count('other.' ~ count) }}
                    {%- if count == 'persons_closer' %}
                    and slice.horizon_weeks = other.horizon_weeks
                    {%- endif %}
                    then 1
                else 0
            end
        ) = 1 as differs_{{ count }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ source_cte }} as slice
    inner join {{ source_cte }} as other
        on
            {%- for key in cell_keys %}
            slice.{{ key }} = other.{{ key }}
            and {% endfor -%}
            (
                other.is_headline
                or (other.measure = 'point_in_time' and slice.measure = 'lasting')
                or (other.measure = slice.measure and other.horizon_weeks < slice.horizon_weeks)
            )
    where not slice.is_headline
    group by
        {%- for key in slice_keys + cell_keys %}
        slice.{{ key }}{{ ',' if not loop.last }}
        {%- endfor %}
),

{{ name }}_others_0 as (
    select
        {%- for column in carried %}
        slice.{{ column }},
        {%- endfor %}
        {%- for count in counts %}
        slice.{{ count }},
        {%- endfor %}
        {#- the pair: either count small, either differing, or the headline's pair not published whole #}
        coalesce(
            {{ dream_is_small_count('slice.persons') }} or {{ dream_is_small_count('slice.persons_awaiting_outcome') }}
            or differences.differs_persons or differences.differs_persons_awaiting_outcome
            or headline.is_persons_suppressed or headline.is_awaiting_suppressed,
            false
        ) as withheld_persons,
        coalesce(
            {{ dream_is_small_count('slice.persons') }} or {{ dream_is_small_count('slice.persons_awaiting_outcome') }}
            or differences.differs_persons or differences.differs_persons_awaiting_outcome
            or headline.is_persons_suppressed or headline.is_awaiting_suppressed,
            false
        ) as withheld_persons_awaiting_outcome,
        coalesce(differences.differs_persons_closer, false) as withheld_persons_closer
    from {{ source_cte }} as slice
    left join {{ name }}_differences as differences
        on
            {%- for key in slice_keys + cell_keys %}
            slice.{{ key }} = differences.{{ key }}{{ ' and' if not loop.last }}
            {%- endfor %}
    left join {{ name }}_headline as headline
        on
            {%- for key in cell_keys %}
            slice.{{ key }} = headline.{{ key }}{{ ' and' if not loop.last }}
            {%- endfor %}
    where not slice.is_headline
),
{%- for round in range(rounds) %}

{{ dream_slice_protect(
    cells, name ~ '_others_' ~ round, name ~ '_protected_' ~ round, carried, by=slice_keys, withheld='withheld_',
    margins=margins) }},

{{ name }}_others_{{ round + 1 }} as (
    select
        {%- for column in carried + counts %}
        {{ column }},
        {%- endfor %}
        is_persons_suppressed or is_awaiting_suppressed as withheld_persons,
        is_persons_suppressed or is_awaiting_suppressed as withheld_persons_awaiting_outcome,
        is_closer_suppressed as withheld_persons_closer
    from {{ name }}_protected_{{ round }}
),
{%- endfor %}

{{ name }} as (
    select
        {%- for column in carried + counts + flags %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ name }}_headline
    union all
    select
        {%- for column in carried + counts %}
        {{ column }},
        {%- endfor %}
        withheld_persons as is_persons_suppressed,
        withheld_persons_awaiting_outcome as is_awaiting_suppressed,
        withheld_persons_closer as is_closer_suppressed
    from {{ name }}_others_{{ rounds }}
)
{%- endmacro %}


{#-
  Safe publication of a breakdown table (fct_municipal_outcome_breakdowns), as a chain of CTEs
  after `source_cte`, the last named `name`: the flags is_persons_suppressed,
  is_awaiting_suppressed and is_closer_suppressed added to `columns` (carried through). Per
  outcome set and breakdown the cells form a table, areas by groups, with margins:
  - each area's groups add up to its margin (is_margin rows, breakdown_group '_total'): the
    area's cell in fct_municipal_outcomes (its verdict, margin_<kind>_withheld, given), the
    nation's in fct_national_outcomes, the rest's (municipality_code -1: an unknown municipality
    or a non-municipal code) in its persons_unknown_municipality + persons_non_municipal;
  - each group's areas (the 98 and the rest) add up to the nation's group;
  - an area's age_10 bands add up to its age_40 group (age_40_group: the rows of both breakdowns).
  A lone withheld cell in either relation takes the smallest other cell with it; a margin, published
  by another mart, is taken last (only when its area has no other cell; `last` may name more such
  cells, e.g. counts another mart gives away through a share). The rest's cells are never
  published, but taken here as known unless small (as an attacker who knew them would), so no
  withheld cell can be worked out even from them. A closer count goes with its persons count.
-#}
{% macro dream_breakdown_cells_protected(source_cte, name, columns, last='is_margin') -%}
    {%- set counts = ['persons', 'persons_awaiting_outcome', 'persons_closer'] -%}
    {%- set keys = ['outcome_set', 'breakdown', 'breakdown_group', 'municipality_code', 'group_key', 'age_40_group',
        'is_margin'] -%}
    {%- set carried = keys + (columns | reject('in', keys + counts) | list) + counts -%}
    {%- set relations = [['outcome_set', 'breakdown', 'municipality_code'], ['outcome_set', 'breakdown', 'group_key'],
        ['outcome_set', 'municipality_code', 'age_40_group']] -%}
    {%- set order = ['municipality_code', 'breakdown', 'breakdown_group'] %}
{{ name }}_flagged as (
    select
        {{ carried | reject('in', ['group_key']) | join(',\n        ') }},
        case when not is_margin then breakdown_group end as group_key,
        case
            when is_margin then margin_persons_withheld
            else {{ dream_is_small_count('persons') }}
        end as is_persons_suppressed,
        case
            when is_margin then margin_awaiting_withheld
            else {{ dream_is_small_count('persons_awaiting_outcome') }}
        end as is_awaiting_suppressed,
        case
            when is_margin then margin_closer_withheld
            else {{ dream_is_small_count('persons_closer') }} or {{ dream_is_small_count('persons') }}
        end as is_closer_suppressed
    from {{ source_cte }}
),

{#- persons and awaiting side by side (independent relations); closer then goes with persons #}
{{ dream_complementary_suppression(
    name ~ '_flagged', name ~ '_awaiting', carried + ['is_closer_suppressed'],
    ['persons', 'persons_awaiting_outcome'], ['is_persons_suppressed', 'is_awaiting_suppressed'],
    relations, order, last=last) }},

{{ name }}_closer_flagged as (
    select
        {{ carried | join(',\n        ') }},
        is_persons_suppressed,
        is_awaiting_suppressed,
        is_closer_suppressed or (is_persons_suppressed and not is_margin) as is_closer_suppressed
    from {{ name }}_awaiting
),

{{ dream_complementary_suppression(
    name ~ '_closer_flagged', name, carried + ['is_persons_suppressed', 'is_awaiting_suppressed'],
    'persons_closer', 'is_closer_suppressed', relations, order, last=last) }}
{%- endmacro %}


{#- The protection of one kind of cells (dream_slice_cells_protected): municipal or trend. -#}
{% macro dream_slice_protect(cells, source_cte, name, columns, by=[], withheld=none, margins=false) -%}
    {%- if cells == 'municipal' -%}
        {{ dream_municipal_cells_protected(source_cte, name, columns, by=by, withheld=withheld) }}
    {%- else -%}
        {{ dream_trend_cells_protected(source_cte, name, columns, by=by, withheld=withheld, margins=margins) }}
    {%- endif -%}
{%- endmacro %}


{#-
  Safe publication of curves over the weeks (fct_municipal_time_to_closer), as a chain of CTEs
  after `source_cte`, the last named `name`: one row per outcome_set, municipality_code and
  weeks_after_end 1 .. `curve_weeks` with is_published. source_cte holds, per outcome_set,
  municipality_code (a curve) and weeks_after_end, the exact counts persons_at_risk,
  persons_reached_cum and persons_censored_cum (every week present). Greedy scans, so that every
  published count is 0 or at least min_published_count, and so is every step between two
  consecutive published weeks of a curve:
  1. the `anchors` (weeks, ascending) first: an anchor is published when, since the last
     published anchor (at the start: week 0, nothing reached or censored), the increases of
     reached and of censored are each 0 or >= min_published_count, and at risk is too;
  2. every other week t: when, since the curve's last published week, the two increases are
     each 0 or >= min_published_count, at risk(t) is too, and so are the increases from t to
     the next published anchor (which then stays published).
  No recursive CTE (Spark has none): the curve is pivoted to one row, then each step is one CTE
  that decides the week from the last published counts (worked out from the step before), a
  flat expression of the columns before it, so the SQL grows linearly with the weeks on every engine.
-#}
{% macro dream_curve_weeks_published(source_cte, name, curve_weeks, anchors) -%}
    {%- set weeks = range(1, curve_weeks + 1) -%}
    {%- set n_anchors = anchors | length %}
{{ name }}_pivoted as (
    select
        {%- for week in weeks %}
        max(case when weeks_after_end = {{ week }} then persons_at_risk end) as at_risk_{{ week }},
        max(case when weeks_after_end = {{ week }} then persons_reached_cum end) as reached_{{ week }},
        max(case when weeks_after_end = {{ week }} then persons_censored_cum end) as censored_{{ week }},
        {%- endfor %}
        outcome_set,
        municipality_code
    from {{ source_cte }}
    group by outcome_set, municipality_code
),

{{ name }}_anchors_0 as (
    select
        {{ name }}_pivoted.*,
        0 as anchor_reached_0,
        0 as anchor_censored_0
    from {{ name }}_pivoted
),
{%- for anchor in anchors %}
{%- set previous = loop.index0 %}

{{ name }}_anchors_{{ loop.index }}_decided as {{ dream_cte_materialized() }}(
    select
        {{ name }}_anchors_{{ previous }}.*,
        not (
            {{ dream_is_small_count('reached_' ~ anchor ~ ' - anchor_reached_' ~ previous) }}
            or {{ dream_is_small_count('censored_' ~ anchor ~ ' - anchor_censored_' ~ previous) }}
            or {{ dream_is_small_count('at_risk_' ~ anchor) }}
        ) as is_anchor_published_{{ anchor }}
    from {{ name }}_anchors_{{ previous }}
),

{{ name }}_anchors_{{ loop.index }} as {{ dream_cte_materialized() }}(
    select
        {{ name }}_anchors_{{ loop.index }}_decided.*,
        case
            when is_anchor_published_{{ anchor }} then reached_{{ anchor }} else anchor_reached_{{ previous }}
        end as anchor_reached_{{ loop.index }},
        case
            when is_anchor_published_{{ anchor }} then censored_{{ anchor }} else anchor_censored_{{ previous }}
        end as anchor_censored_{{ loop.index }}
    from {{ name }}_anchors_{{ loop.index }}_decided
),
{%- endfor %}

{{ name }}_scan_0 as (
    select
        {{ name }}_anchors_{{ n_anchors }}.*,
        0 as last_reached_0,
        0 as last_censored_0
    from {{ name }}_anchors_{{ n_anchors }}
),
{%- for week in weeks %}
{%- set later_anchors = anchors | select('>', week) | list %}
{#- the counts at the curve's last published week before this one: from week 2 on, worked out here
    from the previous step's verdict (one CTE per week) and carried on as last_*_<week - 1> #}
{%- if week == 1 %}
{%- set last_reached = 'last_reached_0' %}
{%- set last_censored = 'last_censored_0' %}
{%- else %}
{%- set last_reached = '(case when is_published_' ~ (week - 1) ~ ' then reached_' ~ (week - 1)
    ~ ' else last_reached_' ~ (week - 2) ~ ' end)' %}
{%- set last_censored = '(case when is_published_' ~ (week - 1) ~ ' then censored_' ~ (week - 1)
    ~ ' else last_censored_' ~ (week - 2) ~ ' end)' %}
{%- endif %}

{{ name }}_scan_{{ week }} as {{ dream_cte_materialized() }}(
    select
        {{ name }}_scan_{{ week - 1 }}.*,
        {%- if week > 1 %}
        {{ last_reached }} as last_reached_{{ week - 1 }},
        {{ last_censored }} as last_censored_{{ week - 1 }},
        {%- endif %}
        {%- if week in anchors %}
        is_anchor_published_{{ week }} as is_published_{{ week }}
        {%- else %}
        not (
            {{ dream_is_small_count('reached_' ~ week ~ ' - ' ~ last_reached) }}
            or {{ dream_is_small_count('censored_' ~ week ~ ' - ' ~ last_censored) }}
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
    from {{ name }}_scan_{{ week - 1 }}
),
{%- endfor %}

{{ name }} as (
    select
        curve_points.outcome_set,
        curve_points.municipality_code,
        curve_points.weeks_after_end,
        case curve_points.weeks_after_end
            {%- for week in weeks %}
            when {{ week }} then scan.is_published_{{ week }}
            {%- endfor %}
        end as is_published
    from {{ source_cte }} as curve_points
    inner join {{ name }}_scan_{{ curve_weeks }} as scan
        on
            curve_points.outcome_set = scan.outcome_set
            and curve_points.municipality_code = scan.municipality_code
)
{%- endmacro %}

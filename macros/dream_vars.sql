{#-
  The analysis vars (dbt_project.yml `vars:`), checked before anything is built: the
  on-run-start hook calls dream_validate_vars first, and every model that reads the
  weeks (dream_analysis_weeks, at the end of this file: the week indexes the vars give)
  gets them through it. A var that makes no sense stops the build with one line: which
  var, which value, why.
-#}

{#- Stops the build: "var '<name>' = '<value>': <why>". -#}
{% macro dream_var_error(name, value, why) -%}
    {{ exceptions.raise_compiler_error("var '" ~ name ~ "' = '" ~ value ~ "': " ~ why) }}
{%- endmacro %}


{#-
  Parse a 'YYYY-Www' var into [year, week]: a malformed label, or a week the ISO year
  does not have (week 53 exists only in years with 53 ISO weeks), stops the build.
-#}
{% macro dream_parse_week_label(label, var_name) -%}
    {%- set text = label | string | trim -%}
    {%- set match = modules.re.fullmatch('([0-9]{4})-W([0-9]{2})', text) -%}
    {%- if not match -%}
        {{ dream_var_error(var_name, text, "not an ISO week written YYYY-Www (e.g. 2013-W01)") }}
    {%- endif -%}
    {%- set year = match.group(1) | int -%}
    {%- set week = match.group(2) | int -%}
    {#- 28 December always lies in the last ISO week of its year -#}
    {%- set weeks_in_year = modules.datetime.date(year, 12, 28).isocalendar()[1] -%}
    {%- if week < 1 or week > weeks_in_year -%}
        {{ dream_var_error(var_name, text, year ~ " has ISO weeks 01 to " ~ weeks_in_year ~ " (no week " ~ match.group(2) ~ ")") }}
    {%- endif -%}
    {%- if (year, week) < (1991, 32) -%}
        {{ dream_var_error(var_name, text, "DREAM starts in 1991-W32; no earlier week exists") }}
    {%- endif -%}
    {{ return([year, week]) }}
{%- endmacro %}


{#- A whole-number var of at least `minimum`. -#}
{% macro dream_check_whole_var(name, minimum) -%}
    {%- set value = var(name) -%}
    {%- if value is boolean or not modules.re.fullmatch('-?[0-9]+', value | string | trim) -%}
        {{ dream_var_error(name, value, "must be a whole number") }}
    {%- endif -%}
    {%- if (value | string | trim | int) < minimum -%}
        {{ dream_var_error(name, value, "must be at least " ~ minimum) }}
    {%- endif -%}
{%- endmacro %}


{#- A share var between 0 and 1. -#}
{% macro dream_check_share_var(name) -%}
    {%- set value = var(name) -%}
    {%- set text = value | string | trim -%}
    {%- if value is boolean or not modules.re.fullmatch('[0-9]*\\.?[0-9]+([eE]-?[0-9]+)?', text)
           or (text | float) > 1 -%}
        {{ dream_var_error(name, value, "must be a share between 0 and 1") }}
    {%- endif -%}
{%- endmacro %}


{#-
  Every analysis var, checked; returns the parsed week labels
  {window_start, window_end, history_start} as [year, week].
-#}
{% macro dream_validate_vars() -%}
    {%- set window_start = dream_parse_week_label(var('analysis_window_start'), 'analysis_window_start') -%}
    {%- set window_end = dream_parse_week_label(var('analysis_window_end'), 'analysis_window_end') -%}
    {%- set history_start = dream_parse_week_label(var('history_start_week'), 'history_start_week') -%}
    {%- if window_end < window_start -%}
        {{ dream_var_error('analysis_window_end', var('analysis_window_end'),
            "the window ends before it starts (analysis_window_start = '" ~ var('analysis_window_start') ~ "')") }}
    {%- endif -%}
    {%- do dream_check_whole_var('episode_gap_weeks', 1) -%}
    {%- do dream_check_whole_var('status_horizon_weeks', 1) -%}
    {%- do dream_check_whole_var('case_mix_weeks', 0) -%}
    {%- do dream_check_whole_var('lasting_run_weeks', 1) -%}
    {%- do dream_check_whole_var('time_to_closer_weeks', 1) -%}
    {%- set follow_up_needed = [
        (var('status_horizon_weeks') | int) + (var('lasting_run_weeks') | int) - 1,
        var('time_to_closer_weeks') | int] | max -%}
    {%- do dream_check_whole_var('follow_up_weeks', follow_up_needed) -%}
    {%- do dream_check_whole_var('min_persons_ranked', 1) -%}
    {%- do dream_check_whole_var('min_published_count', 1) -%}
    {%- do dream_check_share_var('quarantine_warn_rate') -%}
    {%- do dream_check_share_var('quarantine_max_row_share') -%}
    {%- if not modules.re.fullmatch('[A-Za-z0-9_]+', var('default_outcome_set') | string) -%}
        {{ dream_var_error('default_outcome_set', var('default_outcome_set'),
            "must name an outcome set of seeds/dream_outcome_sets.csv") }}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', var('dream_raw_schema') | string) -%}
        {{ dream_var_error('dream_raw_schema', var('dream_raw_schema'), "must be a plain schema name") }}
    {%- endif -%}
    {{ return({'window_start': window_start, 'window_end': window_end, 'history_start': history_start}) }}
{%- endmacro %}


{#-
  The extract's week columns (names as found, trimmed; their weeks from dream_header_weeks)
  must reach into the analysis window: a window wholly before the extract's first week or
  after its last stops the build. Week columns naming no ISO week are ignored here (they
  are quarantined).
-#}
{% macro dream_check_window_covered(path, names) -%}
    {%- set labels = dream_validate_vars() -%}
    {%- set found = [] -%}
    {%- for week in dream_header_weeks(names | map('trim') | list) if week.is_iso_week -%}
        {%- do found.append([week.year, week.week]) -%}
    {%- endfor -%}
    {%- if found -%}
        {%- set first = found | min -%}
        {%- set last = found | max -%}
        {%- set first_label = '%04d-W%02d' | format(first[0], first[1]) -%}
        {%- set last_label = '%04d-W%02d' | format(last[0], last[1]) -%}
        {%- if labels.window_start > last or labels.window_end < first -%}
            {{ exceptions.raise_compiler_error("vars analysis_window_start .. analysis_window_end = '"
                ~ var('analysis_window_start') ~ "' .. '" ~ var('analysis_window_end')
                ~ "': the window lies outside the extract's weeks " ~ first_label ~ " .. " ~ last_label
                ~ " (DREAM_EXTRACT=" ~ path ~ ")") }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#-
  Week-index bounds of the analysis, as SQL expressions, from the vars:
  the analysis window, and the weeks read from the extract
  (read_start = the earlier of history_start_week and the window start: episodes see no
   earlier week; columns_start = read_start less the case_mix_weeks looked back from a
   programme start: the first column read;
   read_end = the window end plus the status horizon, the last week episodes see;
   columns_end = the window end plus follow_up_weeks, the last column read: the weeks
   after read_end are read for the outcomes' statuses only, never for episodes).
-#}
{% macro dream_analysis_weeks() -%}
    {%- set labels = dream_validate_vars() -%}
    {%- set window_start = labels.window_start -%}
    {%- set window_end = labels.window_end -%}
    {%- set history_start = labels.history_start -%}
    {%- set read_start = [history_start, window_start] | min -%}
    {%- set horizon = var('status_horizon_weeks') | int -%}
    {%- set case_mix_weeks = var('case_mix_weeks') | int -%}
    {{ return({
        'window_start_index': dream_week_index(dream_iso_monday(window_start[0], window_start[1])),
        'window_end_index': dream_week_index(dream_iso_monday(window_end[0], window_end[1])),
        'read_start_index': dream_week_index(dream_iso_monday(read_start[0], read_start[1])),
        'columns_start_index': '(' ~ dream_week_index(dream_iso_monday(read_start[0], read_start[1])) ~ ' - ' ~ case_mix_weeks ~ ')',
        'read_end_index': '(' ~ dream_week_index(dream_iso_monday(window_end[0], window_end[1])) ~ ' + ' ~ horizon ~ ')',
        'columns_end_index': '(' ~ dream_week_index(dream_iso_monday(window_end[0], window_end[1])) ~ ' + '
            ~ (var('follow_up_weeks') | int) ~ ')',
    }) }}
{%- endmacro %}

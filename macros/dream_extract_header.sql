{#-
  An extract's header, read once by rules every hook shares: the first line of a text
  extract (dream_header_line), its separator and column names (dream_parse_header), the
  weeks its y_YYWW names stand for (dream_header_weeks, also read by
  dream_check_window_covered), and the checks every warehouse makes on the names
  (dream_check_extract_header). A header that breaks a rule stops the build with one
  message naming the file (dream_extract_error).
-#}

{#- The first value a query returns, as text ('' when it returns no row or a null): the header
    line of a text extract, which each warehouse's hook reads in its own way. -#}
{%- macro dream_header_line(first_line_query) -%}
    {%- set lines = run_query(first_line_query).columns[0].values() -%}
    {{ return(lines[0] if lines | length > 0 and lines[0] is not none else '') }}
{%- endmacro -%}


{#- The separator (';' or ',', whichever the header line holds more of) and the column names
    of a text extract's header line; a line that is no such header stops the build. -#}
{%- macro dream_parse_header(path, header) -%}
    {#- the header is CSV too (RFC 4180): a name holding the separator or a quote is quoted,
        with quotes doubled; separators inside quotes do not count -#}
    {%- set quoted = '"(?:[^"]|"")*"' -%}
    {%- set unquoted = modules.re.sub(quoted, '', header) -%}
    {%- if header == '' or (';' not in unquoted and ',' not in unquoted) -%}
        {{ dream_extract_error(path,
            "not a readable CSV or Parquet file (the first line is not a ';'- or ','-separated header)") }}
    {%- endif -%}
    {%- set delimiter = ';' if unquoted.count(';') >= unquoted.count(',') else ',' -%}
    {%- set names = [] -%}
    {%- for field in modules.re.findall('(?:^|' ~ delimiter ~ ')(' ~ quoted ~ '|[^' ~ delimiter ~ ']*)', header) -%}
        {%- set name = field.strip() -%}
        {%- if name.startswith('"') and name.endswith('"') and name | length > 1 -%}
            {%- set name = name[1:-1] | replace('""', '"') -%}
        {%- endif -%}
        {%- do names.append(name) -%}
    {%- endfor -%}
    {{ return({'delimiter': delimiter, 'names': names}) }}
{%- endmacro -%}


{#-
  The y_YYWW names among the given ones (y or Y, an underscore and four digits; the names as
  given, not trimmed), in their order, each as {name, year, week, is_iso_week}: YY 91-99 is
  19YY, 00-90 is 20YY; is_iso_week is false for a week its ISO year does not have (week 00,
  y_1453: 2014 has 52 weeks), whose cells are quarantined.
-#}
{%- macro dream_header_weeks(names) -%}
    {%- set weeks = [] -%}
    {%- for name in names -%}
        {%- set match = modules.re.fullmatch('[yY]_([0-9]{2})([0-9]{2})', name) -%}
        {%- if match -%}
            {%- set yy = match.group(1) | int -%}
            {%- set year = (1900 if yy >= 91 else 2000) + yy -%}
            {%- set week = match.group(2) | int -%}
            {#- 28 December always lies in the last ISO week of its year -#}
            {%- do weeks.append({
                'name': name, 'year': year, 'week': week,
                'is_iso_week': week >= 1 and week <= modules.datetime.date(year, 12, 28).isocalendar()[1]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(weeks) }}
{%- endmacro -%}


{#- The header checks every warehouse makes: no repeated names, y_ week columns, one person id.
    Returns the person-id column's name as found. -#}
{%- macro dream_check_extract_header(path, names) -%}
    {%- set lower_names = names | map('lower') | list -%}
    {%- set duplicated = [] -%}
    {%- for name in lower_names -%}
        {%- if lower_names.count(name) > 1 and name not in duplicated -%}
            {%- do duplicated.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if duplicated -%}
        {{ dream_extract_error(path, "the header repeats column names: " ~ duplicated | join(', ')) }}
    {%- endif -%}
    {%- if dream_header_weeks(names) | length == 0 -%}
        {{ dream_extract_error(path, "no y_YYWW week columns in the header (found: "
            ~ (names[:8] | join(', ')) ~ (', ...' if names | length > 8 else '') ~ ")") }}
    {%- endif -%}
    {%- set id_names = lower_names | select('in', ['lobenr', 'pnr']) | list -%}
    {%- if id_names | length != 1 -%}
        {{ dream_extract_error(path, "needs exactly one person-id column (lobenr or pnr), found "
            ~ id_names | length) }}
    {%- endif -%}
    {{ return(names[lower_names.index(id_names[0])]) }}
{%- endmacro -%}

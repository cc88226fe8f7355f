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


{#-
  What a header name is, by the rules the hook reads names with (trimmed, case-insensitive):
  {kind: 'person'} for lobenr, pnr, kon and alder9131; {kind: 'benefit_week', week} for a
  y_YYWW name (week as dream_header_weeks gives it); {kind: 'industry_month' or
  'employment_degree_month', year, month} for branche_YYYY_MM and grad_YYYY_MM;
  {kind: 'municipality_year', year} for nykomYYYY; {kind: 'visitation_quarter', year, quarter}
  for visit_QkvYYYY (Q = 1-4); {kind: none} for anything else. The one
  place the hook's readers of the header (dream_header_columns_read, dream_landing_type)
  recognise a name.
-#}
{%- macro dream_header_column(name) -%}
    {%- set normalised = name | trim | lower -%}
    {%- set week = dream_header_weeks([normalised]) -%}
    {%- set month = modules.re.fullmatch('(branche|grad)_([0-9]{4})_([0-9]{2})', normalised) -%}
    {%- set municipality_year = modules.re.fullmatch('nykom([0-9]{4})', normalised) -%}
    {%- set visitation_quarter = modules.re.fullmatch('visit_([1-4])kv([0-9]{4})', normalised) -%}
    {%- if normalised in ['lobenr', 'pnr', 'kon', 'alder9131'] -%}
        {{ return({'kind': 'person'}) }}
    {%- elif week | length == 1 -%}
        {{ return({'kind': 'benefit_week', 'week': week[0]}) }}
    {%- elif month -%}
        {{ return({
            'kind': 'industry_month' if month.group(1) == 'branche' else 'employment_degree_month',
            'year': month.group(2) | int, 'month': month.group(3) | int}) }}
    {%- elif municipality_year -%}
        {{ return({'kind': 'municipality_year', 'year': municipality_year.group(1) | int}) }}
    {%- elif visitation_quarter -%}
        {{ return({'kind': 'visitation_quarter',
            'year': visitation_quarter.group(2) | int, 'quarter': visitation_quarter.group(1) | int}) }}
    {%- endif -%}
    {{ return({'kind': none}) }}
{%- endmacro -%}


{#-
  The names among the header's that the analysis reads under the vars, in header order: the
  person columns (lobenr or pnr, kon, alder9131), the y_YYWW weeks read (from the first column
  read, the read start less case_mix_weeks, to the window end plus follow_up_weeks), any y_
  name of those weeks' ISO years that names no ISO week (quarantined), the branche_/grad_
  months and the visit_QkvYYYY quarters holding those weeks' Thursdays and the nykom years that
  are their ISO years. The same
  rule as model base_dream__extract_columns_read, which the build holds this to (test
  assert_columns_read_are_landed); the DuckDB hook lands these columns of a text extract.
-#}
{%- macro dream_header_columns_read(names) -%}
    {%- set weeks = dream_analysis_weeks() -%}
    {%- set bounds = run_query('select cast(' ~ dream_week_start(weeks.columns_start_index) ~ ' as varchar), cast('
        ~ dream_week_start(weeks.columns_end_index) ~ ' as varchar)').rows[0] -%}
    {%- set first_monday = modules.datetime.date.fromisoformat(bounds[0][:10]) -%}
    {%- set last_monday = modules.datetime.date.fromisoformat(bounds[1][:10]) -%}
    {#- a week counts in the year and month of its Thursday -#}
    {%- set first_thursday = first_monday + modules.datetime.timedelta(days=3) -%}
    {%- set last_thursday = last_monday + modules.datetime.timedelta(days=3) -%}
    {%- set first_month = first_thursday.year * 12 + first_thursday.month - 1 -%}
    {%- set last_month = last_thursday.year * 12 + last_thursday.month - 1 -%}
    {%- set first_quarter = first_thursday.year * 4 + (first_thursday.month - 1) // 3 -%}
    {%- set last_quarter = last_thursday.year * 4 + (last_thursday.month - 1) // 3 -%}
    {%- set read = [] -%}
    {%- for name in names -%}
        {%- set column = dream_header_column(name) -%}
        {%- if column.kind == 'person' -%}
            {%- do read.append(name) -%}
        {%- elif column.kind == 'benefit_week' and column.week.is_iso_week -%}
            {%- set monday = modules.datetime.date.fromisocalendar(column.week.year, column.week.week, 1) -%}
            {%- if first_monday <= monday <= last_monday -%}
                {%- do read.append(name) -%}
            {%- endif -%}
        {%- elif column.kind == 'benefit_week' -%}
            {%- if first_thursday.year <= column.week.year <= last_thursday.year -%}
                {%- do read.append(name) -%}
            {%- endif -%}
        {%- elif column.kind in ['industry_month', 'employment_degree_month'] -%}
            {%- set number = column.year * 12 + column.month - 1 -%}
            {%- if 1 <= column.month <= 12 and first_month <= number <= last_month -%}
                {%- do read.append(name) -%}
            {%- endif -%}
        {%- elif column.kind == 'municipality_year' -%}
            {%- if first_thursday.year <= column.year <= last_thursday.year -%}
                {%- do read.append(name) -%}
            {%- endif -%}
        {%- elif column.kind == 'visitation_quarter' -%}
            {%- if first_quarter <= column.year * 4 + column.quarter - 1 <= last_quarter -%}
                {%- do read.append(name) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(read) }}
{%- endmacro -%}


{#-
  DuckDB, landing a text extract: the type a column read is landed in, by what its name is
  (dream_header_column) - smallint for a y_YYWW week, an nykomYYYY year and a visit_QkvYYYY
  quarter, integer for a
  branche_YYYY_MM month (the types of a Parquet extract); none (text) for the person columns and
  the grad_YYYY_MM degrees (a double's own text is '0.0' where the file has '0', so few cells
  would land typed). A cell is landed typed only when its text is exactly the number's own text
  (cast back to text); every other cell keeps its text (dream_land_csv_extract).
-#}
{%- macro dream_landing_type(name) -%}
    {{ return({'benefit_week': 'smallint', 'municipality_year': 'smallint', 'visitation_quarter': 'smallint',
        'industry_month': 'integer'}
        .get(dream_header_column(name).kind)) }}
{%- endmacro -%}

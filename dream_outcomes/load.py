"""Load a DREAM extract file into a warehouse's raw schema: the relations of the dbt sources
``dream.extract`` (``<schema>.dream_extract``) and ``dream.extract_rejects``
(``<schema>.dream_extract_rejects``).

On DuckDB the ``on-run-start`` hook reads the file itself; PostgreSQL cannot read a file on the
client, so the extract is loaded first:

    python -m dream_outcomes.load --target postgres /path/to/extract.csv

(For Spark, ``--target spark`` writes the extract as Parquet of text columns plus its rejected
lines, which the Spark hook registers; Spark can also read the CSV file directly.)

The file is read by embedded DuckDB with exactly the rules of the DuckDB hook
(``macros/dream_register_extract.sql``): ``;``- or ``,``-separated text with a header row
(optionally ``.gz``, UTF-8 with or without BOM, LF or CRLF) or Parquet; every column as text;
lines that do not fit the header are not loaded but written, with their line number and text,
to ``dream_extract_rejects``, from which staging quarantines them; a problem with the file itself
stops with the same message as the hook. The rows are streamed in chunks into PostgreSQL with
``COPY ... FROM STDIN`` into a table of ``text`` columns (progress on stderr: a bar on a terminal,
a few lines elsewhere; :mod:`dream_outcomes.progress`). A PostgreSQL table holds at most 1,600
columns: an extract that fits (the 2016 vintage of the demo, 1,541 columns) is loaded whole; a
wider one (a present-day vintage has about 2,400) is loaded with only the columns the analysis
reads under the dbt vars (``--vars``, as dbt's; defaults from ``dbt_project.yml``): the person id,
``kon``, ``alder9131`` and the week, month and year columns of the weeks read. The file's whole
header goes to ``dream_extract_columns_in_file`` (which columns were loaded) and the weeks loaded
to ``dream_extract_load``; a build whose vars read weeks that were not loaded stops at its start
with one message (``dream_check_loaded_extract``). The connection comes from the same environment variables
as the ``postgres`` target of ``profiles/profiles.yml`` (``DREAM_PG_HOST``, ``DREAM_PG_PORT``,
``DREAM_PG_USER``, ``DREAM_PG_PASSWORD``, ``DREAM_PG_DATABASE``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from dream_outcomes import weeks
from dream_outcomes.columns import PERSON_ID_COLUMNS
from dream_outcomes.dbt_vars import ReadRange, VarError, project_vars
from dream_outcomes.extract import parse_header_line
from dream_outcomes.postgres_server import connect, connection_settings
from dream_outcomes.progress import Progress

POSTGRES_MAX_COLUMNS = 1_600
"""Columns a PostgreSQL table can hold."""
COLUMN_MODES = ("auto", "all", "read")
"""``--columns``: all when they fit PostgreSQL's limit (auto), all, or only those read."""
REJECT_COLUMNS = ["line_number", "error_type", "csv_line", "error_message", "delimiter"]


class ExtractError(ValueError):
    """The extract file cannot be read (the message names the path and the problem)."""


class LoadError(ValueError):
    """The load cannot be done (a table too wide, the server); one line, no traceback. Bad vars
    raise :class:`dbt_vars.VarError`."""


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class OpenedExtract:
    """An extract opened in DuckDB: its column names, a reader (SQL) and the rejected lines."""

    con: duckdb.DuckDBPyConnection
    path: str
    names: list[str]
    reader: str
    delimiter: str | None

    def row_count(self) -> int:
        """Rows the reader gives: the lines that fit the header (counted when the file was opened) or
        the Parquet file's rows (from its metadata)."""
        if self.delimiter is None:
            return self.con.execute(f"select count(*) from {self.reader}").fetchall()[0][0]
        return self.con.execute("select lines from dream_extract_line_count").fetchall()[0][0]

    def rejects_sql(self) -> str:
        """(line_number, error_type, csv_line, error_message, delimiter) of the lines not read."""
        if self.delimiter is None:
            return (
                "select cast(null as bigint) as line_number, cast(null as varchar) as error_type, "
                "cast(null as varchar) as csv_line, cast(null as varchar) as error_message, "
                "cast(null as varchar) as delimiter where 1 = 0"
            )
        return (
            "select cast(line as bigint) as line_number, cast(error_type as varchar) as error_type, "
            f"csv_line, error_message, {_quote_literal(self.delimiter)} as delimiter "
            "from dream_extract_reject_errors order by line"
        )


def open_extract(path: str, con: duckdb.DuckDBPyConnection | None = None) -> OpenedExtract:
    """Open the extract in DuckDB with the rules of the DuckDB hook; raise ExtractError on a bad file."""
    try:
        return _open_extract(path, con)
    except duckdb.Error as error:
        raise ExtractError(f"DREAM_EXTRACT={path}: cannot read the file: {_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _open_extract(path: str, con: duckdb.DuckDBPyConnection | None = None) -> OpenedExtract:
    con = con or duckdb.connect()
    con.execute("set enable_progress_bar = false")
    quoted_path = _quote_literal(path)

    def fail(problem: str) -> ExtractError:
        return ExtractError(f"DREAM_EXTRACT={path}: {problem}")

    found = con.execute(f"select count(*) from glob({quoted_path})").fetchone()[0]
    if found == 0:
        raise fail("no such file")
    if found > 1:
        raise fail(f"names {found} files; name exactly one extract")
    if con.execute(f"select size from read_blob({quoted_path})").fetchone()[0] == 0:
        raise fail("the file is empty (0 bytes)")

    delimiter = None
    if path.lower().endswith(".parquet"):
        reader = f"read_parquet({quoted_path})"
        names = [row[0] for row in con.execute(f"select column_name from (describe select * from {reader})").fetchall()]
    else:
        first = con.execute(
            f"select line from read_csv({quoted_path}, columns = {{'line': 'VARCHAR'}}, header = false, "
            "delim = '\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false, "
            "ignore_errors = true, parallel = false) limit 1"
        ).fetchall()
        header = first[0][0] if first and first[0][0] is not None else ""
        if header == "" or (";" not in header and "," not in header):
            raise fail("not a readable CSV or Parquet file (the first line is not a ';'- or ','-separated header)")
        delimiter, names = parse_header_line(header)
        column_types = ", ".join(f"{_quote_literal(name)}: 'VARCHAR'" for name in names)
        csv_options = (
            f"{quoted_path}, header = true, auto_detect = false, delim = {_quote_literal(delimiter)}, "
            f"quote = '\"', escape = '\"', columns = {{{column_types}}}"
        )
        reader = f"read_csv({csv_options}, ignore_errors = true)"
        con.execute(
            f"create or replace temp table dream_extract_line_count as select count(*) as lines "
            f"from read_csv({csv_options}, store_rejects = true, "
            "rejects_table = 'dream_extract_reject_errors', rejects_scan = 'dream_extract_reject_scans')"
        )

    lower = [name.lower() for name in names]
    duplicated = sorted({name for name in lower if lower.count(name) > 1}, key=lower.index)
    if duplicated:
        raise fail("the header repeats column names: " + ", ".join(duplicated))
    if not any(weeks.WEEK_COLUMN_RE.fullmatch(name) for name in lower):
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        raise fail(f"no y_YYWW week columns in the header (found: {shown})")
    ids = [name for name in lower if name in PERSON_ID_COLUMNS]
    if len(ids) != 1:
        raise fail(f"needs exactly one person-id column (lobenr or pnr), found {len(ids)}")
    return OpenedExtract(con, path, names, reader, delimiter)


def text_batches(opened: OpenedExtract, rows_per_batch: int = 5_000, names: list[str] | None = None):
    """The extract's rows (the columns ``names``, default all) as Arrow record batches of text
    columns (Parquet values cast to text)."""
    columns = ", ".join(
        f"cast({_quote_ident(name)} as varchar) as {_quote_ident(name)}" for name in (names or opened.names)
    )
    yield from opened.con.sql(f"select {columns} from {opened.reader}").to_arrow_reader(rows_per_batch)


# ---------------------------------------------------------------------------------------- Spark


def write_parquet(path: str, out_dir: Path) -> dict:
    """The extract as Parquet of text columns (<out_dir>/dream_extract.parquet) and its rejected
    lines (<out_dir>/dream_extract_rejects.parquet), for Spark: DREAM_EXTRACT and
    DREAM_EXTRACT_REJECTS point the Spark hook at them. Lines that do not fit the header are
    rejected with DuckDB's rules, as on DuckDB and PostgreSQL (Spark's own CSV reader would pad
    or cut them)."""
    start = time.perf_counter()
    opened = open_extract(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    extract_file = out_dir / "dream_extract.parquet"
    rejects_file = out_dir / "dream_extract_rejects.parquet"
    try:
        columns = ", ".join(f"cast({_quote_ident(name)} as varchar) as {_quote_ident(name)}" for name in opened.names)
        opened.con.execute(
            f"copy (select {columns} from {opened.reader}) to {_quote_literal(str(extract_file))} (format parquet)"
        )
        rows = opened.con.execute(f"select count(*) from read_parquet({_quote_literal(str(extract_file))})").fetchone()[0]
        rejected = opened.con.execute(f"select count(*) from ({opened.rejects_sql()})").fetchone()[0]
        opened.con.execute(f"copy ({opened.rejects_sql()}) to {_quote_literal(str(rejects_file))} (format parquet)")
    finally:
        opened.con.close()
    return {
        "rows": rows,
        "rejected_lines": rejected,
        "columns": len(opened.names),
        "seconds": round(time.perf_counter() - start, 1),
        "extract": str(extract_file),
        "rejects": str(rejects_file),
    }


# ----------------------------------------------------------------------------------- PostgreSQL


def _copy_batch(cursor, table: str, batch: pa.RecordBatch) -> None:
    buffer = io.BytesIO()
    # no header; empty string for null (COPY's CSV format reads an unquoted empty field as null)
    pacsv.write_csv(batch, buffer, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    buffer.seek(0)
    cursor.copy_expert(f"copy {table} from stdin with (format csv)", buffer)


def select_columns(opened: OpenedExtract, mode: str, read_range: ReadRange) -> list[str]:
    """The columns to load: all of them (``all``, or ``auto`` when they fit PostgreSQL's 1,600), or
    those the analysis reads under the vars (``read``, or ``auto`` for a wider extract)."""
    if mode not in COLUMN_MODES:
        raise LoadError(f"--columns {mode!r}: must be one of {', '.join(COLUMN_MODES)}")
    total = len(opened.names)
    if mode == "all" or (mode == "auto" and total <= POSTGRES_MAX_COLUMNS):
        if total > POSTGRES_MAX_COLUMNS:
            raise LoadError(
                f"DREAM_EXTRACT={opened.path}: {total:,} columns, more than the {POSTGRES_MAX_COLUMNS:,} "
                "a PostgreSQL table can hold: load only the columns the analysis reads (--columns auto or read)"
            )
        return list(opened.names)
    chosen = [name for name in opened.names if read_range.reads(name)]
    if len(chosen) > POSTGRES_MAX_COLUMNS:
        raise LoadError(
            f"DREAM_EXTRACT={opened.path}: the analysis reads {len(chosen):,} of its {total:,} columns "
            f"({read_range.describe()}), more than the {POSTGRES_MAX_COLUMNS:,} a PostgreSQL table can hold: "
            "read fewer weeks (vars history_start_week, analysis_window_start, analysis_window_end, case_mix_weeks, "
            "follow_up_weeks)"
        )
    return chosen


def load_postgres(
    path: str,
    schema: str = "raw",
    connection=None,
    dbt_vars: str | dict | None = None,
    columns: str = "auto",
) -> dict:
    """Load the extract into <schema>.dream_extract and <schema>.dream_extract_rejects (replacing them),
    with all its columns or only those the analysis reads under ``dbt_vars`` (``columns``: auto, all,
    read; see :func:`select_columns`); the file's header and what was loaded go to
    <schema>.dream_extract_columns_in_file and <schema>.dream_extract_load.

    One transaction: a reader of the raw schema sees the old extract or the new one, never half.
    Loading into a database already built (each month's delivery into one database, so the history
    across vintages builds up) drops the build's views over the raw tables with them; the next
    `dbt build` creates them again. Returns the figures of the load (rows, rejected lines,
    columns, columns loaded, seconds, ...).
    """
    start = time.perf_counter()
    values = project_vars(dbt_vars) if not isinstance(dbt_vars, dict) else {**project_vars(), **dbt_vars}
    read_range = ReadRange.from_vars(values)
    opened = open_extract(path)
    own_connection = connection is None
    try:
        chosen = select_columns(opened, columns, read_range)
        if own_connection:
            connection = _connect_or_fail()
    except BaseException:
        opened.con.close()
        raise
    loaded_all = len(chosen) == len(opened.names)
    try:
        extract = f"{_quote_ident(schema)}.dream_extract"
        rejects = f"{_quote_ident(schema)}.dream_extract_rejects"
        in_file = f"{_quote_ident(schema)}.dream_extract_columns_in_file"
        load = f"{_quote_ident(schema)}.dream_extract_load"
        rows = 0
        with connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {_quote_ident(schema)}")
            # cascade: a build's views over the raw tables (base_dream__extract and
            # base_dream__extract_rejects, `select *`, so bound to the columns of the extract loaded
            # before) go with them; the next dbt build creates them again over the new extract
            for table in (extract, rejects, in_file, load):
                cursor.execute(f"drop table if exists {table} cascade")
            column_list = ", ".join(f"{_quote_ident(name)} text" for name in chosen)
            cursor.execute(f"create table {extract} ({column_list})")
            with Progress("load", opened.row_count(), "rows") as progress:
                for batch in text_batches(opened, names=chosen):
                    _copy_batch(cursor, extract, batch)
                    rows += batch.num_rows
                    progress.update(batch.num_rows)
            cursor.execute(
                f"create table {rejects} (line_number bigint, error_type text, csv_line text, "
                "error_message text, delimiter text)"
            )
            rejected = opened.con.execute(opened.rejects_sql()).fetchall()
            if rejected:
                cursor.executemany(f"insert into {rejects} values (%s, %s, %s, %s, %s)", rejected)
            # the file's header: base_dream__extract_header reads it, so the extract's weeks are the file's
            cursor.execute(f"create table {in_file} (column_position integer, column_name text, is_loaded boolean)")
            loaded_names = set(chosen)
            cursor.executemany(
                f"insert into {in_file} values (%s, %s, %s)",
                [(position, name, name in loaded_names) for position, name in enumerate(opened.names, start=1)],
            )
            # the weeks loaded (null: every column), checked by the build (dream_check_loaded_extract),
            # and the lines loaded and rejected (the build stops when too many do not fit the header)
            cursor.execute(
                f"create table {load} (columns_in_file integer, columns_loaded integer, "
                "first_week_index integer, last_week_index integer, first_week text, last_week text, "
                "dbt_vars text, rows_loaded bigint, rejected_lines bigint, first_rejected_line bigint, "
                "first_rejected_text text)"
            )
            first_rejected = min(rejected, default=(None, None, None), key=lambda line: line[0])
            cursor.execute(
                f"insert into {load} values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    len(opened.names),
                    len(chosen),
                    None if loaded_all else read_range.first_week,
                    None if loaded_all else read_range.last_week,
                    None if loaded_all else weeks.index_label(read_range.first_week),
                    None if loaded_all else weeks.index_label(read_range.last_week),
                    dbt_vars if isinstance(dbt_vars, str) else json.dumps(dbt_vars or {}),
                    rows,
                    len(rejected),
                    first_rejected[0],
                    first_rejected[2],
                ),
            )
            # statistics of the id column only: ANALYZE of every column takes longer than the load
            id_column = next(name for name in chosen if name.lower() in PERSON_ID_COLUMNS)
            cursor.execute(f"analyze {extract} ({_quote_ident(id_column)})")
        connection.commit()
    except psycopg2_errors() as error:
        connection.rollback()
        raise LoadError(f"postgres: loading {extract} failed: {_first_line(error)}") from None
    except BaseException:
        connection.rollback()
        raise
    finally:
        if own_connection:
            connection.close()
        opened.con.close()
    return {
        "rows": rows,
        "rejected_lines": len(rejected),
        "columns": len(opened.names),
        "columns_loaded": len(chosen),
        "loaded_all": loaded_all,
        "read_range": read_range.describe(),
        "seconds": round(time.perf_counter() - start, 1),
    }


def psycopg2_errors() -> type[Exception]:
    import psycopg2

    return psycopg2.Error


def _connect_or_fail():
    """A connection from the DREAM_PG_* variables, or one LoadError line naming the server and why."""
    import psycopg2

    settings = connection_settings()
    try:
        return connect()
    except (psycopg2.Error, ValueError) as error:
        raise LoadError(
            f"postgres: cannot connect to {settings['host']}:{settings['port']} database {settings['dbname']} "
            f"as {settings['user']} "
            f"(DREAM_PG_HOST, DREAM_PG_PORT, DREAM_PG_USER, DREAM_PG_PASSWORD, DREAM_PG_DATABASE): "
            f"{_first_line(error)}"
        ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dream_outcomes.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("extract", nargs="?", default=os.environ.get("DREAM_EXTRACT"),
                        help="the extract file (default: $DREAM_EXTRACT)")
    parser.add_argument("--target", choices=["postgres", "spark"], default="postgres")
    parser.add_argument("--schema", default="raw", help="postgres: the raw schema (dbt var dream_raw_schema; default raw)")
    parser.add_argument("--vars", dest="dbt_vars",
                        help="postgres: the dbt vars of the build, YAML or JSON as dbt's --vars (default: "
                             "dbt_project.yml's); they decide which columns are read")
    parser.add_argument("--columns", choices=COLUMN_MODES, default="auto",
                        help="postgres: load all columns (all), only those the analysis reads under --vars "
                             "(read), or all when they fit PostgreSQL's 1,600 and else those read (auto, default)")
    parser.add_argument("--out", type=Path, default=Path("target/spark/extract"),
                        help="spark: folder for the Parquet files (default target/spark/extract)")
    args = parser.parse_args(argv)
    if not args.extract:
        parser.error("name the extract file (or set DREAM_EXTRACT)")
    try:
        if args.target == "spark":
            figures = write_parquet(str(Path(args.extract).resolve()), args.out.resolve())
        else:
            figures = load_postgres(
                str(Path(args.extract).resolve()), args.schema, dbt_vars=args.dbt_vars, columns=args.columns
            )
    except (ExtractError, LoadError, VarError) as error:
        print(f"load: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # anything else: still one line, never a traceback
        print(f"load: {args.target}: {type(error).__name__}: {_first_line(error)}", file=sys.stderr)
        return 1
    if args.target == "spark":
        print(
            f"load: {figures['rows']:,} rows x {figures['columns']:,} columns, {figures['rejected_lines']:,} "
            f"rejected lines; {figures['seconds']} s. Build with:\n"
            f"  DREAM_EXTRACT={figures['extract']} DREAM_EXTRACT_REJECTS={figures['rejects']} "
            "scripts/spark.sh dbt build --profiles-dir profiles"
        )
        return 0
    if figures["loaded_all"]:
        which = f"all {figures['columns']:,} columns"
    else:
        which = (
            f"{figures['columns_loaded']:,} of {figures['columns']:,} columns (those the analysis reads under "
            f"these vars: {figures['read_range']}; build with the same --vars)"
        )
    print(
        f"load: {figures['rows']:,} rows, {which} into {args.schema}.dream_extract, "
        f"{figures['rejected_lines']:,} rejected lines into {args.schema}.dream_extract_rejects; "
        f"{figures['seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Streaming writers of the extract: record batches in, one CSV or Parquet file out.

Writers know nothing about scenarios; they only see record batches of one schema.
"""

from __future__ import annotations

import gzip as gzip_module
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMATS = ("csv", "parquet")
SEPARATORS = (";", ",")
ROW_GROUP_ROWS = 50_000


class ExtractWriter(ABC):
    """Appends record batches to an extract file; use as a context manager."""

    @abstractmethod
    def write(self, batch: pa.RecordBatch) -> None:
        """Append the rows of ``batch``."""

    @abstractmethod
    def close(self) -> None:
        """Finish the file."""

    def __enter__(self) -> ExtractWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class CsvExtractWriter(ExtractWriter):
    """Delimited text: header row, nulls as empty fields, nothing quoted, UTF-8, ``\\n``."""

    def __init__(self, path: Path, schema: pa.Schema, sep: str, gzip: bool) -> None:
        if sep not in SEPARATORS:
            raise ValueError(f"separator must be one of {SEPARATORS}, not {sep!r}")
        self._file: BinaryIO = path.open("wb")
        # Python's gzip: several times faster than pyarrow's stream, and with mtime 0
        # and no file name in the header the bytes depend on the data only.
        self._sink: BinaryIO = (
            gzip_module.GzipFile(
                filename="", mode="wb", compresslevel=6, fileobj=self._file, mtime=0
            )
            if gzip
            else self._file
        )
        # pyarrow quotes header names, so the header is written here, unquoted.
        self._sink.write((sep.join(schema.names) + "\n").encode("utf-8"))
        options = pacsv.WriteOptions(include_header=False, delimiter=sep, quoting_style="none")
        self._writer = pacsv.CSVWriter(self._sink, schema, write_options=options)

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()
        self._sink.close()
        self._file.close()


class ParquetExtractWriter(ExtractWriter):
    """Parquet, zstd-compressed, in row groups of about ``row_group_rows`` rows.

    Batches are buffered up to that size: with ~1,700 columns, one row group per small
    chunk would make the footer (held in memory until the file is closed) huge at
    millions of persons.
    """

    def __init__(self, path: Path, schema: pa.Schema, row_group_rows: int = ROW_GROUP_ROWS) -> None:
        self._writer = pq.ParquetWriter(str(path), schema, compression="zstd")
        self._row_group_rows = row_group_rows
        self._pending: list[pa.RecordBatch] = []

    def write(self, batch: pa.RecordBatch) -> None:
        self._pending.append(batch)
        if sum(b.num_rows for b in self._pending) >= self._row_group_rows:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            table = pa.Table.from_batches(self._pending)
            self._writer.write_table(table, row_group_size=table.num_rows)
            self._pending = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def open_extract_writer(
    path: Path, schema: pa.Schema, fmt: str, sep: str = ";", gzip: bool = False
) -> ExtractWriter:
    """A writer of ``fmt`` (``csv`` or ``parquet``; ``sep``/``gzip`` are for CSV only)."""
    if fmt == "csv":
        return CsvExtractWriter(path, schema, sep, gzip)
    if fmt == "parquet":
        if gzip:
            raise ValueError("--gzip applies to CSV only")
        return ParquetExtractWriter(path, schema)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")

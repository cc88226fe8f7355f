"""Streaming writers of the extract: record batches in, one CSV or Parquet file out.

Writers know nothing about scenarios; they only see record batches of one schema.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMATS = ("csv", "parquet")
SEPARATORS = (";", ",")


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
        self._sink = pa.CompressedOutputStream(str(path), "gzip") if gzip else pa.OSFile(str(path), "wb")
        # pyarrow quotes header names, so the header is written here, unquoted.
        self._sink.write((sep.join(schema.names) + "\n").encode("utf-8"))
        options = pacsv.WriteOptions(include_header=False, delimiter=sep, quoting_style="none")
        self._writer = pacsv.CSVWriter(self._sink, schema, write_options=options)

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()
        self._sink.close()


class ParquetExtractWriter(ExtractWriter):
    """Parquet, one row group per batch, zstd-compressed."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self._writer = pq.ParquetWriter(str(path), schema, compression="zstd")

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> None:
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

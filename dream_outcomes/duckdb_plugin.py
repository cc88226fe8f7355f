"""dbt-duckdb plugin of the project (``profiles/profiles.yml``, ``plugins:``).

It gives the build's DuckDB connection two SQL functions. ``dream_publish_file(staging, published)``
puts a file written in full in place of another in one rename (the on-run-end hook
``macros/dream_publish.sql`` publishes the marts for readers so). ``dream_file_identity(path)``: the
identity of the extract file, by which the on-run-start hook (``macros/dream_register_extract.sql``)
recognises a CSV extract it has already landed in the database and does not parse it again.
DuckDB's own ``read_blob`` knows a file's size and its modification time to the second only; this
adds the time to the nanosecond, the device and inode, and a SHA-256 of the file's first and last
64 KiB, so a file rewritten, replaced or edited in place is never taken for the one landed before.
"""

from __future__ import annotations

import hashlib
import os

from dbt.adapters.duckdb.plugins import BasePlugin

SAMPLE_BYTES = 1 << 16
"""How much of each end of the file goes into the identity's hash."""


def file_identity(path: str | None) -> str | None:
    """``size=…;modified_ns=…;inode=…;device=…;ends=<sha256 of the first and last 64 KiB>`` of
    the file at ``path``; ``None`` when there is no such file (the hook has checked it exists)."""
    if path is None:
        return None
    try:
        stat = os.stat(path)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            digest.update(handle.read(SAMPLE_BYTES))
            if stat.st_size > SAMPLE_BYTES:
                handle.seek(max(SAMPLE_BYTES, stat.st_size - SAMPLE_BYTES))
                digest.update(handle.read(SAMPLE_BYTES))
    except OSError:
        return None
    return (
        f"size={stat.st_size};modified_ns={stat.st_mtime_ns};inode={stat.st_ino};"
        f"device={stat.st_dev};ends={digest.hexdigest()}"
    )


def publish_file(staging: str, published: str) -> str:
    """Put the file ``staging`` (written in full and closed) in place of ``published`` in one
    rename: a reader that has ``published`` open keeps reading the file it opened, and whoever
    opens it next gets the new one, never a part of it. Staging files of earlier publications that
    never got renamed (a build killed half way) are removed. Returns ``published``."""
    folder = os.path.dirname(os.path.abspath(published)) or "."
    with open(staging, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staging, published)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    prefix = os.path.basename(published) + "."
    for name in os.listdir(folder):
        if name.startswith(prefix) and name.endswith(".tmp"):
            try:
                os.remove(os.path.join(folder, name))
            except OSError:
                pass
    return published


class Plugin(BasePlugin):
    """Registers ``dream_file_identity`` and ``dream_publish_file`` on every connection dbt-duckdb opens."""

    def configure_connection(self, conn) -> None:  # noqa: ANN001 (a DuckDBPyConnection)
        conn.create_function(
            "dream_file_identity", file_identity, ["VARCHAR"], "VARCHAR", side_effects=True
        )
        conn.create_function(
            "dream_publish_file", publish_file, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True
        )

"""A throwaway local PostgreSQL server for tests and benchmarks: `scripts/postgres.sh` on a free
port, a data folder of its own and fresh passwords; stopped and removed afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from dream_outcomes.dbt_runner import PROJECT_DIR

SCRIPT = PROJECT_DIR / "scripts" / "postgres.sh"


class ServerError(RuntimeError):
    """The server did not start; the message holds the script's output."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def throwaway_env() -> dict[str, str]:
    """The DREAM_PG_* variables of a server of its own: free port, random passwords, a data
    folder under the system temp folder (the postgres OS user must reach it when run as root)."""
    tag = uuid.uuid4().hex[:8]
    return {
        "DREAM_PG_HOST": "127.0.0.1",
        "DREAM_PG_PORT": str(free_port()),
        "DREAM_PG_USER": "dream",
        "DREAM_PG_PASSWORD": f"dream-{tag}",
        "DREAM_PG_DATABASE": "dream",
        "DREAM_PG_BI_USER": "bi_reader",
        "DREAM_PG_BI_PASSWORD": f"bi-{uuid.uuid4().hex[:8]}",
        "DREAM_PG_DATA": str(Path(tempfile.gettempdir()) / f"dream-pg-{tag}"),
    }


@contextmanager
def throwaway_server() -> Iterator[dict[str, str]]:
    """Start a server with `throwaway_env()`, yield its variables, then stop it and delete its data."""
    env = throwaway_env()
    started = subprocess.run(
        [str(SCRIPT), "start"], env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    try:
        if started.returncode != 0:
            raise ServerError(f"PostgreSQL did not start:\n{started.stdout}\n{started.stderr}")
        yield env
    finally:
        subprocess.run([str(SCRIPT), "stop"], env={**os.environ, **env}, capture_output=True, check=False)
        shutil.rmtree(env["DREAM_PG_DATA"], ignore_errors=True)


def connection_settings(env: Mapping[str, str] | None = None) -> dict[str, object]:
    """psycopg2's keyword arguments from the DREAM_PG_* variables of `env` (default: the process
    environment), with the dbt profile's local defaults, as the build role."""
    env = os.environ if env is None else env
    return {
        "host": env.get("DREAM_PG_HOST", "localhost"),
        "port": env.get("DREAM_PG_PORT", "5432"),
        "user": env.get("DREAM_PG_USER", "dream"),
        "password": env.get("DREAM_PG_PASSWORD", "dream"),
        "dbname": env.get("DREAM_PG_DATABASE", "dream"),
        "sslmode": env.get("DREAM_PG_SSLMODE", "prefer"),
    }


def connect(env: Mapping[str, str] | None = None, user: str | None = None, password: str | None = None):
    """A psycopg2 connection from the DREAM_PG_* variables of `env` (connection_settings), as the
    build role unless `user` is given."""
    import psycopg2

    settings = connection_settings(env)
    return psycopg2.connect(**{**settings, "user": user or settings["user"], "password": password or settings["password"]})

"""A local Apache Superset on the marts: set up its home (metadata database, admin user), import the
dashboard bundle, serve it, and talk to its REST API (chart data, SQL Lab) — for scripts/superset.sh
serve and for the tests (pytests/test_superset.py).

Superset runs from its own environment (.venv-superset, made by scripts/superset.sh, which sets
DREAM_SUPERSET_BIN); this module runs in the project's .venv and calls it as a program."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from dream_outcomes.dbt_runner import PROJECT_DIR
from dream_outcomes.postgres_server import free_port
from dream_outcomes.superset.dashboard import object_uuids, write_bundle

CONFIG = Path(__file__).with_name("superset_config.py")
ADMIN = "admin"


class SupersetError(RuntimeError):
    """Superset did not set up, start or import; the message says which step and ends with its output."""


def superset_bin() -> str:
    found = os.environ.get("DREAM_SUPERSET_BIN") or str(PROJECT_DIR / ".venv-superset" / "bin" / "superset")
    if not Path(found).is_file():
        raise SupersetError(f"superset: no Superset at {found}; make its environment with scripts/superset.sh true")
    return found


def duckdb_uri(path: Path) -> str:
    """The URI a BI tool opens the published marts with: read-only, so it never takes the write lock."""
    return f"duckdb:///{path.resolve()}?access_mode=read_only"


def postgres_uri(host: str, port: str | int, database: str, user: str, password: str) -> str:
    return f"postgresql+psycopg2://{user}:{password}@{host}:{port}/{database}"


class Superset:
    """One Superset home (SUPERSET_HOME: its SQLite metadata, secret key and admin password) and,
    once started, its web server on 127.0.0.1."""

    def __init__(self, home: Path, port: int | None = None) -> None:
        self.home = home.resolve()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.binary = superset_bin()
        self.process: subprocess.Popen | None = None
        self._token: str | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "SUPERSET_HOME": str(self.home), "SUPERSET_CONFIG_PATH": str(CONFIG),
                "FLASK_APP": "superset", "PYTHONWARNINGS": "ignore"}

    @property
    def password(self) -> str:
        return (self.home / "admin_password").read_text(encoding="utf-8").strip()

    def _superset(self, step: str, *args: str) -> str:
        done = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True, check=False)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "Traceback (most recent call last)" in output:
            raise SupersetError(f"superset: {step} failed (exit status {done.returncode}):\n{output[-4000:]}")
        return output

    def set_up(self) -> bool:
        """Make the home once: a secret key, the metadata database, the roles, an admin user with a
        random password. Returns whether it was made now."""
        if (self.home / "superset.db").is_file() and (self.home / "admin_password").is_file():
            return False
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "secret_key").write_text(secrets.token_hex(32), encoding="utf-8")
        (self.home / "admin_password").write_text(secrets.token_urlsafe(12), encoding="utf-8")
        self._superset("db upgrade", "db", "upgrade")
        self._superset("create-admin", "fab", "create-admin", "--username", ADMIN, "--firstname", "DREAM",
                       "--lastname", "admin", "--email", "admin@localhost", "--password", self.password)
        self._superset("init", "init")
        return True

    def import_dashboard(self, name: str, uri: str, title: str | None = None) -> None:
        """Write the bundle for database `name` at `uri` and import it. Superset's import keeps a
        database, dataset or chart it already has, so on a running server the ones an earlier import
        of this bundle made are removed first: a new definition or a new URI takes effect."""
        if self.process is not None:
            self.remove_dashboard(name)
        with tempfile.TemporaryDirectory() as scratch:
            bundle = write_bundle(name, uri, Path(scratch) / f"dream_outcomes_{name}.zip", title)
            output = self._superset(f"import of {bundle.name}", "import-dashboards", "-p", str(bundle), "-u", ADMIN)
        if "ERROR" in output:
            raise SupersetError(f"superset: the import of the {name} dashboard failed:\n{output[-4000:]}")

    def remove_dashboard(self, name: str) -> list[str]:
        """Delete what an import of the bundle for database `name` made (its dashboard, charts,
        datasets and database, found by their uuids), through the API. Returns what was deleted."""
        uuids = set(object_uuids(name))
        deleted = []
        for kind in ("dashboard", "chart", "dataset", "database"):
            for found in self.listed(kind, "columns:!(id,uuid),"):
                if str(found.get("uuid")) in uuids:
                    status, answer = self.call("DELETE", f"/api/v1/{kind}/{found['id']}")
                    if status != 200:
                        raise SupersetError(f"superset: deleting {kind} {found['id']} failed ({status}): {answer}")
                    deleted.append(f"{kind} {found['id']}")
        return deleted

    def start(self, timeout: float = 240) -> None:
        log = (self.home / "server.log").open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [self.binary, "run", "-h", "127.0.0.1", "-p", str(self.port), "--with-threads"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SupersetError(f"superset: the server stopped (exit status {self.process.returncode}):\n"
                                    + (self.home / "server.log").read_text(encoding="utf-8")[-4000:])
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as answer:
                    if answer.read() == b"OK":
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(1)
        raise SupersetError(f"superset: the server did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> Superset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # the REST API, as the admin (a bearer token; CSRF is off in this local configuration)
    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        if self._token is None and path != "/api/v1/security/login":
            status, login = self.call("POST", "/api/v1/security/login",
                                      {"username": ADMIN, "password": self.password, "provider": "db"})
            if status != 200:
                raise SupersetError(f"superset: login failed ({status}): {login}")
            self._token = login["access_token"]
        request = urllib.request.Request(self.url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                return error.code, json.loads(text)
            except json.JSONDecodeError:
                return error.code, {"message": text[:2000]}

    def listed(self, kind: str, columns: str = "") -> list[dict]:
        """The first 100 objects of a kind (dashboard, chart, dataset, database); `columns`, e.g.
        `columns:!(id,uuid),`, narrows each to those fields."""
        status, answer = self.call("GET", f"/api/v1/{kind}/?q=({columns}page_size:100)")
        if status != 200:
            raise SupersetError(f"superset: listing {kind} failed ({status}): {answer}")
        return answer["result"]

    def dashboard_charts(self, slug: str) -> dict[str, int]:
        """The dashboard's charts: title → chart id."""
        status, answer = self.call("GET", f"/api/v1/dashboard/{slug}/charts")
        if status != 200:
            raise SupersetError(f"superset: the charts of dashboard {slug} ({status}): {answer}")
        return {chart["slice_name"]: chart["id"] for chart in answer["result"]}

    def chart_data(self, chart_id: int) -> tuple[list[str], list[dict]]:
        """The chart's own saved query, run by Superset: (column names, rows)."""
        status, answer = self.call("GET", f"/api/v1/chart/{chart_id}/data/")
        if status != 200:
            raise SupersetError(f"superset: the data of chart {chart_id} ({status}): {answer}")
        [result] = answer["result"]
        return result["colnames"], result["data"]

    def database_id(self, name: str) -> int:
        for database in self.listed("database"):
            if database["database_name"] == f"dream-outcomes ({name})":
                return database["id"]
        raise SupersetError(f"superset: no database for {name}")

    def sql_lab(self, database_id: int, sql: str) -> tuple[int, dict]:
        """Run `sql` in SQL Lab on the database, as a BI user would type it."""
        return self.call("POST", "/api/v1/sqllab/execute/",
                         {"database_id": database_id, "sql": sql, "runAsync": False, "schema": "marts"})


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/superset.sh serve")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--home", type=Path, default=PROJECT_DIR / "target" / "superset")
    parser.add_argument("--marts", type=Path, default=Path(
        os.environ.get("DREAM_PUBLISHED_DUCKDB", PROJECT_DIR / "target" / "dream_marts.duckdb")))
    args = parser.parse_args(argv)
    if not args.marts.is_file():
        print(f"superset: no published marts at {args.marts}: build first (scripts/demo.sh, or dbt build)",
              file=sys.stderr)
        return 2
    try:
        server = Superset(args.home, args.port)
        made = server.set_up()
        with server:
            server.start()
            server.import_dashboard("duckdb", duckdb_uri(args.marts))
            print(f"superset: {server.url}/superset/dashboard/dream-outcomes-duckdb/ — user {ADMIN}, password "
                  f"{server.password}" + (" (new; kept in " + str(args.home / 'admin_password') + ")" if made else "")
                  + f"; reading {args.marts} read-only. Ctrl-C stops it.", flush=True)
            assert server.process is not None
            server.process.wait()
    except SupersetError as error:
        print(str(error).splitlines()[0], file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["serve"]:
        print("usage: python -m dream_outcomes.superset.server serve [--port N] [--home DIR] [--marts FILE]",
              file=sys.stderr)
        sys.exit(2)
    sys.exit(serve(sys.argv[2:]))

"""The marts published for readers (macros/dream_publish.sql): after a green build of every mart,
the aggregated marts are copied into a new DuckDB file that replaces `dream_marts.duckdb` beside the
build's database in one rename. A BI tool holding it open never blocks a build and never sees half
of one; it sees the new marts when it opens the file again; a red or partial build publishes nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dream_outcomes.dbt_runner import DbtRun, InProcessDbt
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.verify import compare_marts

pytestmark = pytest.mark.bi

PUBLISHED = "dream_marts.duckdb"

READER = r"""
import duckdb, json, sys
path = sys.argv[1]
connection = duckdb.connect(path, read_only=True)
for line in sys.stdin:
    command = line.strip()
    if command == "reopen":
        connection.close()
        connection = duckdb.connect(path, read_only=True)
        print(json.dumps("reopened"), flush=True)
    elif command == "read":
        print(json.dumps(connection.execute(
            "select cast(built_at as varchar), (select sum(persons) from marts.fct_national_outcomes "
            "where is_headline) from marts.dim_analysis"
        ).fetchone()), flush=True)
"""
"""A BI client in a process of its own: it holds the published file open (read-only) until told to
open it again, and reads the build's time and the national persons from it."""


class Reader:
    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, command: str):  # noqa: ANN201 (the reader's JSON answer)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"the reader stopped (exit status {self.process.poll()})"
        return json.loads(answer)

    def close(self) -> None:
        self.process.communicate(timeout=30)


def aggregated_marts(run: DbtRun) -> int:
    """How many models of schema marts the build's manifest holds (the marts published)."""
    nodes = json.loads((run.target_path / "manifest.json").read_text())["nodes"].values()
    return sum(1 for node in nodes if node["resource_type"] == "model" and node["schema"] == "marts")


def published_lines(run: DbtRun) -> list[str]:
    """The hook's lines (after dbt's timestamp, when dbt ran in a process of its own)."""
    found = (re.search(r"dream: (not published:|published) .*", line) for line in run.output.splitlines())
    return [match.group(0).strip() for match in found if match]


def figures(database: Path) -> list:
    with duckdb.connect(str(database), read_only=True) as con:
        return list(con.execute(
            "select cast(built_at as varchar), (select sum(persons) from marts.fct_national_outcomes "
            "where is_headline) from marts.dim_analysis"
        ).fetchone())


def assert_published_are_the_aggregated_marts(database: Path, published: Path) -> None:
    """Every mart of the build's database is in the published file, row for row, but the
    person-level ones (schema person_marts), which are only in the database."""
    differences = compare_marts(database, published)
    assert set(differences) == {"fct_resource_outcomes", "fct_resource_episodes"}, differences
    assert all(rows == [f"only in {database}"] for rows in differences.values()), differences


def file_state(path: Path) -> tuple[int, int, bytes]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, path.read_bytes()


def test_the_planted_build_publishes_its_marts_and_nothing_person_level(planted_build) -> None:
    run, database = planted_build
    published = database.parent / PUBLISHED
    assert run.returncode == 0
    marts = aggregated_marts(run)
    assert marts >= 16
    [line] = published_lines(run)
    assert line.startswith(f"dream: published {marts} marts to {published}"), line
    assert_published_are_the_aggregated_marts(database, published)
    with duckdb.connect(str(published), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables order by all"
        ).fetchall()
        listed = con.execute("select mart, row_count from main.published_marts order by mart").fetchall()
        counts = [(name, con.execute(f"select count(*) from marts.{name}").fetchone()[0]) for name, _ in listed]
    assert {schema for schema, _ in tables} == {"marts", "main"}
    assert not any(name in ("fct_resource_outcomes", "fct_resource_episodes") for _, name in tables)
    assert listed == counts and len(listed) == marts


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two deliveries of 300 persons with different numbers, and one whose rows are mostly without
    a person id (its build fails at staging, after the on-run-start hook, before the marts)."""
    directory = tmp_path_factory.mktemp("publication")
    paths = {}
    for name, seed in (("first", 11), ("second", 12)):
        paths[name] = directory / name / "dream_extract.csv"
        generate(GeneratorConfig(out=paths[name], scenario="edge", persons=300, seed=seed, first_week="2012-W01"))
    paths["broken"] = directory / "broken" / "dream_extract.csv"
    paths["broken"].parent.mkdir()
    with paths["second"].open(encoding="utf-8") as source, paths["broken"].open("w", encoding="utf-8") as out:
        out.write(next(source))
        for number, line in enumerate(source):
            out.write((";" + line.split(";", 1)[1]) if number % 10 < 6 else line)
    return paths


def test_a_reader_holding_the_published_marts_never_blocks_a_build_and_sees_each_green_build_on_reopening(
    extracts: dict[str, Path], tmp_path: Path, report_figure
) -> None:
    database = tmp_path / "dream.duckdb"
    published = tmp_path / PUBLISHED
    builds = InProcessDbt(tmp_path / "work", database)

    first = builds.build(extracts["first"], "--exclude-resource-type", "unit_test")
    assert first.returncode == 0, first.output[-3000:]
    first_figures = figures(database)
    reader = Reader(published)
    try:
        assert reader.ask("read") == first_figures

        # a second delivery, built while the reader holds the published file open
        second = builds.build(extracts["second"], "--exclude-resource-type", "unit_test")
        assert second.returncode == 0, second.output[-3000:]
        marts = aggregated_marts(second)
        assert published_lines(second) == [f"dream: published {marts} marts to {published} (readers see them when "
                                           "they open it again)"], published_lines(second)
        second_figures = figures(database)
        assert second_figures != first_figures
        assert reader.ask("read") == first_figures, "the reader must keep the build it opened"
        assert reader.ask("reopen") == "reopened"
        assert reader.ask("read") == second_figures
        assert_published_are_the_aggregated_marts(database, published)
        after_second = file_state(published)

        # a red build (most rows without a person id: staging stops it) publishes nothing
        broken = builds.build(extracts["broken"], "--exclude-resource-type", "unit_test")
        assert broken.returncode != 0
        [line] = published_lines(broken)
        assert line.startswith("dream: not published: ") and f"{published} keeps the marts of the last green build" in line
        report_figure(f"publication, red build: {line}")
        assert file_state(published) == after_second

        # a green build of one mart alone publishes nothing either: the file is always one whole build
        partial = builds.build(extracts["second"], "--select", "fct_municipal_outcomes", "--exclude-resource-type",
                               "unit_test")
        assert partial.returncode == 0, partial.output[-3000:]
        [line] = published_lines(partial)
        assert line.startswith(f"dream: not published: this invocation built 1 of the {marts} marts"), line
        report_figure(f"publication, one mart built: {line}")
        assert file_state(published) == after_second
        assert reader.ask("reopen") == "reopened"
        assert reader.ask("read") == second_figures
    finally:
        reader.close()
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
    report_figure(
        f"publication: a reader held {PUBLISHED} open across two green builds (national persons "
        f"{first_figures[1]} then {second_figures[1]}), a red one and a partial one: it read the first build's "
        "marts until it reopened the file, then the second's"
    )

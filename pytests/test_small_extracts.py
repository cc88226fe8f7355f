"""Issue 13, real use: extracts of 50, 300 and 3,000 persons and one municipality's own extract
(Odense's persons of the calibrated scenario) each build green (data tests; the unit tests read
fixtures, not the extract, and run in the planted build), give the
reference implementation's outcomes and episodes row for row, and publish exactly the figures a
recomputation from the person-level outcomes gives (totals, means, ranks, expected counts always;
the cells safe publication withholds where published), with no withheld count recoverable.

One module fixture generates the extracts and builds them in this process (InProcessDbt: the
project is parsed once), checking each build before the next overwrites the database.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import NO_UNIT_TESTS

from dream_outcomes.dbt_runner import DbtRun, InProcessDbt
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.summary import summarise
from dream_outcomes.verify import (
    Comparison,
    FigureComparison,
    compare_episodes,
    compare_outcomes,
    compare_published_figures,
)

ODENSE = 461
SIZES = (50, 300, 3_000)
EXTRACTS = [f"edge, {size:,} persons" for size in SIZES] + ["Odense's own extract"]


@dataclass
class Built:
    """One extract built and checked."""

    run: DbtRun
    persons: int
    seconds: float
    comparisons: list[Comparison]
    figures: FigureComparison
    withheld: dict[str, int] = field(default_factory=dict)
    recoverable: list = field(default_factory=list)
    withheld_in_proof: int = 0
    summary: str = ""
    national: list[tuple] = field(default_factory=list)


def one_municipality_extract(source: Path, out: Path, code: int) -> set[str]:
    """The rows of `source` whose person lived in municipality `code` in some year (a nykom column),
    as that municipality's own extract; its truth files are the source's rows of those persons.
    Returns the person ids kept."""
    out.parent.mkdir(parents=True, exist_ok=True)
    kept: set[str] = set()
    with source.open(newline="") as reader, out.open("w", newline="") as writer:
        header = reader.readline()
        writer.write(header)
        names = header.rstrip("\r\n").split(";")
        nykom = [i for i, name in enumerate(names) if name.startswith("nykom")]
        wanted = str(code)
        for line in reader:
            values = line.rstrip("\r\n").split(";")
            if any(values[i] == wanted for i in nykom):
                writer.write(line)
                kept.add(values[0])
    for truth in ("truth_outcomes.csv", "truth_episodes.csv"):
        with (source.parent / truth).open(newline="") as reader, (out.parent / truth).open("w", newline="") as writer:
            rows = csv.reader(reader)
            output = csv.writer(writer, lineterminator="\n")
            output.writerow(next(rows))
            output.writerows(row for row in rows if row[0] in kept)
    return kept


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory: pytest.TempPathFactory, agenda2017_database: Path) -> dict[str, Built]:
    from disclosure import published_system

    root = tmp_path_factory.mktemp("small_extracts")
    extracts: dict[str, tuple[Path, int]] = {}
    for size, label in zip(SIZES, EXTRACTS):
        extract = root / f"edge_{size}" / "dream_extract.csv"
        generate(GeneratorConfig(out=extract, scenario="edge", persons=size, seed=13 + size))
        extracts[label] = (extract, size)
    odense = root / "odense" / "dream_extract.csv"
    kept = one_municipality_extract(agenda2017_database.parent / "dream_extract.csv", odense, ODENSE)
    extracts[EXTRACTS[-1]] = (odense, len(kept))

    dbt = InProcessDbt(root / "work", root / "work" / "dream.duckdb")
    built: dict[str, Built] = {}
    for label, (extract, persons) in extracts.items():
        start = time.perf_counter()
        run = dbt.build(extract, *NO_UNIT_TESTS)
        seconds = time.perf_counter() - start
        if run.returncode != 0:
            built[label] = Built(run, persons, seconds, [], FigureComparison(label, 0, 0, []))
            continue
        database = dbt.database
        comparisons = [compare_outcomes(database, extract.parent), compare_episodes(database, extract.parent)]
        figures = compare_published_figures(database, label)
        with duckdb.connect(str(database), read_only=True) as con:
            withheld = {
                mart: con.execute(f"select count(*) from marts.{mart} where is_suppressed").fetchone()[0]
                for mart in ("fct_status_distribution", "fct_municipal_outcomes", "fct_municipal_outcome_trends")
            }
            system = published_system(con)
            national = con.execute(
                "select outcome_set, persons, persons_closer from marts.fct_national_outcomes where is_headline order by outcome_set"
            ).fetchall()
        try:
            summary = summarise(database)
        except Exception as error:  # noqa: BLE001 (the test reports what the summary raised)
            summary = f"summary raised {error!r}"
        recoverable, in_proof = system.determined()
        built[label] = Built(
            run, persons, seconds, comparisons, figures, withheld, recoverable, len(in_proof), summary, national
        )
    return built


@pytest.mark.parametrize("label", EXTRACTS)
def test_small_extract_builds_green_and_matches_the_reference(
    small_builds: dict[str, Built], label: str, report_figure
) -> None:
    built = small_builds[label]
    assert built.run.returncode == 0, built.run.output[-5000:]
    statuses = built.run.statuses()
    assert set(statuses) <= {"success", "pass", "warn", "no-op"}, statuses
    assert built.run.counts().get("test", 0) >= 100 and built.run.counts().get("unit_test", 0) == 0
    for comparison in built.comparisons:
        report_figure(f"{label} ({built.persons:,} persons in the extract, built in {built.seconds:.1f} s): {comparison}")
        assert comparison.compared > 0
        assert comparison.differences == 0, comparison.sample


@pytest.mark.parametrize("label", EXTRACTS)
def test_small_extract_publishes_the_recomputed_figures(
    small_builds: dict[str, Built], label: str, report_figure
) -> None:
    built = small_builds[label]
    assert built.run.returncode == 0, built.run.output[-5000:]
    report_figure(str(built.figures))
    assert built.figures.compared > 0
    assert built.figures.differences == 0, built.figures.sample


@pytest.mark.parametrize("label", EXTRACTS)
def test_small_extract_withholds_nothing_recoverable(
    small_builds: dict[str, Built], label: str, report_figure
) -> None:
    built = small_builds[label]
    assert built.run.returncode == 0, built.run.output[-5000:]
    report_figure(
        f"{label}: rows withheld {built.withheld}; {built.withheld_in_proof} counts withheld, "
        f"{len(built.recoverable)} recoverable"
    )
    assert built.recoverable == [], built.recoverable[:10]


def test_small_extracts_withhold_status_categories(small_builds: dict[str, Built]) -> None:
    """The case of the issue is exercised: a small extract with a status category of 1-4 persons."""
    assert any(built.withheld.get("fct_status_distribution", 0) >= 2 for built in small_builds.values())


@pytest.mark.parametrize("label", EXTRACTS)
def test_small_extract_summary_prints_the_published_national_counts(
    small_builds: dict[str, Built], label: str
) -> None:
    """`python -m dream_outcomes.summary` reads a small build's marts: a count safe publication
    withholds (null) prints as <5, a published one as itself."""
    built = small_builds[label]
    assert built.run.returncode == 0, built.run.output[-5000:]
    assert built.national, "fct_national_outcomes is empty"
    for outcome_set, persons, closer in built.national:
        shown = ["<5" if value is None else f"{value:,}" for value in (persons, closer)]
        expected = f"{outcome_set}: {shown[0]} persons with an observed outcome"
        assert expected in built.summary, built.summary
        assert f"{shown[1]} closer to the labour market" in built.summary, built.summary

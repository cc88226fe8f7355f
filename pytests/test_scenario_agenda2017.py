"""The ``agenda2017`` scenario reproduces DA's published figures (spec §1).

Every figure is computed here from the truth files (``truth_outcomes.csv``: what the
pipeline computes), person row by person row; the scenario's plan and manifest are only
compared with them, never trusted.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dream_outcomes import extract, reference, weeks
from dream_outcomes.codes import load_code_table
from dream_outcomes.generator.cli import main
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.generator.scenarios import DEFAULT_SCENARIO, agenda2017
from dream_outcomes.generator.scenarios.agenda2017_data import POPULATION_2016
from dream_outcomes.generator.truth import EPISODES_FILE, OUTCOMES_FILE
from dream_outcomes.municipalities import MUNICIPALITY_CODES

PERSONS = 20_000
SEED = 2017
PROGRAMME = 7_000
WINDOW = (weeks.label_index("2013-W01"), weeks.label_index("2016-W26"))
LAST = weeks.label_index("2016-W39")
RESOURCE_CODES = range(810, 819)
AGENDA_2017 = {"ordinary_employment", "education", "fleksjob", "dagpenge"}
AGENDA_2018 = AGENDA_2017 | {"ledighedsydelse"}
HEDENSTED, ODENSE, LOLLAND, SKIVE = 766, 461, 360, 779


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Run:
    """A generated 20,000-person agenda2017 extract (Parquet) and its truth files."""

    directory: Path
    manifest: dict
    table: pa.Table
    outcomes: list[dict[str, str]]
    episodes: list[dict[str, str]]

    @property
    def counted(self) -> list[dict[str, str]]:
        """Outcome rows whose E lies in the window."""
        return [
            r for r in self.outcomes if WINDOW[0] <= weeks.label_index(r["end_week"]) <= WINDOW[1]
        ]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    directory = tmp_path_factory.mktemp("agenda2017")
    config = GeneratorConfig(
        out=directory / "extract.parquet",
        persons=PERSONS,
        seed=SEED,
        fmt="parquet",
        scenario="agenda2017",
    )
    manifest = generate(config)
    return Run(
        directory,
        manifest,
        pq.read_table(directory / "extract.parquet"),
        read_rows(directory / OUTCOMES_FILE),
        read_rows(directory / EPISODES_FILE),
    )


@pytest.fixture(scope="module")
def persons(run: Run) -> dict[str, reference.Person]:
    """The programme persons as read back from the extract."""
    return {p.person_id: p for p in extract.read_persons(run.table, RESOURCE_CODES)}


def closer(rows: list[dict[str, str]], outcome_set: set[str]) -> int:
    return sum(r["status_category"] in outcome_set for r in rows)


def by_municipality(rows: list[dict[str, str]]) -> dict[int, list[dict[str, str]]]:
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["is_municipality"] == "true":
            found[int(row["municipality_code"])].append(row)
    return found


def ranking(rows: list[dict[str, str]]) -> list[tuple[int, int, int, float]]:
    """(code, persons, closer, share) of the municipalities with >= 50 persons, best first."""
    ranked = [
        (code, len(here), closer(here, AGENDA_2017), closer(here, AGENDA_2017) / len(here))
        for code, here in by_municipality(rows).items()
        if len(here) >= 50
    ]
    return sorted(ranked, key=lambda m: (-m[3], m[0]))


# --- national -------------------------------------------------------------------------


def test_edge_stays_the_default_scenario() -> None:
    assert DEFAULT_SCENARIO == "edge"


def test_4214_persons_ended_in_the_window_all_observed(run: Run) -> None:
    assert len(run.counted) == len(run.outcomes) == 4_214
    assert all(r["is_outcome_observed"] == "true" for r in run.counted)
    assert len({r["person_id"] for r in run.counted}) == 4_214


def test_national_status_table(run: Run) -> None:
    rows = run.counted
    n = len(rows)
    share = {c: v / n for c, v in Counter(r["status_category"] for r in rows).items()}
    assert share["foertidspension"] == pytest.approx(0.46, abs=0.005)
    assert 0.12 <= share["fleksjob"] <= 0.13
    assert 0.24 <= share["fleksjob"] + share["ledighedsydelse"] <= 0.26
    assert 0.17 <= closer(rows, AGENDA_2017) / n <= 0.18
    assert set(share) == {
        "foertidspension", "fleksjob", "ledighedsydelse", "ordinary_employment", "education",
        "dagpenge", "kontanthjaelp", "other", "ressourceforloeb", "self_supporting",
    }  # fmt: skip
    assert 0.05 <= share["kontanthjaelp"] <= 0.15 and 0.04 <= share["other"] <= 0.12
    assert 0.01 <= share["ressourceforloeb"] <= 0.06 and 0.01 <= share["self_supporting"] <= 0.06


def test_other_statuses_are_spread_over_real_benefits(
    run: Run, persons: dict[str, reference.Person]
) -> None:
    codes = Counter(
        persons[r["person_id"]].codes.get(weeks.label_index(r["status_week"]))
        for r in run.counted
        if r["status_category"] == "other"
    )
    found = set(codes)
    assert found & set(range(890, 900)) and 785 in found  # sygedagpenge, jobafklaring
    assert found & {*range(750, 759), *range(760, 769)}  # revalidering
    assert {997, 998, 999} <= found  # emigrated, folkepension, dead
    assert None not in codes  # "other" is never an empty week


def test_no_unknown_codes_in_the_extract(run: Run) -> None:
    names = [name for _, name in extract.week_columns(run.table)]
    assert len(names) == 1_313  # full DREAM width, 1991-W32 .. 2016-W39
    found = set(np.unique(extract.code_matrix(run.table, names)).tolist()) - {0}
    assert found - set(load_code_table().categories) == set()


# --- municipalities -------------------------------------------------------------------


def test_municipalities_present_and_sized_like_the_population(run: Run) -> None:
    rows = run.counted
    found = by_municipality(rows)
    assert set(found) == set(MUNICIPALITY_CODES)
    unknown = [r for r in rows if r["municipality_code"] == ""]
    assert 0.01 <= len(unknown) / len(rows) <= 0.05
    christiansoe = [r for r in rows if r["municipality_code"] == "411"]
    assert 1 <= len(christiansoe) <= 10
    assert all(r["is_municipality"] == "false" for r in christiansoe)
    codes = sorted(found)
    size = np.array([len(found[c]) for c in codes])
    population = np.array([POPULATION_2016[c] for c in codes])
    assert np.corrcoef(size, population)[0, 1] > 0.9
    rate = size / population
    assert codes[int(np.argmax(size))] == 101  # København is the biggest
    assert rate[codes.index(LOLLAND)] > np.quantile(rate, 0.9)
    assert rate[codes.index(HEDENSTED)] > np.quantile(rate, 0.9)
    assert rate[codes.index(ODENSE)] < np.median(rate)


def test_28_ranked_municipalities(run: Run) -> None:
    ranked = ranking(run.counted)
    assert len(ranked) == 28
    codes = [m[0] for m in ranked]
    shares = [m[3] for m in ranked]
    first, second = ranked[0], ranked[1]
    assert first[:2] == (HEDENSTED, 78) and first[3] > 1 / 3 and first[3] > second[3]
    last, before = ranked[-1], ranked[-2]
    assert last[:3] == (ODENSE, 115, 7) and last[3] < before[3]
    assert round(last[3], 2) == 0.06
    assert {LOLLAND, SKIVE} <= set(codes[:5])
    assert len(set(shares)) == 28  # no ties: every rank is unambiguous
    assert all(0.075 <= share <= 0.31 for share in shares[1:-1])
    national = closer(run.counted, AGENDA_2017) / len(run.counted)
    assert statistics.mean(shares) == pytest.approx(national, abs=0.01)
    assert statistics.pstdev(shares[1:-1]) > 0.04  # spread, not all alike


def half_year(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def test_odense_2018_story(run: Run) -> None:
    odense = by_municipality(run.counted)[ODENSE]
    assert (len(odense), closer(odense, AGENDA_2017)) == (115, 7)
    for rule in (0, 3):  # the half-year of E's Monday, or of its Thursday: the same
        series = defaultdict(list)
        for row in odense:
            series[half_year(date.fromisoformat(row["end_date"]) + timedelta(rule))].append(row)
        last_three = ("2015H1", "2015H2", "2016H1")
        shares = [closer(series[h], AGENDA_2018) / len(series[h]) for h in last_three]
        assert shares[0] < shares[1] < shares[2]
        assert shares == pytest.approx([0.06, 0.16, 0.25], abs=0.03)


# --- histories ------------------------------------------------------------------------


def test_programme_population(run: Run) -> None:
    assert run.manifest["truth"]["persons_with_episodes"] == PROGRAMME
    counted = {r["person_id"] for r in run.counted}
    others = {r["person_id"] for r in run.episodes} - counted
    assert len(others) == PROGRAMME - 4_214
    ongoing = {
        r["person_id"]
        for r in run.episodes
        if r["is_ended"] == "false" and weeks.label_index(r["end_week"]) > LAST - 4
    }
    after = {
        r["person_id"]
        for r in run.episodes
        if r["is_ended"] == "true" and weeks.label_index(r["end_week"]) > WINDOW[1]
    }
    assert len(ongoing & others) > 2_000 and len(after & others) > 300
    assert counted & ongoing and counted & after  # restarts after the counted episode


def test_episodes_look_like_programmes(run: Run) -> None:
    latest = [r for r in run.episodes if r["is_latest_ended_in_window"] == "true"]
    span = np.array(
        [weeks.label_index(r["end_week"]) - weeks.label_index(r["start_week"]) + 1 for r in latest]
    )
    assert span.max() <= 260 and np.mean(span >= 52) > 0.75
    with_breaks = [r for r in latest if int(r["resource_weeks"]) < weeks.label_index(
        r["end_week"]) - weeks.label_index(r["start_week"]) + 1]  # fmt: skip
    assert len(with_breaks) > 1_000
    per_person = Counter(r["person_id"] for r in run.episodes)
    assert sum(n >= 2 for n in per_person.values()) > 300  # restarts


def test_no_resource_code_before_the_reform(run: Run, persons: dict[str, reference.Person]) -> None:
    assert len(persons) == PROGRAMME
    assert min(w for p in persons.values() for w, c in p.codes.items() if c in RESOURCE_CODES) >= (
        weeks.label_index("2013-W01")
    )


def test_what_people_had_before(run: Run, persons: dict[str, reference.Person]) -> None:
    table = load_code_table()
    before: Counter[str] = Counter()
    for person in persons.values():
        first = min(w for w, c in person.codes.items() if c in RESOURCE_CODES)
        codes = {person.codes.get(w) for w in range(first - 26, first)} - {None}
        before.update({"785" if c == 785 else table.status_category(c) for c in codes})
        before.update({"sygedagpenge"} if codes & set(range(890, 900)) else set())
    for kind in ("sygedagpenge", "kontanthjaelp", "785", "ledighedsydelse"):
        assert before[kind] > 200, before


def test_lives_go_on(run: Run, persons: dict[str, reference.Person]) -> None:
    ever = Counter(code for p in persons.values() for code in set(p.codes.values()))
    assert ever[999] >= 30 and ever[997] >= 10 and ever[998] >= 20
    moved = sum(
        len({v for v in p.nykom.values() if v not in (None, 0)}) > 1 for p in persons.values()
    )
    assert 0.05 < moved / len(persons) < 0.4
    employed = sum(bool(p.employment) for p in persons.values())  # months with a job
    assert employed > 0.5 * len(persons)


# --- manifest, plan, determinism --------------------------------------------------------


def test_manifest_calibration_agrees_with_the_truth(run: Run) -> None:
    manifest = json.loads((run.directory / "manifest.json").read_text(encoding="utf-8"))
    calibration = manifest["calibration"]
    assert calibration["targets_hold"] is True
    assert calibration["programme_persons"]["total"] == PROGRAMME
    national = calibration["national"]
    statuses = Counter(r["status_category"] for r in run.counted)
    assert national["status_categories"] == dict(statuses)
    assert national["closer_agenda_2017"] == closer(run.counted, AGENDA_2017)
    planned = [
        (m["code"], m["persons"], m["closer_agenda_2017"])
        for m in calibration["ranking_agenda_2017"]
    ]
    assert planned == [m[:3] for m in ranking(run.counted)]


@pytest.mark.parametrize("seed", [1, 2, 3, 123_456])
def test_the_plan_is_exact_for_every_seed(run: Run, seed: int) -> None:
    """Counts are planned exactly; only the unranked persons' statuses (and everyone's
    ledighedsydelse outside Odense) are dealt at random."""
    plan = agenda2017.make_plan(seed, PERSONS)
    calibration, seed_2017 = plan.calibration, run.manifest["calibration"]
    for key in ("national", "odense_by_end_half_year", "municipality_of_end_year"):
        assert calibration[key] == seed_2017[key], key

    def fixed(ranking: list[dict]) -> list[tuple[int, int, int]]:
        return [(m["code"], m["persons"], m["closer_agenda_2017"]) for m in ranking]

    assert fixed(calibration["ranking_agenda_2017"]) == fixed(seed_2017["ranking_agenda_2017"])
    persons = [(m["code"], m["persons"]) for m in calibration["municipalities"]]
    assert persons == [(m["code"], m["persons"]) for m in seed_2017["municipalities"]]
    assert len(plan.positions) == PROGRAMME and plan.positions[-1] < PERSONS
    assert not np.array_equal(plan.positions, agenda2017.make_plan(SEED, PERSONS).positions)


def test_too_few_persons_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = GeneratorConfig(out=tmp_path / "x.csv", persons=6_999, scenario="agenda2017")
    with pytest.raises(ValueError, match="7,000 programme persons"):
        generate(config)
    argv = ["--scenario", "agenda2017", "--persons", "100", "--out", str(tmp_path / "y.csv")]
    assert main(argv) == 2
    assert "at least 7,000" in capsys.readouterr().err


def small(directory: Path, **options: object) -> dict:
    """The smallest agenda2017 extract: 7,000 persons, weeks 2012-W40 .. 2016-W39."""
    config = GeneratorConfig(
        out=directory / "extract.csv",
        persons=PROGRAMME,
        seed=7,
        first_week="2012-W40",
        scenario="agenda2017",
        chunk_size=3_000,
    )
    return generate(dataclasses.replace(config, **options))  # type: ignore[arg-type]


def test_deterministic_and_independent_of_chunking(tmp_path: Path) -> None:
    small(tmp_path / "a")
    small(tmp_path / "b")
    for name in ("extract.csv", EPISODES_FILE, OUTCOMES_FILE, "planted_edge_cases.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    manifest = small(tmp_path / "c", chunk_size=2_000)
    # The plan (who, where, when, which status) comes from the seed alone ...
    outcomes = (tmp_path / "a" / OUTCOMES_FILE).read_bytes()
    assert (tmp_path / "c" / OUTCOMES_FILE).read_bytes() == outcomes
    # ... the details of the lives from the chunks.
    extract_a = (tmp_path / "a" / "extract.csv").read_bytes()
    assert (tmp_path / "c" / "extract.csv").read_bytes() != extract_a
    assert manifest["calibration"]["targets_hold"] is True
    assert manifest["truth"]["outcomes_observed"] == 4_214

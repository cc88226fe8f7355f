"""The ``agenda2017`` register continued after 2016-W39: three vintages, one register (no dbt).

The January 2017 cut is today's extract; the 2017-09 and 2018-01 cuts continue the same persons.
Every published figure is computed here from the truth files (the reference implementation on
the written extract), never taken from the scenario's plan.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dream_outcomes import columns, weeks
from dream_outcomes.generator import benefits
from dream_outcomes.generator.cli import main
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.generator.scenarios.agenda2017 import PROGRAMME_PERSONS, make_plan
from dream_outcomes.generator.scenarios.agenda2018 import make_continuation
from dream_outcomes.generator.truth import EPISODES_FILE, OUTCOMES_FILE, PLANTED_FILE
from dream_outcomes.vintages import BY_NAME

PERSONS = PROGRAMME_PERSONS + 1_000
"""Small: every figure depends on the programme persons only."""
SEED = 2017
ROOT = Path(__file__).resolve().parents[1]
BEFORE_CONTINUATION = "259bf62"
"""The last commit whose generator knew no continuation."""
AGENDA_2017 = {"ordinary_employment", "education", "fleksjob", "dagpenge"}
AGENDA_2018 = AGENDA_2017 | {"ledighedsydelse"}
HEDENSTED, ODENSE = 766, 461
BASE_END = weeks.label_index("2016-W39")
RESOURCE = set(benefits.RESOURCE)
Grid = tuple[np.ndarray, np.ndarray, list[int]]
"""Week codes (weeks x persons), age in 1991 and week indices of a cut."""


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Cut:
    """A generated cut (Parquet) and its truth files."""

    directory: Path
    manifest: dict
    table: pa.Table

    @property
    def outcomes(self) -> list[dict[str, str]]:
        return read_rows(self.directory / OUTCOMES_FILE)

    @property
    def episodes(self) -> list[dict[str, str]]:
        return read_rows(self.directory / EPISODES_FILE)


def make_cut(directory: Path, last_week: str, vintage: str | None = None, fmt: str = "parquet") -> Cut:
    window = {} if vintage is None else {"window_start": BY_NAME[vintage].window_start,
                                         "window_end": BY_NAME[vintage].window_end}  # fmt: skip
    out = directory / f"extract.{fmt}"
    config = GeneratorConfig(
        out=out, persons=PERSONS, seed=SEED, last_week=last_week, fmt=fmt, scenario="agenda2017", **window
    )
    manifest = generate(config)
    return Cut(directory, manifest, pq.read_table(out) if fmt == "parquet" else pa.table({}))


@pytest.fixture(scope="module")
def january(tmp_path_factory: pytest.TempPathFactory) -> Cut:
    return make_cut(tmp_path_factory.mktemp("january"), "2016-W39")


@pytest.fixture(scope="module")
def september(tmp_path_factory: pytest.TempPathFactory) -> Cut:
    return make_cut(tmp_path_factory.mktemp("september"), "2017-W22", "2017-09")


@pytest.fixture(scope="module")
def january_2018(tmp_path_factory: pytest.TempPathFactory) -> Cut:
    return make_cut(tmp_path_factory.mktemp("january_2018"), "2017-W39", "2018-01")


def observed(cut: Cut) -> list[dict[str, str]]:
    rows = cut.outcomes
    assert all(r["is_outcome_observed"] == "true" for r in rows), "no outcome is awaited in a vintage's cut"
    return rows


@dataclass
class Figures:
    """Ranked municipalities (>= 50 persons) best first as (code, persons, closer, share), their
    unweighted mean share, and the national share on førtidspension."""

    ranking: list[tuple[int, int, int, float]]
    mean: float
    fp: float

    def place(self, code: int) -> tuple[int, int]:
        """(rank, round(100 x share)) of a municipality."""
        rank = next(i for i, m in enumerate(self.ranking, start=1) if m[0] == code)
        return rank, round(100 * self.ranking[rank - 1][3])


def figures(rows: list[dict[str, str]], outcome_set: set[str]) -> Figures:
    by: dict[int, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["is_municipality"] == "true":
            by[int(row["municipality_code"])].append(row)
    ranked = []
    for code, here in by.items():
        if len(here) >= 50:
            k = sum(r["status_category"] in outcome_set for r in here)
            ranked.append((code, len(here), k, k / len(here)))
    ranked.sort(key=lambda m: (-m[3], m[0]))
    fp = Counter(r["status_category"] for r in rows)["foertidspension"] / len(rows)
    return Figures(ranked, float(np.mean([m[3] for m in ranked])), fp)


# --- one register, three cuts -------------------------------------------------------------------


def test_january_2017_cut_is_byte_identical_to_the_generator_before_the_continuation(tmp_path: Path) -> None:
    """The demo's cut, regenerated with the code of the last commit before the continuation."""
    probe = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{BEFORE_CONTINUATION}^{{commit}}"],
                           capture_output=True)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip(f"commit {BEFORE_CONTINUATION} is not in this checkout")
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE_CONTINUATION, "dream_outcomes", "seeds"],
                             capture_output=True, check=True)  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    arguments = ["--scenario", "agenda2017", "--persons", str(PERSONS), "--seed", str(SEED),
                 "--last-week", "2016-W39", "--format", "csv"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(old)}
    subprocess.run([sys.executable, "-m", "dream_outcomes.generator", *arguments, "--out", str(old / "cut" / "x.csv")],
                   cwd=old, env=env, check=True, capture_output=True)  # fmt: skip
    assert main([*arguments, "--vintage", "2017-01", "--out", str(tmp_path / "new" / "x.csv")]) == 0
    for name in ("x.csv", OUTCOMES_FILE, EPISODES_FILE, PLANTED_FILE):
        assert (tmp_path / "new" / name).read_bytes() == (old / "cut" / name).read_bytes(), name


def test_later_cut_holds_the_january_cut_column_for_column(january: Cut, january_2018: Cut) -> None:
    """Every column of the January 2017 cut but the a-kasse year that dropped out of the last
    five (ak12) is the same in the 2018-01 cut: the continuation changes nothing up to 2016-W39."""
    early, late = january.table, january_2018.table
    assert set(early.column_names) - set(late.column_names) == {"ak12"}
    for name in early.column_names:
        if name != "ak12":
            assert early[name].equals(late[name]), name
    added = set(late.column_names) - set(early.column_names)
    assert weeks.index_column(BASE_END + 1) in added and "nykom2017" in added and "ak17" in added
    assert columns.branche_column(2016, 10) in added and columns.branche_column(2016, 9) not in added


def test_2017_w22_cut_is_a_prefix_of_the_2017_w39_cut(september: Cut, january_2018: Cut) -> None:
    early, late = september.table, january_2018.table
    assert set(early.column_names) < set(late.column_names)
    for name in early.column_names:
        assert early[name].equals(late[name]), name


def test_january_figures_hold_on_the_later_cut(tmp_path: Path) -> None:
    """Under the January 2017 window, the 2018-01 cut gives the January cut's truth files."""
    january = make_cut(tmp_path / "january", "2016-W39", fmt="csv")
    later = make_cut(tmp_path / "later", "2017-W39", fmt="csv")
    for name in (OUTCOMES_FILE, EPISODES_FILE):
        assert (later.directory / name).read_bytes() == (january.directory / name).read_bytes(), name
    rows = observed(later)
    assert len(rows) == 4_214
    found = figures(rows, AGENDA_2017)
    assert found.place(HEDENSTED)[0] == 1 and found.place(ODENSE) == (len(found.ranking), 6)


def test_2017_09_figures_hold_on_the_later_cut(tmp_path: Path, september: Cut) -> None:
    """Under the 2017-09 window, the 2018-01 cut gives the 2017-09 cut's truth files: what a
    vintage published does not change when the register grows."""
    later = make_cut(tmp_path, "2017-W39", "2017-09")
    for name in (OUTCOMES_FILE, EPISODES_FILE):
        assert (later.directory / name).read_bytes() == (september.directory / name).read_bytes(), name


# --- the later editions, from the truth files -----------------------------------------------------


def test_2018_01_cut_reproduces_the_january_2018_edition(january_2018: Cut) -> None:
    rows = observed(january_2018)
    found = figures(rows, AGENDA_2018)
    assert 0.305 <= found.mean <= 0.329  # "godt 30 %"
    assert found.place(HEDENSTED) == (1, 60)
    assert found.ranking[0][3] > found.ranking[1][3]
    assert found.place(ODENSE)[1] == 25
    assert 0.505 <= found.fp <= 0.53  # "godt halvdelen"
    planned = january_2018.manifest["vintages"]["2018-01"]
    assert planned["targets_hold"] and planned["persons"] == len(rows)


def test_2017_09_cut_puts_odense_at_16_percent_and_last(september: Cut) -> None:
    found = figures(observed(september), AGENDA_2018)
    assert found.place(ODENSE) == (len(found.ranking), 16)
    assert found.ranking[-1][3] < found.ranking[-2][3]
    assert september.manifest["vintages"]["2017-09"]["targets_hold"]
    assert not september.manifest["vintages"]["2018-01"]["targets_hold"]


def test_odense_counts_move_between_vintages(january: Cut, september: Cut, january_2018: Cut) -> None:
    """Odense 6 % (agenda_2017) -> 16 % -> 25 % (agenda_2018), cumulative windows from 2013-W01."""
    shares = []
    for cut, outcome_set in ((january, AGENDA_2017), (september, AGENDA_2018), (january_2018, AGENDA_2018)):
        shares.append(figures(observed(cut), outcome_set).place(ODENSE)[1])
    assert shares == [6, 16, 25]


@pytest.mark.parametrize("seed", [1, 2, 3, 2017])
def test_continuation_plan_meets_the_targets_for_each_seed(seed: int) -> None:
    """Plan level (no extract): the later vintages' figures recomputed from the planned outcomes."""
    continuation = make_continuation(make_plan(seed, 20_000), seed, 20_000, 5_000)
    for name, percent in (("2017-09", 16), ("2018-01", 25)):
        outcomes = continuation.outcomes[name]
        odense = outcomes.counted & (outcomes.nykom == ODENSE)
        closer = np.isin(outcomes.category, sorted(AGENDA_2018))
        assert round(100 * (odense & closer).sum() / odense.sum()) == percent
    outcomes = continuation.outcomes["2018-01"]
    hedensted = outcomes.counted & (outcomes.nykom == HEDENSTED)
    assert round(100 * (hedensted & np.isin(outcomes.category, sorted(AGENDA_2018))).sum() / hedensted.sum()) == 60
    fp = (outcomes.category[outcomes.counted] == "foertidspension").mean()
    assert 0.505 <= fp <= 0.53
    assert all(found["targets_met"] for found in continuation.calibration.values())
    moved = continuation.nykom_2017 >= 0
    assert 0 < moved.sum() <= 80, "a few movers, not a migration"


# --- realism across the boundary ------------------------------------------------------------------


@pytest.fixture(scope="module")
def grid(january_2018: Cut) -> Grid:
    """(weeks x persons codes, age in 1991, week indices) of the 2018-01 cut."""
    table = january_2018.table
    week_columns = [(weeks.column_index(name), name) for name in table.column_names if name.startswith("y_")]
    week_columns.sort()
    codes = np.stack([table[name].to_numpy(zero_copy_only=False) for _, name in week_columns])
    codes = np.nan_to_num(codes.astype(float)).astype(np.int64)
    return codes, table[columns.AGE_1991].to_numpy(), [index for index, _ in week_columns]


def test_no_dead_person_comes_back(grid: Grid) -> None:
    codes, _, _ = grid
    dead = np.maximum.accumulate(codes == benefits.DEAD, axis=0)
    assert (codes[dead] == benefits.DEAD).all()
    assert (codes[-1] == benefits.DEAD).sum() > (codes[weeks_row(grid, BASE_END)] == benefits.DEAD).sum()


def weeks_row(grid: Grid, index: int) -> int:
    return grid[2].index(index)


def test_disability_pensioners_stay_until_folkepension_at_65(grid: Grid) -> None:
    codes, age_1991, indices = grid
    base = weeks_row(grid, BASE_END)
    on_fp = codes[base] == benefits.FOERTIDSPENSION
    after = codes[base + 1 :, on_fp]
    allowed = [benefits.FOERTIDSPENSION, benefits.FOLKEPENSION, benefits.DEAD, benefits.EMIGRATED]
    assert on_fp.sum() > 1_000 and np.isin(after, allowed).all()
    age = age_1991[None, :] + (np.array(indices)[:, None] - weeks.week_index(1991, 31)) / 52.1775
    pension = codes == benefits.FOLKEPENSION
    assert (age[pension] >= 64).all(), "folkepension from 65 (alder9131 is a whole number of years)"
    later = np.array(indices) > BASE_END
    assert (pension[later] & (age[later] < 66)).any(), "somebody turns 65 in the continuation"


def test_programmes_continue_and_none_is_split_at_the_boundary(january: Cut, january_2018: Cut, grid: Grid) -> None:
    codes, age_1991, indices = grid
    last = weeks_row(grid, weeks.label_index("2017-W39"))
    in_programme = np.isin(codes[last], sorted(RESOURCE))
    assert in_programme.sum() >= 300, "persons still in a programme at 2017-W39"
    age = age_1991 + (indices[last] - weeks.week_index(1991, 31)) / 52.1775
    assert (age[in_programme] < 66).all()
    later = {(r["person_id"], r["start_week"]): r for r in january_2018.episodes}
    for row in january.episodes:
        found = later[(row["person_id"], row["start_week"])]
        if row["is_ended"] == "true":
            assert found["end_week"] == row["end_week"], row
        else:
            assert found["end_week"] >= row["end_week"], row


def test_few_people_move_in_2017(january_2018: Cut) -> None:
    table = january_2018.table
    before, after = table["nykom2016"].to_numpy(zero_copy_only=False), table["nykom2017"].to_numpy(zero_copy_only=False)
    both = ~np.isnan(before.astype(float)) & ~np.isnan(after.astype(float)) & (before > 100) & (after > 100)
    assert 0.02 <= (before[both] != after[both]).mean() <= 0.10


def test_cli_vintage_sets_the_cut_and_the_window(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scenario", "agenda2017", "--persons", str(PERSONS), "--vintage", "2017-09",
                 "--out", str(tmp_path / "x.parquet"), "--format", "parquet"]) == 0  # fmt: skip
    manifest_text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert '"last_week": "2017-W22"' in manifest_text and '"window_end": "2017-W09"' in manifest_text
    assert "vintage 2017-09" in capsys.readouterr().out
    assert main(["--vintage", "2017-09", "--last-week", "2017-W39", "--out", str(tmp_path / "y.csv")]) == 2

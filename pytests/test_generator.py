"""The generator: layout, planted edge cases, truth files, determinism and formats."""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from dream_outcomes import columns, extract, reference, weeks
from dream_outcomes.codes import load_code_table
from dream_outcomes.generator.cli import main
from dream_outcomes.generator.layout import Layout
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.generator.scenarios import edge
from dream_outcomes.generator.truth import EPISODES_FILE, OUTCOMES_FILE, PLANTED_FILE

PERSONS = 20_000
LAST = weeks.label_index("2016-W39")
REFORM = weeks.label_index("2013-W01")
WINDOW_END = weeks.label_index("2016-W26")
W53 = weeks.label_index("2015-W53")
RESOURCE_CODES = range(810, 819)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Run:
    """A generated 20,000-person default extract and everything derived from it."""

    directory: Path
    manifest: dict
    table: pa.Table
    persons: dict[str, reference.Person]
    outcomes: dict[str, dict[str, str]]
    episodes: dict[str, list[dict[str, str]]]
    planted: dict[str, list[str]]

    def resource_weeks(self, person_id: str) -> list[int]:
        codes = self.persons[person_id].codes
        return sorted(week for week, code in codes.items() if code in RESOURCE_CODES)

    def ended(self, person_id: str) -> list[dict[str, str]]:
        return [row for row in self.episodes[person_id] if row["is_ended"] == "true"]

    def outcome_is(self, person_id: str, **expected: str) -> bool:
        row = self.outcomes.get(person_id)
        return row is not None and all(row[key] == value for key, value in expected.items())

    def status_code(self, person_id: str) -> int | None:
        status_week = weeks.label_index(self.outcomes[person_id]["status_week"])
        return self.persons[person_id].codes.get(status_week)

    def end_year_nykom(self, person_id: str) -> int | None:
        year, _ = weeks.parse_label(self.outcomes[person_id]["end_week"])
        return self.persons[person_id].nykom[year]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    directory = tmp_path_factory.mktemp("edge")
    config = GeneratorConfig(out=directory / "extract.parquet", persons=PERSONS, fmt="parquet")
    manifest = generate(config)
    table = pq.read_table(directory / "extract.parquet")
    persons = {p.person_id: p for p in extract.read_persons(table, RESOURCE_CODES)}
    episodes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv_rows(directory / EPISODES_FILE):
        episodes[row["person_id"]].append(row)
    planted: dict[str, list[str]] = defaultdict(list)
    for row in read_csv_rows(directory / PLANTED_FILE):
        planted[row["edge_case"]].append(row["person_id"])
    outcomes = {row["person_id"]: row for row in read_csv_rows(directory / OUTCOMES_FILE)}
    return Run(directory, manifest, table, persons, outcomes, episodes, planted)


def generate_small(directory: Path, **options: object) -> dict:
    """1,500 persons, full width, in chunks of 600, into ``directory/extract``."""
    config = GeneratorConfig(out=directory / "extract", persons=1_500, chunk_size=600)
    return generate(dataclasses.replace(config, **options))  # type: ignore[arg-type]


# --- layout -----------------------------------------------------------------------------


def test_columns_follow_the_spec_patterns(run: Run) -> None:
    names = run.table.column_names
    assert names[:3] == [columns.PERSON_ID, columns.SEX, columns.AGE_1991]
    patterns = [
        weeks.WEEK_COLUMN_RE, columns.BRANCHE_RE, columns.GRAD_RE, columns.NYKOM_RE, columns.AK_RE
    ]
    assert all(any(p.match(name) for p in patterns) for name in names[3:])
    week_indices = [index for index, _ in extract.week_columns(run.table)]
    assert week_indices == list(range(0, LAST + 1))  # 1991-W32 .. 2016-W39, no gaps
    assert len(week_indices) == 1_313
    months = [columns.month_of(m) for m in map(columns.BRANCHE_RE.match, names) if m]
    assert months == [(y, m) for y in range(2008, 2017) for m in range(1, 13)][: 8 * 12 + 9]
    assert [columns.month_of(m) for m in map(columns.GRAD_RE.match, names) if m] == months
    nykom_years = [int(m.group(1)) for m in map(columns.NYKOM_RE.match, names) if m]
    assert nykom_years == list(range(2007, 2017))
    ak = [m.group(0) for m in map(columns.AK_RE.match, names) if m]
    assert ak == ["ak12", "ak13", "ak14", "ak15", "ak16"]
    assert run.manifest["columns"] == len(names) == 3 + 1_313 + 2 * 105 + 10 + 5


def test_ids_and_attributes(run: Run) -> None:
    ids = run.table.column("lobenr").to_pylist()
    assert ids[0] == "P0000001" and ids[-1] == "P0020000" and ids == sorted(set(ids))
    assert set(run.table.column("kon").to_pylist()) == {1, 2}
    assert min(run.table.column("alder9131").to_pylist()) < 0


def test_no_resource_code_before_the_reform(run: Run) -> None:
    names = [name for _, name in extract.week_columns(run.table)]
    codes = extract.code_matrix(run.table, names)
    resource = (codes >= 810) & (codes <= 818)
    assert not resource[:REFORM].any()
    assert resource[REFORM:].any(axis=0).mean() == pytest.approx(0.40, abs=0.03)


def test_parquet_row_groups_gather_chunks(tmp_path: Path) -> None:
    generate_small(tmp_path, fmt="parquet")
    metadata = pq.ParquetFile(tmp_path / "extract").metadata
    assert (metadata.num_row_groups, metadata.num_rows) == (1, 1_500)


# --- manifest and truth -----------------------------------------------------------------


def test_every_edge_case_is_planted_at_least_100_times(run: Run) -> None:
    counts = run.manifest["edge_cases"]
    assert set(counts) == set(edge.EDGE_CASES)
    assert run.manifest["edge_cases_not_applicable"] == []
    assert {name: count for name, count in counts.items() if count < 100} == {}
    assert {name: len(ids) for name, ids in run.planted.items()} == counts


def test_manifest_describes_the_run(run: Run) -> None:
    manifest = json.loads((run.directory / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == run.manifest
    assert (manifest["scenario"], manifest["seed"], manifest["persons"]) == ("edge", 1, PERSONS)
    assert (manifest["first_week"], manifest["last_week"]) == ("1991-W32", "2016-W39")
    assert manifest["format"] == "parquet"
    assert manifest["truth"]["outcomes"] == len(run.outcomes)
    assert manifest["generation_seconds"] > 0


def test_truth_files_are_the_reference_on_the_written_extract(run: Run) -> None:
    params = reference.Params("1991-W32", "2016-W39")
    table = load_code_table()
    expected_episodes, expected_outcomes = [], []
    for person in run.persons.values():
        episodes, outcome = reference.evaluate(person, params, table)
        expected_episodes += [reference.csv_row(e) for e in episodes]
        if outcome is not None:
            expected_outcomes.append(reference.csv_row(outcome))
    with (run.directory / EPISODES_FILE).open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [list(reference.EPISODE_COLUMNS), *expected_episodes]
    with (run.directory / OUTCOMES_FILE).open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [list(reference.OUTCOME_COLUMNS), *expected_outcomes]


def test_truth_has_every_status_category(run: Run) -> None:
    categories = {row["status_category"] for row in run.outcomes.values()}
    assert categories == {
        "ordinary_employment", "education", "fleksjob", "dagpenge", "ledighedsydelse",
        "foertidspension", "kontanthjaelp", "ressourceforloeb", "other", "self_supporting",
        "unknown_code",
    }


def moved_at_year_turn(r: Run, p: str) -> bool:
    """nykom of the ISO year of E is found, and differs from the neighbouring year's."""
    year, week = weeks.parse_label(r.outcomes[p]["end_week"])
    other = year + 1 if week >= 52 else year - 1
    nykom = r.persons[p].nykom
    return int(r.outcomes[p]["municipality_code"]) == nykom[year] != nykom[other]


def has_step(r: Run, p: str, step: int) -> bool:
    """Two consecutive resource weeks are ``step`` weeks apart."""
    return step in np.diff(r.resource_weeks(p)).tolist()


def step_over_w53(r: Run, p: str, step: int) -> bool:
    """Two consecutive resource weeks ``step`` weeks apart enclose 2015-W53."""
    found = r.resource_weeks(p)
    return any(a < W53 < b and b - a == step for a, b in zip(found, found[1:]))


def last_episode(r: Run, p: str) -> dict[str, str]:
    return r.episodes[p][-1]


CHECKS: dict[str, Callable[[Run, str], bool]] = {
    edge.A_GAP3: lambda r, p: has_step(r, p, 4),
    edge.B_GAP4: lambda r, p: has_step(r, p, 5) and len(r.episodes[p]) >= 2,
    edge.C_THROUGH_W53: lambda r, p: {W53 - 1, W53, W53 + 1} <= set(r.resource_weeks(p)),
    edge.C_GAP3_W53: lambda r, p: step_over_w53(r, p, 4),
    edge.C_GAP4_W53: lambda r, p: step_over_w53(r, p, 5),
    edge.C_END_W53: lambda r, p: r.outcome_is(p, end_week="2015-W53", status_week="2016-W13"),
    edge.D_ONGOING: lambda r, p: last_episode(r, p)["is_ended"] == "false"
    and weeks.label_index(last_episode(r, p)["end_week"]) >= LAST - 3,
    edge.E_AWAITING: lambda r, p: any(
        LAST - 12 <= weeks.label_index(e["end_week"]) <= LAST - 4 for e in r.ended(p)
    ),
    edge.F_SPLIT_MONDAY: lambda r, p: r.outcome_is(p, status_category="self_supporting"),
    edge.F_SPLIT_THURSDAY: lambda r, p: r.outcome_is(p, status_category="ordinary_employment"),
    edge.G_ISO_YEAR_MOVE: moved_at_year_turn,
    edge.H_SEVERAL: lambda r, p: len(r.ended(p)) >= 2
    and r.outcomes[p]["end_week"] == r.ended(p)[-1]["end_week"],
    edge.H_THEN_ONGOING: lambda r, p: p in r.outcomes and last_episode(r, p)["is_ended"] == "false",
    edge.H_THEN_LATER: lambda r, p: p in r.outcomes
    and last_episode(r, p)["is_ended"] == "true"
    and weeks.label_index(last_episode(r, p)["end_week"]) > WINDOW_END,
    edge.I_2013W01: lambda r, p: r.outcome_is(p, end_week="2013-W01"),
    edge.I_2013W02: lambda r, p: r.outcome_is(p, end_week="2013-W02"),
    edge.I_WINDOW_END: lambda r, p: r.outcome_is(
        p, end_week="2016-W26", status_week="2016-W39", is_outcome_observed="true"
    ),
    edge.I_AFTER_WINDOW_END: lambda r, p: p not in r.outcomes
    and any(e["end_week"] == "2016-W27" for e in r.ended(p)),
    edge.J_RESTART: lambda r, p: r.outcome_is(p, status_category="ressourceforloeb"),
    edge.J_NYKOM_ZERO: lambda r, p: r.outcome_is(p, municipality_code="", is_municipality="false")
    and r.end_year_nykom(p) == 0,
    edge.J_NYKOM_EMPTY: lambda r, p: r.outcome_is(p, municipality_code="", is_municipality="false")
    and r.end_year_nykom(p) is None,
    edge.J_NYKOM_411: lambda r, p: r.outcome_is(
        p, municipality_code="411", is_municipality="false"
    ),
    edge.J_NYKOM_INVALID: lambda r, p: r.outcome_is(p, is_municipality="false")
    and r.outcomes[p]["municipality_code"] in {"999", "102"},
    edge.K_DEATH: lambda r, p: r.outcome_is(p, status_category="other")
    and r.status_code(p) == 999,
    edge.K_EMIGRATION: lambda r, p: r.outcome_is(p, status_category="other")
    and r.status_code(p) == 997,
    edge.L_UNKNOWN_CODE: lambda r, p: r.outcome_is(p, status_category="unknown_code"),
}


@pytest.mark.parametrize("edge_case", edge.EDGE_CASES)
def test_planted_edge_cases_show_in_the_grid_and_the_truth(run: Run, edge_case: str) -> None:
    ids = run.planted[edge_case]
    failing = [pid for pid in ids if not CHECKS[edge_case](run, pid)]
    assert ids and failing == []


def test_month_split_status_weeks_really_split(run: Run) -> None:
    for tag in (edge.F_SPLIT_MONDAY, edge.F_SPLIT_THURSDAY):
        for pid in run.planted[tag]:
            status = weeks.label_index(run.outcomes[pid]["status_week"])
            assert weeks.index_monday(status).month != weeks.index_thursday(status).month
            assert run.status_code(pid) is None


@pytest.mark.parametrize(
    ("first_week", "last_week", "not_applicable"),
    [
        ("1991-W32", "2016-W39", set()),
        ("1991-W32", "2017-W20", set()),
        ("1991-W32", "2016-W24", {edge.H_THEN_LATER}),
        ("2014-W01", "2016-W39", {edge.I_2013W01, edge.I_2013W02}),
        (
            "1991-W32",
            "2015-W40",
            {
                edge.C_THROUGH_W53, edge.C_GAP3_W53, edge.C_GAP4_W53, edge.C_END_W53,
                edge.H_THEN_LATER,
            },
        ),
    ],
)
def test_kinds_either_always_or_never_fit_the_extract(
    first_week: str, last_week: str, not_applicable: set[str]
) -> None:
    layout = Layout.from_labels(first_week, last_week)
    planner = edge.EdgePlanner(layout)
    for kind in planner.all_kinds:
        built = {kind.build(random.Random(seed)) is not None for seed in range(30)}
        assert len(built) == 1, kind.tags
    applicable = edge.EdgeScenario().edge_cases(layout)
    assert {name for name, can in applicable.items() if not can} == not_applicable


def test_awaiting_outcomes_land_in_the_window_when_the_extract_ends_early(tmp_path: Path) -> None:
    manifest = generate_small(tmp_path, fmt="parquet", last_week="2016-W30")
    outcomes = read_csv_rows(tmp_path / OUTCOMES_FILE)
    awaiting = {row["person_id"] for row in outcomes if row["is_outcome_observed"] == "false"}
    planted = {
        row["person_id"]
        for row in read_csv_rows(tmp_path / PLANTED_FILE)
        if row["edge_case"] == edge.E_AWAITING
    }
    assert manifest["truth"]["status_categories"]["awaiting_outcome"] == len(awaiting) > 0
    assert planted and planted <= awaiting
    assert all(row["status_category"] == "" for row in outcomes if row["person_id"] in awaiting)


# --- determinism and formats ------------------------------------------------------------


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    for fmt in ("csv", "parquet"):
        generate_small(tmp_path / f"a_{fmt}", fmt=fmt, seed=7)
        generate_small(tmp_path / f"b_{fmt}", fmt=fmt, seed=7)
        for name in ("extract", EPISODES_FILE, OUTCOMES_FILE, PLANTED_FILE):
            first = (tmp_path / f"a_{fmt}" / name).read_bytes()
            assert first == (tmp_path / f"b_{fmt}" / name).read_bytes(), (fmt, name)
    generate_small(tmp_path / "c", fmt="csv", seed=8)
    other_seed = (tmp_path / "c" / "extract").read_bytes()
    assert other_seed != (tmp_path / "a_csv" / "extract").read_bytes()


def test_csv_and_parquet_carry_the_same_data(tmp_path: Path) -> None:
    generate_small(tmp_path / "csv", fmt="csv", sep=",", gzip=True)
    generate_small(tmp_path / "parquet", fmt="parquet")
    parquet = pq.read_table(tmp_path / "parquet" / "extract")
    options = pacsv.ParseOptions(delimiter=",")
    with pa.input_stream(tmp_path / "csv" / "extract", compression="gzip") as stream:
        from_csv = pacsv.read_csv(stream, parse_options=options)
    assert from_csv.column_names == parquet.column_names
    for name in parquet.column_names:
        wanted = parquet.column(name)
        assert from_csv.column(name).cast(wanted.type).equals(wanted), name
    for name in (EPISODES_FILE, OUTCOMES_FILE):
        assert (tmp_path / "csv" / name).read_bytes() == (tmp_path / "parquet" / name).read_bytes()


def test_csv_text_layout(tmp_path: Path) -> None:
    generate_small(tmp_path, fmt="csv", sep=";")
    raw = (tmp_path / "extract").read_bytes()
    assert b'"' not in raw and b"\r" not in raw
    header, first, *_ = raw.decode("utf-8").split("\n")
    assert header.startswith("lobenr;kon;alder9131;y_9132;y_9133;")
    assert first.startswith("P0000001;") and first.count(";") == header.count(";")
    assert ";;" in first  # empty weeks are empty fields
    assert re.fullmatch(r"-?\d+", first.split(";")[2])


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x" / "dream.csv"
    truth = tmp_path / "truth"
    argv = ["--persons", "300", "--seed", "3", "--chunk-size", "100"]
    assert main([*argv, "--out", str(out), "--truth-dir", str(truth)]) == 0
    assert out.exists() and (truth / "manifest.json").exists() and (truth / OUTCOMES_FILE).exists()
    assert "300 persons" in capsys.readouterr().out
    assert main(["--format", "parquet", "--gzip", "--out", str(tmp_path / "y.parquet")]) == 2
    assert main(["--first-week", "1990-W01", "--out", str(tmp_path / "z.csv")]) == 2


# --- present-day vintages ---------------------------------------------------------------

PRESENT_DAY = dict(first_week="1991-W32", last_week="2026-W45")
MOVED_WINDOW = dict(window_start="2013-W01", window_end="2025-W26")


def test_present_day_layout_has_the_width_of_its_vintage() -> None:
    """Weeks from 1991-W32, branche_/grad_ months from 2008, nykom from 2007, ak from 1991 and
    quarterly visitation columns from 2009, each up to the last week's (Thursday's) month/year/quarter."""
    layout = Layout.from_labels(**PRESENT_DAY, full_width=True)
    names = layout.schema.names
    groups = {
        "weeks": [n for n in names if weeks.WEEK_COLUMN_RE.match(n)],
        "branche": [n for n in names if columns.BRANCHE_RE.match(n)],
        "grad": [n for n in names if columns.GRAD_RE.match(n)],
        "nykom": [n for n in names if columns.NYKOM_RE.match(n)],
        "ak": [n for n in names if columns.AK_RE.match(n)],
        "visit": [n for n in names if columns.VISIT_RE.match(n)],
    }
    last = weeks.label_index("2026-W45")
    last_year, last_month = weeks.index_month(last)
    assert groups["weeks"][0] == "y_9132" and groups["weeks"][-1] == weeks.index_column(last)
    assert len(groups["weeks"]) == last + 1
    months = (last_year - 2008) * 12 + last_month
    assert len(groups["branche"]) == len(groups["grad"]) == months
    assert groups["grad"][-1] == columns.grad_column(last_year, last_month)
    assert len(groups["nykom"]) == last_year - 2007 + 1
    assert groups["ak"][0] == "ak91" and len(groups["ak"]) == last_year - 1991 + 1
    assert groups["visit"][0] == "visit_1kv2009"
    assert groups["visit"][-1] == f"visit_{(last_month - 1) // 3 + 1}kv{last_year}"
    assert len(groups["visit"]) == (last_year - 2009) * 4 + (last_month - 1) // 3 + 1
    assert len(names) == 3 + sum(len(found) for found in groups.values()) > 2_300
    # without full_width: the last five ak years and no visitation columns, as before
    narrow = Layout.from_labels(**PRESENT_DAY)
    assert not any(columns.VISIT_RE.match(n) for n in narrow.schema.names)
    assert sum(bool(columns.AK_RE.match(n)) for n in narrow.schema.names) == 5


def test_pnr_and_shuffled_columns_carry_the_same_data_and_truth(tmp_path: Path) -> None:
    """pnr + shuffled columns: a seed-deterministic order other than the canonical one, the same
    cells under the same names, the same truth files (the reference reads columns by name)."""
    options = dict(fmt="csv", persons=600, chunk_size=300, full_width=True, **PRESENT_DAY, **MOVED_WINDOW)
    generate_small(tmp_path / "plain", **options)
    generate_small(tmp_path / "shuffled", id_column="pnr", shuffle_columns=True, **options)
    generate_small(tmp_path / "again", id_column="pnr", shuffle_columns=True, **options)
    plain = pacsv.read_csv(tmp_path / "plain" / "extract", parse_options=pacsv.ParseOptions(delimiter=";"))
    shuffled = pacsv.read_csv(tmp_path / "shuffled" / "extract", parse_options=pacsv.ParseOptions(delimiter=";"))
    assert (tmp_path / "shuffled" / "extract").read_bytes() == (tmp_path / "again" / "extract").read_bytes()
    renamed = ["lobenr" if name == "pnr" else name for name in shuffled.column_names]
    assert "pnr" in shuffled.column_names and "lobenr" not in shuffled.column_names
    assert renamed != plain.column_names and sorted(renamed) == sorted(plain.column_names)
    assert shuffled.rename_columns(renamed).select(plain.column_names).equals(plain)
    assert any(columns.VISIT_RE.match(name) and shuffled.column(name).null_count < len(shuffled)
               for name in shuffled.column_names)
    for name in (EPISODES_FILE, OUTCOMES_FILE, PLANTED_FILE):
        assert (tmp_path / "shuffled" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name


def test_moved_window_truth_and_planting(tmp_path: Path) -> None:
    """--window-start/--window-end: the truth is the reference with that window on the written
    extract, every edge case can be planted, and outcomes fill every year of the window."""
    manifest = generate_small(tmp_path, fmt="parquet", full_width=True, id_column="pnr", **PRESENT_DAY, **MOVED_WINDOW)
    assert manifest["edge_cases_not_applicable"] == []
    table = pq.read_table(tmp_path / "extract")
    params = reference.Params("1991-W32", "2026-W45", **MOVED_WINDOW)
    code_table = load_code_table()
    expected = []
    for person in extract.read_persons(table, RESOURCE_CODES):
        _, outcome = reference.evaluate(person, params, code_table)
        if outcome is not None:
            expected.append(reference.csv_row(outcome))
    with (tmp_path / OUTCOMES_FILE).open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [list(reference.OUTCOME_COLUMNS), *expected]
    outcomes = read_csv_rows(tmp_path / OUTCOMES_FILE)
    by_year: dict[int, int] = defaultdict(int)
    for row in outcomes:
        by_year[weeks.parse_label(row["end_week"])[0]] += 1
    assert set(by_year) == set(range(2013, 2026)), by_year
    assert min(by_year.values()) >= 10, by_year
    planted = {row["person_id"] for row in read_csv_rows(tmp_path / PLANTED_FILE)
               if row["edge_case"] == edge.I_WINDOW_END}
    ends = {row["end_week"] for row in outcomes if row["person_id"] in planted}
    assert planted and ends == {"2025-W26"}


def test_cli_present_day_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x" / "dream.csv"
    argv = ["--persons", "200", "--seed", "3", "--last-week", "2026-W45", "--id-column", "pnr",
            "--full-width", "--shuffle-columns", "--window-end", "2025-W26", "--out", str(out)]
    assert main(argv) == 0
    manifest = json.loads((out.parent / "manifest.json").read_text())
    header = out.read_text(encoding="utf-8").split("\n", 1)[0].split(";")
    assert f"200 persons x {len(header)} columns" in capsys.readouterr().out
    assert manifest["columns"] == len(header) and "pnr" in header and header[0] != "pnr"
    assert manifest["analysis_defaults"]["window_end"] == "2025-W26"
    assert manifest["id_column"] == "pnr" and manifest["shuffled_columns"] is True
    assert main(["--window-end", "2014-W53", "--out", str(tmp_path / "z.csv")]) == 2
    assert capsys.readouterr().err == "error: ISO year 2014 has no week 53\n"
    with pytest.raises(SystemExit) as usage:
        main(["--id-column", "cpr", "--out", str(tmp_path / "z.csv")])
    assert usage.value.code == 2
    assert "argument --id-column: invalid choice: 'cpr' (choose from 'lobenr', 'pnr')" in capsys.readouterr().err

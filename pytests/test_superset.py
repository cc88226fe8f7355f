"""A real BI tool on the marts: Apache Superset (its own environment, .venv-superset) started
locally, the dashboard bundle (dream_outcomes/superset/dashboard.py) imported twice — once reading
the published DuckDB marts read-only, once reading PostgreSQL's marts as bi_reader — every chart's own
saved query run through Superset's API and compared with the marts, the person-level marts out of
reach of both connections, and the dashboard rendered in headless Chromium (screenshots kept in
target/test_artefacts/)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import CHROMIUM

from dream_outcomes.dbt_runner import PROJECT_DIR, DbtRun, InProcessDbt
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.superset.dashboard import CHARTS, TABLE_COLUMNS, Chart
from dream_outcomes.superset.server import Superset, SupersetError, duckdb_uri, postgres_uri

pytestmark = pytest.mark.bi

ARTEFACTS = PROJECT_DIR / "target" / "test_artefacts"
PERSON_LEVEL = ("person_marts.fct_resource_outcomes", "person_marts.fct_resource_episodes")

# What each chart must show, asked of the marts directly (not through the bundle's definitions):
# the published slice (point-in-time at the headline horizon) of the build's default outcome set.
PUBLISHED_SLICE = ("is_headline and outcome_set = (select default_outcome_set from marts.dim_analysis)")
EXPECTED = {
    "figure_1_ranking": (
        "select municipality_name, share_ci_low, share_closer, share_ci_high from marts.fct_municipal_outcomes "
        f"where {PUBLISHED_SLICE} and is_ranked order by share_closer desc nulls last, municipality_name"
    ),
    "figure_2_status": (
        "select label_da, share from marts.fct_status_distribution where is_headline order by share desc, label_da"
    ),
    "municipal_table": (
        f"select {', '.join(TABLE_COLUMNS)} from marts.fct_municipal_outcomes where {PUBLISHED_SLICE} "
        "order by municipality_name"
    ),
}


@pytest.fixture(scope="module")
def superset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Superset]:
    """A Superset of its own (fresh home, free port), set up and serving."""
    try:
        server = Superset(tmp_path_factory.mktemp("superset_home"))
    except SupersetError as error:
        pytest.fail(f"{error} (scripts/test_bi.sh makes it)")
    server.set_up()
    with server:
        server.start()
        yield server


@pytest.fixture(scope="module")
def dashboards(
    superset: Superset, planted_build: tuple[DbtRun, Path], postgres_build: tuple[DbtRun, Path],
    postgres_env: dict[str, str],
) -> dict[str, Path]:
    """The dashboard imported for each warehouse: name → the marts to compare with (the published
    DuckDB file; PostgreSQL's marts copied into DuckDB by the postgres_build fixture)."""
    run, database = planted_build
    assert run.returncode == 0, run.output[-3000:]
    published = database.parent / "dream_marts.duckdb"
    superset.import_dashboard("duckdb", duckdb_uri(published))
    pg_run, pg_marts = postgres_build
    assert pg_run.returncode == 0, pg_run.output[-3000:]
    superset.import_dashboard("postgres", postgres_uri(
        postgres_env["DREAM_PG_HOST"], postgres_env["DREAM_PG_PORT"], postgres_env["DREAM_PG_DATABASE"],
        postgres_env["DREAM_PG_BI_USER"], postgres_env["DREAM_PG_BI_PASSWORD"]))
    return {"duckdb": published, "postgres": pg_marts}


def same(left: object, right: object) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        return left is not None and right is not None and math.isclose(left, right, rel_tol=1e-12, abs_tol=1e-15)
    return left == right


def by_value(row: tuple) -> tuple:
    """A sort key equal for equal rows on both sides (Superset returns an integer column holding
    nulls as floats; a null sorts first)."""
    return tuple((0, 0.0) if value is None else (1, float(value) if isinstance(value, (int, float)) else value)
                 for value in row)


def chart_rows(superset: Superset, name: str, chart: Chart) -> list[tuple]:
    charts = superset.dashboard_charts(f"dream-outcomes-{name}")
    columns, rows = superset.chart_data(charts[chart.title])
    expected_columns = list(chart.columns) + list(chart.metrics) if chart.viz_type != "table" else list(chart.columns)
    assert columns == expected_columns, (chart.key, columns)
    return [tuple(row[column] for column in columns) for row in rows]


@pytest.mark.parametrize("name", ["duckdb", "postgres"])
def test_every_chart_returns_the_marts_numbers(
    superset: Superset, dashboards: dict[str, Path], name: str, report_figure
) -> None:
    """Each chart's saved query, run by Superset on the warehouse, gives the mart's rows: the same
    municipalities, statuses and values (a withheld cell empty in both), in the chart's order."""
    compared = []
    withheld = 0
    with duckdb.connect(str(dashboards[name]), read_only=True) as marts:
        for chart in CHARTS:
            expected = sorted(marts.execute(EXPECTED[chart.key]).fetchall(), key=by_value)
            shown = chart_rows(superset, name, chart)
            assert len(shown) == len(expected) > 0, (chart.key, len(shown), len(expected))
            assert sum(1 for row in shown if row[-1] is not None) > 0, chart.key  # not all withheld
            for column, ascending in chart.order_by:  # the chart's own order (nulls placed as the warehouse does)
                values = [row[(list(chart.columns) + list(chart.metrics)).index(column)] for row in shown]
                values = [value for value in values if value is not None]
                if all(isinstance(value, str) for value in values):
                    continue  # names sort by the warehouse's collation
                assert values == sorted(values, reverse=not ascending), (chart.key, column)
            shown.sort(key=by_value)
            differences = [(s, e) for s, e in zip(shown, expected)
                           if not all(same(a, b) for a, b in zip(s, e))]
            assert differences == [], (chart.key, differences[:5])
            compared.append(f"{chart.key} {len(shown)} rows")
            if chart.key == "municipal_table":
                withheld = sum(1 for row in shown if row[TABLE_COLUMNS.index("is_suppressed")])
    report_figure(f"superset ({name}): the charts' queries equal the marts: {', '.join(compared)}, 0 differences "
                  f"({withheld} municipalities with withheld cells, empty in both)")


def test_the_dashboard_shows_the_next_green_build_without_a_new_import(
    superset: Superset, tmp_path: Path, report_figure
) -> None:
    """Superset opens the published file for each query (read-only, no pool, no chart cache): after
    the next green build swaps the file in, the same chart shows the new build's numbers; and a new
    import of the bundle, for marts that moved, takes the new connection."""
    chart = next(chart for chart in CHARTS if chart.key == "figure_2_status")
    builds = InProcessDbt(tmp_path / "work", tmp_path / "dream.duckdb")
    published = tmp_path / "dream_marts.duckdb"
    shown = []
    for seed in (21, 22):
        extract = tmp_path / f"seed{seed}" / "dream_extract.csv"
        generate(GeneratorConfig(out=extract, scenario="edge", persons=300, seed=seed, first_week="2012-W01"))
        run = builds.build(extract, "--exclude-resource-type", "unit_test")
        assert run.returncode == 0, run.output[-3000:]
        if seed == 21:
            superset.import_dashboard("rebuilt", duckdb_uri(published))
        with duckdb.connect(str(published), read_only=True) as marts:
            expected = sorted(marts.execute(EXPECTED[chart.key]).fetchall(), key=by_value)
        rows = sorted(chart_rows(superset, "rebuilt", chart), key=by_value)
        assert len(rows) == len(expected) and all(same(a, b) for r, e in zip(rows, expected) for a, b in zip(r, e))
        shown.append(rows)
    assert shown[0] != shown[1]
    # the marts moved elsewhere: importing the bundle again with the new URI replaces the connection
    # (Superset's own import would keep the old database, dataset and chart)
    moved = tmp_path / "moved" / "dream_marts.duckdb"
    moved.parent.mkdir()
    published.rename(moved)
    superset.import_dashboard("rebuilt", duckdb_uri(moved))
    assert sorted(chart_rows(superset, "rebuilt", chart), key=by_value) == shown[1]
    label, first, second = next((a[0], a[1], b[1]) for a, b in zip(shown[0], shown[1])
                                if a[0] == b[0] and None not in (a[1], b[1]) and a[1] != b[1])
    report_figure(f"superset: the same chart showed the next green build's marts without a new import "
                  f"({len(shown[0])} statuses; e.g. {label}: share {first:.3f}, then {second:.3f}), and the "
                  "marts moved elsewhere after a new import")


@pytest.mark.parametrize("name", ["duckdb", "postgres"])
def test_the_connections_reach_no_person_level_mart(superset: Superset, dashboards: dict[str, Path], name: str) -> None:
    """In SQL Lab, the BI user reads the marts but not the person-level marts: the published DuckDB
    file does not hold them, and bi_reader has no grant on them in PostgreSQL."""
    database = superset.database_id(name)
    status, answer = superset.sql_lab(database, "select count(*) as n from marts.fct_national_outcomes")
    assert status == 200 and answer["data"][0]["n"] > 0, answer
    for relation in PERSON_LEVEL:
        status, answer = superset.sql_lab(database, f"select count(*) as n from {relation}")
        assert status != 200, (relation, answer)
        message = str(answer).lower()
        reason = "does not exist" if name == "duckdb" else "permission denied"
        assert reason in message, (relation, answer)


@pytest.mark.parametrize("name", ["duckdb", "postgres"])
def test_the_dashboard_renders_in_headless_chromium(
    superset: Superset, dashboards: dict[str, Path], name: str, report_figure
) -> None:
    """The dashboard as a user sees it: logged in through the form, every chart drawn (two ECharts
    canvases and the table with its rows), no error on the page; a screenshot is kept."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTEFACTS / f"superset_dashboard_{name}.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        # a request to Superset that failed (not one the browser dropped on leaving a page)
        page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url} {request.failure}")
                if request.url.startswith(superset.url) and request.failure != "net::ERR_ABORTED" else None)
        page.goto(f"{superset.url}/login/")
        page.fill("[data-test=username-input]", "admin")
        page.fill("[data-test=password-input]", superset.password)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/login" not in url, timeout=60_000)
        page.goto(f"{superset.url}/superset/dashboard/dream-outcomes-{name}/")
        page.wait_for_selector("canvas >> nth=1", timeout=120_000)
        page.wait_for_selector("table tbody tr", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        text = page.inner_text("body")
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    for chart in CHARTS:
        assert chart.title in text, chart.title
    for failure in ("Unexpected error", "No results were returned", "Error:"):
        assert failure not in text, failure
    assert errors == [], errors
    assert screenshot.stat().st_size > 50_000
    report_figure(f"superset ({name}): dashboard rendered in headless Chromium, no error: {screenshot}")

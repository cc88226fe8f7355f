"""The report is made from the marts only, and renders in headless Chromium without errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import CHROMIUM

from dream_outcomes.dbt_runner import DbtRun
from dream_outcomes.report import build_report


@pytest.fixture(scope="module")
def report_page(planted_build: tuple[DbtRun, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    run, database = planted_build
    assert run.returncode == 0, run.output[-3000:]
    return build_report(database, tmp_path_factory.mktemp("report"), run_results=run.target_path / "run_results.json")


def test_report_writes_the_page_and_a_png_per_figure(report_page: Path) -> None:
    names = sorted(path.name for path in report_page.parent.glob("*.png"))
    assert names == [
        "figure_1_ranking.png",
        "figure_1_ranking_agenda_2018.png",
        "figure_2_status.png",
        "figure_3_trend.png",
        "figure_4_adjusted.png",
        "figure_5_vintages.png",
        "figure_6_horizons.png",
        "figure_7_time_to_closer.png",
    ]
    page = report_page.read_text(encoding="utf-8")
    for needle in ("Figur 1", "Figur 2", "Alle kommuner", "Risikojusteret", "Definitioner", "2013-W01",
                   "Udtræk over tid / across vintages",
                   "data:image/png;base64,", "Status 13 uger efter / Status 13 weeks after", "de fire uger efter",
                   "the four weeks after", "DREAM-koder 810–818", "de 98 kommuner",
                   "agenda_2017: ordinært job, uddannelse, fleksjob eller dagpenge."):
        assert needle in page


def test_the_vintages_section_is_made_from_the_history_mart(
    planted_build: tuple[DbtRun, Path], tmp_path: Path
) -> None:
    """Each vintage recorded in fct_municipal_outcome_history is a row of the section's table, with its
    last day and window; a second vintage added to the mart appears there."""
    _, database = planted_build
    changed = tmp_path / "changed.duckdb"
    shutil.copy(database, changed)
    with duckdb.connect(str(changed)) as con:
        con.execute(
            "insert into marts.fct_municipal_outcome_history select '2099-W01', date '2099-01-10', "
            "analysis_window_start, '2098-W40', outcome_set, municipality_code, municipality_name, is_national, "
            "persons, persons_awaiting_outcome, persons_closer, share_closer, share_ci_low, share_ci_high, "
            "is_ranked, rank, is_suppressed from marts.fct_municipal_outcome_history"
        )
    before = build_report(database, tmp_path / "before").read_text(encoding="utf-8")
    after = build_report(changed, tmp_path / "after").read_text(encoding="utf-8")
    assert "2099-W01" not in before
    for needle in ("<td>2099-W01</td><td>2099-01-10</td>", "2098-W40"):
        assert needle in after
    assert (tmp_path / "before" / "figure_5_vintages.png").read_bytes() != (
        tmp_path / "after" / "figure_5_vintages.png").read_bytes()


def test_the_words_come_from_dim_analysis_and_the_reference_marts(
    report_page: Path, planted_build: tuple[DbtRun, Path], tmp_path: Path
) -> None:
    """Horizon, gap, outcome-set labels, resource codes and the number of municipalities are read
    from marts.dim_analysis and the published seeds (dim_benefit_codes, dim_outcome_sets,
    dim_municipalities, the categories of fct_status_distribution), not written into the report."""
    _, database = planted_build
    changed = tmp_path / "changed.duckdb"
    shutil.copy(database, changed)
    with duckdb.connect(str(changed)) as con:
        con.execute("update marts.dim_analysis set status_horizon_weeks = 26, episode_gap_weeks = 6")
        con.execute("update marts.fct_status_distribution set label_da = 'Testuddannelse', "
                    "label_en = 'Test education' where status_category = 'education'")
        con.execute("update marts.dim_benefit_codes set is_resource_programme = false where benefit_code = 818")
        con.execute("delete from marts.dim_municipalities where municipality_code = 101")
    after = build_report(changed, tmp_path / "after").read_text(encoding="utf-8")
    for needle in ("Status 26 uger efter / Status 26 weeks after", "Seks sammenhængende uger uden ydelsen",
                   "op til fem uger", "Six consecutive weeks", "the six weeks after", "DREAM-koder 810–817",
                   "de 97 kommuner", "agenda_2017: ordinært job, testuddannelse, fleksjob eller dagpenge.",
                   "agenda_2017: ordinary employment, test education, flexjob or unemployment insurance benefit."):
        assert needle in after
    for gone in ("13 uger", "13 weeks", "fire uger", "four weeks", "810–818", "98 kommuner"):
        assert gone in report_page.read_text(encoding="utf-8") and gone not in after


def test_changing_a_mart_changes_the_page(planted_build: tuple[DbtRun, Path], tmp_path: Path) -> None:
    _, database = planted_build
    before = build_report(database, tmp_path / "before").read_text(encoding="utf-8")
    changed = tmp_path / "changed.duckdb"
    shutil.copy(database, changed)
    with duckdb.connect(str(changed)) as con:
        con.execute(
            "update marts.fct_municipal_outcomes set municipality_name = 'Testrup Kommune', persons_closer = 4242 "
            "where municipality_code = 101"
        )
        con.execute("update marts.dim_analysis set extract_last_week = '2099-W01'")
    after = build_report(changed, tmp_path / "after").read_text(encoding="utf-8")
    assert "Testrup Kommune" not in before and "2099-W01" not in before
    assert "Testrup Kommune" in after and "<td>4.242</td>" in after and "2099-W01" in after


def test_report_renders_in_headless_chromium_without_errors(report_page: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
        page.goto(report_page.as_uri(), wait_until="load")
        images = page.eval_on_selector_all(
            "img", "images => images.map(i => [i.id, i.complete, i.naturalWidth, i.naturalHeight])"
        )
        rows = page.eval_on_selector_all("table.municipalities tbody tr", "rows => rows.length")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert problems == []
    assert len(images) == 8
    assert all(complete and width > 300 and height > 100 for _, complete, width, height in images), images
    assert rows >= 98
    assert (tmp_path / "report.png").stat().st_size > 10_000

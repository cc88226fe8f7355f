"""The per-target benchmark's own helpers (no build): node names, the Spark session settings
read from the profile, memory of the processes started, and the printed table."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from dream_outcomes.target_benchmark import (
    ProcessesMemory,
    TargetResult,
    _node_name,
    markdown,
    spark_session_parameters,
)


def test_node_names_are_the_nodes_names_not_their_hashes() -> None:
    assert _node_name("model.dream_outcomes.base_dream__extract_values") == "model base_dream__extract_values"
    assert _node_name("test.dream_outcomes.not_null_fct_x_person_id.5229a5f83f") == "test not_null_fct_x_person_id"
    assert _node_name("unit_test.dream_outcomes.int_x.test_gap") == "unit_test int_x.test_gap"


def test_the_spark_session_has_the_profiles_settings() -> None:
    parameters = spark_session_parameters({"DREAM_SPARK_DIR": "/tmp/s", "DREAM_SPARK_DRIVER_MEMORY": "9g"})
    assert parameters["spark.sql.warehouse.dir"] == "/tmp/s/warehouse"
    assert parameters["spark.hadoop.javax.jdo.option.ConnectionURL"] == "jdbc:derby:;databaseName=/tmp/s/metastore_db;create=true"
    assert parameters["spark.driver.memory"] == "9g"
    assert parameters["spark.master"] == "local[2]"


def test_memory_counts_the_processes_started() -> None:
    # a child holding ~200 MB: the peak counts it, not this process
    code = "b = b'x' * (200 * 2**20); import time; time.sleep(1.0)"
    with ProcessesMemory(interval=0.05, pss_every=2) as memory:
        subprocess.run([sys.executable, "-c", code], check=True)
        time.sleep(0.1)
    assert 200 * 2**20 <= memory.peak_bytes < 1 * 2**30
    assert 190 * 2**20 <= memory.peak_pss_bytes <= memory.peak_bytes


def test_a_fork_not_yet_execd_counts_once() -> None:
    # a child that forks itself: the fork (same command line, the same pages) is its parent's memory
    code = (
        "import os, time; b = b'x' * (300 * 2**20); pid = os.fork(); time.sleep(1.5)\n"
        "if pid: os.waitpid(pid, 0)\nelse: os._exit(0)"
    )
    with ProcessesMemory(interval=0.05, pss_every=2) as memory:
        subprocess.run([sys.executable, "-c", code], check=True)
    assert 300 * 2**20 <= memory.peak_bytes < 500 * 2**20


def test_the_table_shows_time_and_memory(tmp_path: Path) -> None:
    extract = tmp_path / "dream_extract.parquet"
    extract.write_bytes(b"x" * 1000)
    result = TargetResult(
        target="postgres", load_seconds=61.0, build_seconds=125.0, dbt_elapsed_seconds=120.0, returncode=0,
        nodes={"model": 37, "test": 103, "unit_test": 9}, statuses={"success": 43, "pass": 112},
        truth_differences=0, mart_differences_from_duckdb={}, load_peak_rss_bytes=2**30, load_peak_pss_bytes=2**29,
        build_peak_rss_bytes=3 * 2**29, slowest_nodes=[("model base_dream__extract_values", 70.0)],
    )
    table = markdown(extract, [result], '{analysis_window_end: "2025-W26"}')
    assert "| postgres | 1 min 1 s | 1.00 GiB (PSS 0.50) | 2 min 5 s | 1.50 GiB | 2 min 0 s | 37, 103, 9 |" in table
    assert "identical | base_dream__extract_values 1 min 10 s |" in table
    assert "- postgres: model base_dream__extract_values 1 min 10 s" in table

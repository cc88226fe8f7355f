"""Documentation coverage: every model, source, seed, project macro and mart column has a
description (from the manifest of a `dbt parse`), and dream_outcomes.coverage counts right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dream_outcomes import coverage
from dream_outcomes.dbt_runner import run_dbt

MUST_BE_DESCRIBED = ["models", "sources", "seeds", "project macros", "columns, marts"]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The project's manifest from `dbt parse` (no database, no extract read)."""
    work_dir = tmp_path_factory.mktemp("parse")
    run = run_dbt(["parse"], extract=work_dir / "unused.csv", database=work_dir / "parse.duckdb", work_dir=work_dir)
    assert run.returncode == 0, run.output[-3000:]
    return json.loads((run.target_path / "manifest.json").read_text())


@pytest.mark.parametrize("label", MUST_BE_DESCRIBED)
def test_everything_is_described(manifest: dict, label: str) -> None:
    found = {item.label: item for item in coverage.documentation_coverage(manifest)}[label]
    assert found.total > 0
    assert found.missing == (), f"{label} without a description: {', '.join(found.missing)}"


def test_marts_enforce_their_contracts(manifest: dict) -> None:
    """So the mart columns declared in YAML (checked above) are exactly the built ones."""
    marts = [node for node in manifest["nodes"].values() if node["resource_type"] == "model" and coverage.is_mart(node)]
    assert marts and all(node["config"]["contract"]["enforced"] for node in marts)


def _model(name: str, folder: str, description: str, columns: dict[str, str]) -> dict:
    return {
        "resource_type": "model", "package_name": "p", "name": name, "path": f"{folder}/{name}.sql",
        "description": description,
        "columns": {column: {"name": column, "description": text} for column, text in columns.items()},
    }


def _test(unique_id: str, attached: str, column: str | None, kwargs: dict | None = None) -> dict:
    return {
        "resource_type": "test", "package_name": "p", "name": unique_id, "depends_on": {"nodes": [attached]},
        "attached_node": attached, "column_name": column,
        "test_metadata": {"name": "t", "kwargs": kwargs or {}},
    }


def _macro(name: str, description: str, package: str = "p") -> dict:
    return {"name": name, "package_name": package, "description": description}


def test_counts_from_hand_made_artifacts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = {
        "metadata": {"project_name": "p"},
        "nodes": {
            "model.p.stg": _model("stg", "staging", "", {"id": "Id.", "x": ""}),
            "model.p.fct": _model("fct", "marts", "Facts.", {"id": "Id.", "y": "Y."}),
            "test.p.a": _test("test.p.a", "model.p.fct", "id"),
            "test.p.b": _test("test.p.b", "model.p.fct", None, {"combination_of_columns": ["id", "y"]}),
        },
        "sources": {"source.p.raw.t": {"package_name": "p", "source_name": "raw", "name": "t", "description": "T."}},
        "macros": {
            "macro.p.m": _macro("m", "Dispatches."),
            "macro.p.duckdb__m": _macro("duckdb__m", ""),  # an implementation of m: not counted
            "macro.p.n": _macro("n", ""),
            "macro.dbt.other": _macro("other", "", package="dbt"),  # not this project's
        },
    }
    catalog: dict = {
        "nodes": {"model.p.stg": {"columns": {"ID": {}, "X": {}, "Z": {}}}, "model.p.fct": {"columns": {"ID": {}, "Y": {}}}}
    }
    docs = {item.label: item for item in coverage.documentation_coverage(manifest, catalog)}
    assert (docs["models"].covered, docs["models"].total, docs["models"].missing) == (1, 2, ("stg",))
    assert docs["project macros"].missing == ("n",) and docs["project macros"].total == 2
    assert docs["columns, all models"].missing == ("stg.x", "stg.z")  # z: built, not declared
    assert (docs["columns, marts"].covered, docs["columns, marts"].total) == (2, 2)
    tests = {item.label: item for item in coverage.data_test_coverage(manifest, catalog)}
    assert tests["models with a data test"].missing == ("stg",)
    assert tests["columns with a data test"].missing == ("stg.id", "stg.x", "stg.z")

    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    coverage.main(["--manifest", str(tmp_path / "manifest.json"), "--catalog", str(tmp_path / "catalog.json")])
    printed = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert "columns, all models 3 / 5 60.0 % missing: stg.x, stg.z" in printed
    assert "columns with a data test 2 / 5 40.0 % missing: stg.id, stg.x, stg.z" in printed

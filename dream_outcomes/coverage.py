"""Documentation and test coverage of the dbt project, read from dbt's artifacts.

Usage: python -m dream_outcomes.coverage --manifest target/manifest.json [--catalog target/catalog.json]

Documentation: models, sources, seeds and this project's macros with a description, the
columns of all models and of the marts with one. Tests: models with at least one data test
(generic or singular), columns with at least one (a generic test on the column, or a
`unique_combination_of_columns` naming it). With a catalog (`dbt docs generate`) the columns
are those of the built relations; without one, those declared in YAML (the marts enforce their
contracts, so for them the two agree). An adapter implementation of a dispatched macro
(`duckdb__x` beside `x`) counts as documented by the macro it implements.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

MARTS_FOLDER = "marts"
IMPLEMENTATION = re.compile(r"[a-z0-9]+__(?P<macro>.+)")


@dataclass(frozen=True)
class Coverage:
    """How many of `total` items are covered, and the ones that are not."""

    label: str
    total: int
    missing: tuple[str, ...]

    @property
    def covered(self) -> int:
        return self.total - len(self.missing)

    def line(self, shown: int = 8) -> str:
        percent = f"{100 * self.covered / self.total:5.1f} %" if self.total else "  n/a"
        text = f"  {self.label:<28} {self.covered:>4} / {self.total:<4} {percent}"
        if self.missing:
            more = f", ... ({len(self.missing) - shown} more)" if len(self.missing) > shown else ""
            text += "   missing: " + ", ".join(self.missing[:shown]) + more
        return text


def _described(resource: dict) -> bool:
    return bool((resource.get("description") or "").strip())


def _coverage(label: str, items: dict[str, bool]) -> Coverage:
    return Coverage(label, len(items), tuple(sorted(name for name, ok in items.items() if not ok)))


def _models(manifest: dict) -> dict[str, dict]:
    project = manifest["metadata"]["project_name"]
    return {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == project
    }


def is_mart(model: dict) -> bool:
    return Path(model["path"]).parts[0] == MARTS_FOLDER


def model_columns(manifest: dict, catalog: dict | None) -> dict[str, list[str]]:
    """Column names (lower case) of each model: built (catalog) or declared (manifest)."""
    columns: dict[str, list[str]] = {}
    for unique_id, model in _models(manifest).items():
        if catalog is not None:
            names = catalog["nodes"].get(unique_id, {}).get("columns", {})
        else:
            names = model["columns"]
        columns[unique_id] = [name.lower() for name in names]
    return columns


def project_macros(manifest: dict) -> dict[str, dict]:
    """This project's macros, less adapter implementations of its dispatched macros."""
    project = manifest["metadata"]["project_name"]
    own = {macro["name"]: macro for macro in manifest["macros"].values() if macro["package_name"] == project}
    return {
        name: macro
        for name, macro in own.items()
        if not ((match := IMPLEMENTATION.fullmatch(name)) and match["macro"] in own)
    }


def documentation_coverage(manifest: dict, catalog: dict | None = None) -> list[Coverage]:
    models = _models(manifest)
    project = manifest["metadata"]["project_name"]
    columns = model_columns(manifest, catalog)

    def column_docs(unique_ids: list[str]) -> dict[str, bool]:
        found: dict[str, bool] = {}
        for unique_id in unique_ids:
            declared = {name.lower(): column for name, column in models[unique_id]["columns"].items()}
            for name in columns[unique_id]:
                found[f"{models[unique_id]['name']}.{name}"] = _described(declared.get(name, {}))
        return found

    return [
        _coverage("models", {model["name"]: _described(model) for model in models.values()}),
        _coverage(
            "sources",
            {
                f"{source['source_name']}.{source['name']}": _described(source)
                for source in manifest["sources"].values()
                if source["package_name"] == project
            },
        ),
        _coverage(
            "seeds",
            {
                node["name"]: _described(node)
                for node in manifest["nodes"].values()
                if node["resource_type"] == "seed" and node["package_name"] == project
            },
        ),
        _coverage("project macros", {name: _described(macro) for name, macro in project_macros(manifest).items()}),
        _coverage("columns, all models", column_docs(sorted(models))),
        _coverage("columns, marts", column_docs(sorted(u for u, model in models.items() if is_mart(model)))),
    ]


def data_test_coverage(manifest: dict, catalog: dict | None = None) -> list[Coverage]:
    models = _models(manifest)
    columns = model_columns(manifest, catalog)
    tested_models: set[str] = set()
    tested_columns: set[tuple[str, str]] = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        tested_models.update(node["depends_on"]["nodes"])
        attached = node.get("attached_node")
        kwargs = (node.get("test_metadata") or {}).get("kwargs", {})
        for name in [node.get("column_name"), *kwargs.get("combination_of_columns", [])]:
            if attached and name:
                tested_columns.add((attached, name.lower()))
    return [
        _coverage("models with a data test", {model["name"]: u in tested_models for u, model in models.items()}),
        _coverage(
            "columns with a data test",
            {
                f"{models[u]['name']}.{name}": (u, name) in tested_columns
                for u in sorted(models)
                for name in columns[u]
            },
        ),
    ]


def report(manifest: dict, catalog: dict | None) -> str:
    basis = "as built, from the catalog" if catalog is not None else "as declared in YAML, no catalog"
    lines = [f"documentation coverage (columns {basis}):"]
    lines += [item.line() for item in documentation_coverage(manifest, catalog)]
    lines.append("test coverage:")
    lines += [item.line() for item in data_test_coverage(manifest, catalog)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=Path("target/manifest.json"))
    parser.add_argument("--catalog", type=Path, help="catalog.json of `dbt docs generate` (optional)")
    args = parser.parse_args(argv)
    manifest = json.loads(args.manifest.read_text())
    catalog = json.loads(args.catalog.read_text()) if args.catalog else None
    print(report(manifest, catalog))


if __name__ == "__main__":
    main()

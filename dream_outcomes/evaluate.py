"""Measure the project by dbt Labs' own rules: dbt-project-evaluator and dbt-score.

    python -m dream_outcomes.evaluate --evaluator PATH[@REF] --dbt-utils PATH[@REF] [--keep DIR] [--no-score]
    scripts/evaluate.sh ...   (the same, in the project's .venv)

The evaluator cannot be a dependency of the project (no hub packages), so it runs as a local
package of a throw-away copy of the project. PATH is a checkout of dbt-labs/dbt-project-evaluator
(resp. dbt-labs/dbt-utils): a work tree as it is, or with @REF the tree of that commit, tag or
branch (``git archive``); a bare git directory needs @REF (default HEAD). The evaluator v1.3.2
requires dbt_utils >=1.0.0,<2.0.0 (its packages.yml).

What it does, in a temporary folder (or DIR with --keep; never inside the project):

* copies the project (dbt_project.yml, profiles/ and the folders dbt_project.yml names: models,
  macros, tests, seeds, analyses; pyproject.toml for dbt-score's settings), not target/, data/,
  .venv;
* exports both checkouts beside it and writes a packages.yml of ``local:`` packages (the
  evaluator's own packages.yml, which names the hub's dbt_utils, is pointed at the local one);
* adds the evaluator's configuration to the copy's dbt_project.yml: the dispatch search order
  for ``dbt`` (README: ['dbt_project_evaluator', 'dbt']) and the evaluator's vars:
  ``primary_key_test_macros`` counts dbt's unique + not_null pair and the project's own generic
  test ``unique_combination_of_columns`` (in place of dbt_utils', whose name it shares);
* uses the project's exceptions, ``seeds/dbt_project_evaluator_exceptions.csv`` (the evaluator's
  format: fct_name,column_name,id_to_exclude,comment; the root project's seed of that name
  replaces the package's empty one, which is disabled in the copy);
* generates a small extract (300 persons) for the project's on-run-start hook, then runs
  ``dbt deps`` and ``dbt build --select package:dbt_project_evaluator`` (plus the exceptions seed)
  on a throw-away DuckDB file; the evaluator's tests warn or fail when a rule has rows, which does
  not stop the measurement;
* prints one line per rule (its rows and the offending nodes), the documentation and test
  coverage, and ``evaluator: N rows on M rules``; then ``dbt-score lint`` of the copy's
  manifest (dbt-score scores the root project's own models, sources, seeds and macros only, not
  the packages'): its project score, every item below 10 with the rules it fails, and
  ``dbt-score: X.XX`` (the score cut, not rounded, to two decimals).

Progress goes to stderr, the measurement to stdout. Exit status 0 when the measurement ran (rows
or not), 1 with one line on stderr when it could not (a missing checkout, a failed build).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from dream_outcomes.dbt_runner import PROJECT_DIR, dbt_executable

EVALUATOR = "dbt_project_evaluator"
DBT_UTILS = "dbt_utils"
EXCEPTIONS_SEED = "dbt_project_evaluator_exceptions"
EXCEPTIONS_COLUMNS = ["fct_name", "column_name", "id_to_exclude", "comment"]
EVALUATOR_DISPATCH = {"macro_namespace": "dbt", "search_order": [EVALUATOR, "dbt"]}
"""The evaluator's README, "Additional setup for Databricks/Spark/DuckDB/Redshift/Fabric"."""
PERSONS = 300
"""Persons of the extract the on-run-start hook registers (the evaluator reads no project table)."""
PROJECT_PATH_KEYS = ("model-paths", "macro-paths", "test-paths", "seed-paths", "analysis-paths",
                     "snapshot-paths", "docs-paths")
CATEGORIES = {"dag": "modeling", "tests": "testing", "documentation": "documentation",
              "structure": "structure", "performance": "performance", "governance": "governance"}
"""Folders of the evaluator's models/marts/ and the rule categories of its docs."""
COVERAGE_TABLES = ("fct_documentation_coverage", "fct_test_coverage")
COPY_IGNORE = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", "target", "dbt_packages", "logs", ".venv*")
MARKER = ".dream_evaluate"
"""A file in a --keep folder: it was made by this module and may be emptied by the next run."""

# How a rule's rows name the offending nodes (the columns of the evaluator v1.3.2's tables); a
# table not listed, or whose columns differ, is shown column=value.
ROW_FORMATS = {
    "fct_chained_views_dependencies": "{parent} -> {child} ({distance} views)",
    "fct_duplicate_sources": "{source_names} ({source_db_location})",
    "fct_exposure_parents_materializations":
        "{exposure_name} <- {parent_resource_name} ({parent_model_materialization})",
    "fct_exposures_dependent_on_private_models": "{exposure_name} <- {parent_resource_name} ({parent_access})",
    "fct_hard_coded_references": "{model}: {hard_coded_references}",
    "fct_marts_or_intermediate_dependent_on_source": "{child} <- {parent}",
    "fct_missing_primary_key_tests": "{resource_name}",
    "fct_model_directories": "{current_file_path} -> {change_file_path_to}",
    "fct_model_fanout": "{parent} -> [{leaf_children}]",
    "fct_model_naming_conventions": "{resource_name} ({model_type}: {appropriate_prefixes})",
    "fct_multiple_sources_joined": "{child} <- [{source_parents}]",
    "fct_public_models_without_contract": "{resource_name}",
    "fct_rejoining_of_upstream_concepts": "{child} <- {parent} directly and via {parent_and_child}",
    "fct_root_models": "{child}",
    "fct_source_directories": "{current_file_path} -> {change_file_path_to}",
    "fct_source_fanout": "{parent} -> [{model_children}]",
    "fct_sources_without_freshness": "{resource_name}",
    "fct_staging_dependent_on_marts_or_intermediate": "{child} <- {parent} ({parent_model_type})",
    "fct_staging_dependent_on_staging": "{child} <- {parent}",
    "fct_test_directories": "{test_name}: {current_test_directory} -> {change_test_directory_to}",
    "fct_too_many_joins": "{resource_name} ({join_count} joins)",
    "fct_undocumented_models": "{resource_name}",
    "fct_undocumented_public_models": "{resource_name}",
    "fct_undocumented_source_tables": "{resource_name}",
    "fct_undocumented_sources": "{source_name}",
    "fct_unused_sources": "{parent}",
}


class EvaluateError(ValueError):
    """The measurement cannot be made (the message says why); one line, no traceback."""


def _first_line(error: BaseException | str) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _progress(message: str) -> None:
    print(f"evaluate: {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- the checkouts


@dataclass(frozen=True)
class Checkout:
    """Where a package comes from: a work tree, or a git directory (bare or not) and a ref."""

    path: Path
    ref: str | None

    @classmethod
    def parse(cls, spec: str) -> Checkout:
        """``PATH`` or ``PATH@REF``; a PATH that exists as given may itself hold an '@'."""
        if "@" in spec and not Path(spec).expanduser().exists():
            path, ref = spec.rsplit("@", 1)
            if not ref:
                raise EvaluateError(f"{spec}: no ref after '@'")
            return cls(Path(path).expanduser().resolve(), ref)
        return cls(Path(spec).expanduser().resolve(), None)

    def describe(self) -> str:
        return f"{self.path}@{self.ref}" if self.ref else str(self.path)


def _git(path: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(path), *arguments], capture_output=True, check=False)


def _is_git_dir(path: Path) -> bool:
    """Whether `path` is a bare git directory or the top of a work tree (not a folder inside one)."""
    bare = _git(path, "rev-parse", "--is-bare-repository")
    if bare.returncode != 0:
        return False
    if bare.stdout.decode().strip() == "true":
        return True
    top = _git(path, "rev-parse", "--show-toplevel")
    return top.returncode == 0 and Path(top.stdout.decode().strip()).resolve() == path.resolve()


def export_checkout(checkout: Checkout, package: str, destination: Path) -> str:
    """Put the tree of `checkout` into `destination` (which must not exist) and check that it is
    the dbt package `package`; returns what was used, e.g. ``1.4.1 (commit 700764c)``."""
    if not checkout.path.exists():
        raise EvaluateError(f"{package}: {checkout.describe()}: no such file or directory")
    ref = checkout.ref
    if ref is None and not (checkout.path / "dbt_project.yml").is_file():
        if not _is_git_dir(checkout.path):
            raise EvaluateError(
                f"{package}: {checkout.path}: neither a checkout of {package} (no dbt_project.yml) "
                "nor a git directory")
        ref = "HEAD"
    if ref is None:
        shutil.copytree(checkout.path, destination, ignore=COPY_IGNORE, symlinks=True)
        described = _git(checkout.path, "describe", "--tags", "--always", "--dirty")
        used = (f"{described.stdout.decode().strip()} (work tree)"
                if _is_git_dir(checkout.path) and described.returncode == 0 else "(work tree, not a git checkout)")
    else:
        if not _is_git_dir(checkout.path):
            raise EvaluateError(f"{package}: {checkout.describe()}: {checkout.path} is not a git directory")
        commit = _git(checkout.path, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if commit.returncode != 0:
            raise EvaluateError(
                f"{package}: {checkout.describe()}: no commit, tag or branch {ref!r} in {checkout.path}")
        sha = commit.stdout.decode().strip()
        archive = _git(checkout.path, "archive", "--format=tar", sha)
        if archive.returncode != 0:
            raise EvaluateError(
                f"{package}: git archive {ref} in {checkout.path}: {_first_line(archive.stderr.decode())}")
        destination.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(destination, filter="data")
        used = f"{ref} (commit {sha[:10]})"
    project_file = destination / "dbt_project.yml"
    name = yaml.safe_load(project_file.read_text(encoding="utf-8")).get("name") if project_file.is_file() else None
    if name != package:
        found = f"its dbt_project.yml names {name!r}" if name else "no dbt_project.yml"
        raise EvaluateError(f"{package}: {checkout.describe()} is not a checkout of {package} ({found})")
    return used


def _version(text: str) -> tuple[int, ...] | None:
    match = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)", text.strip())
    return tuple(int(part) for part in match.groups()) if match else None


def dbt_utils_requirement(evaluator_dir: Path) -> list[str]:
    """The evaluator's version range for the hub's dbt_utils (its packages.yml), e.g. ['>=1.0.0', '<2.0.0']."""
    packages_file = evaluator_dir / "packages.yml"
    if not packages_file.is_file():
        return []
    for entry in (yaml.safe_load(packages_file.read_text(encoding="utf-8")) or {}).get("packages") or []:
        if str(entry.get("package", "")).endswith("/dbt_utils"):
            version = entry.get("version", [])
            return [version] if isinstance(version, str) else [str(part) for part in version]
    return []


def version_outside(version: str, requirement: list[str]) -> bool:
    """Whether a release `version` (1.4.1, v1.4.1; anything else: unknown, False) breaks `requirement`."""
    found = _version(version.split(" ")[0])
    if found is None:
        return False
    for condition in requirement:
        match = re.fullmatch(r"\s*(>=|<=|>|<|=|==)?\s*(\S+)\s*", condition)
        bound = _version(match.group(2)) if match else None
        if bound is None:
            continue
        operator = match.group(1) or "=="
        holds = {">=": found >= bound, "<=": found <= bound, ">": found > bound, "<": found < bound,
                 "=": found == bound, "==": found == bound}[operator]
        if not holds:
            return True
    return False


def point_at_local_dbt_utils(evaluator_dir: Path, dbt_utils_dir: Path) -> None:
    """The evaluator's own packages.yml names the hub's dbt_utils; `dbt deps` offline needs the local one."""
    (evaluator_dir / "packages.yml").write_text(
        yaml.safe_dump({"packages": [{"local": str(dbt_utils_dir)}]}, sort_keys=False), encoding="utf-8")


# ----------------------------------------------------------------------------- the project copy


def project_folders(project: dict) -> list[str]:
    """The folders dbt reads, as the project's dbt_project.yml names them (dbt's defaults otherwise)."""
    defaults = {"model-paths": ["models"], "macro-paths": ["macros"], "test-paths": ["tests"],
                "seed-paths": ["seeds"], "analysis-paths": ["analyses"], "snapshot-paths": ["snapshots"],
                "docs-paths": []}
    folders: list[str] = []
    for key in PROJECT_PATH_KEYS:
        for folder in project.get(key, defaults[key]):
            if folder not in folders:
                folders.append(folder)
    return folders


def copy_project(project_dir: Path, destination: Path) -> None:
    """dbt_project.yml, profiles/, pyproject.toml and the folders dbt reads; nothing built or generated."""
    project_file = project_dir / "dbt_project.yml"
    if not project_file.is_file():
        raise EvaluateError(f"{project_dir}: no dbt_project.yml")
    project = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    destination.mkdir(parents=True)
    for name in ("dbt_project.yml", "pyproject.toml", "packages.yml", "dependencies.yml", "selectors.yml"):
        if (project_dir / name).is_file():
            shutil.copy2(project_dir / name, destination / name)
    for folder in ["profiles", *project_folders(project)]:
        if (project_dir / folder).is_dir():
            shutil.copytree(project_dir / folder, destination / folder, ignore=COPY_IGNORE)


def generic_tests(project_dir: Path, project: dict) -> set[str]:
    """Names of the generic tests the project defines itself ({% test name(...) %})."""
    pattern = re.compile(r"{%-?\s*test\s+(\w+)\s*\(")
    names: set[str] = set()
    for key, default in (("test-paths", ["tests"]), ("macro-paths", ["macros"])):
        for folder in project.get(key, default):
            for path in sorted((project_dir / folder).rglob("*.sql")):
                names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def find_exceptions_seed(project_dir: Path, project: dict) -> Path | None:
    """The project's seeds/…/dbt_project_evaluator_exceptions.csv, if it has one."""
    for folder in project.get("seed-paths", ["seeds"]):
        found = sorted((project_dir / folder).rglob(f"{EXCEPTIONS_SEED}.csv"))
        if found:
            return found[0]
    return None


def seed_fqn(project_dir: Path, project: dict, path: Path) -> list[str]:
    """The keys of the seed file `path` in the seeds config: project name, sub-folders, seed name."""
    for folder in project.get("seed-paths", ["seeds"]):
        if (project_dir / folder) in path.parents:
            return [project["name"], *path.relative_to(project_dir / folder).with_suffix("").parts]
    raise EvaluateError(f"{path}: not in the project's seed-paths")


def read_exceptions(path: Path) -> list[dict[str, str]]:
    """The rows of the exceptions seed; a header that is not the evaluator's stops here."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        if header != EXCEPTIONS_COLUMNS:
            raise EvaluateError(
                f"{path}: the evaluator's exceptions need the columns {','.join(EXCEPTIONS_COLUMNS)} "
                f"(found {','.join(header) or 'no header'})")
        return [{key.strip(): (value or "").strip() for key, value in row.items() if key} for row in reader]


def _nested(mapping: dict, keys: list[str]) -> dict:
    for key in keys:
        mapping = mapping.setdefault(key, {})
        if not isinstance(mapping, dict):
            raise EvaluateError(f"dbt_project.yml: {'.'.join(keys)} is not a mapping")
    return mapping


def evaluator_config(project: dict, own_tests: set[str], exceptions_fqn: list[str] | None) -> dict:
    """`project` (a dbt_project.yml) with the evaluator's configuration added.

    `own_tests`: the project's generic tests; `exceptions_fqn`: the path of the project's
    exceptions seed in the seeds config (e.g. [project name, 'dbt_project_evaluator_exceptions']), or None.
    """
    config = json.loads(json.dumps(project))  # a deep copy (anchors of the YAML already expanded)
    name = config["name"]

    dispatch = [entry for entry in config.get("dispatch") or [] if entry.get("macro_namespace") != "dbt"]
    earlier = next((entry["search_order"] for entry in config.get("dispatch") or []
                    if entry.get("macro_namespace") == "dbt"), [])
    order = [EVALUATOR, *(package for package in earlier if package not in (EVALUATOR, "dbt")), "dbt"]
    config["dispatch"] = [*dispatch, {**EVALUATOR_DISPATCH, "search_order": order}]

    variables = config.get("vars") or {}
    config["vars"] = variables
    evaluator_vars = variables.setdefault(EVALUATOR, {})
    if "primary_key_test_macros" not in evaluator_vars:
        # The evaluator derives a column is_<macro name> per macro: the project's own
        # unique_combination_of_columns takes the place of dbt_utils' (same name, same meaning).
        combination = (f"{name}.test_unique_combination_of_columns" if "unique_combination_of_columns" in own_tests
                       else "dbt_utils.test_unique_combination_of_columns")
        evaluator_vars["primary_key_test_macros"] = [["dbt.test_unique", "dbt.test_not_null"], [combination]]
        if "exactly_one_row" in own_tests:
            # the primary key of a one-row model is the empty set: exactly one row is its test
            evaluator_vars["primary_key_test_macros"].append([f"{name}.test_exactly_one_row"])

    if exceptions_fqn is not None:
        seeds = config.setdefault("seeds", {})
        _nested(seeds, [EVALUATOR, EXCEPTIONS_SEED])["+enabled"] = False
        own = _nested(seeds, exceptions_fqn)
        own.setdefault("+column_types", {column: "varchar" for column in EXCEPTIONS_COLUMNS})
        # the project keeps its exceptions out of its own builds (+enabled: false): built here only
        own["+enabled"] = True
    return config


def packages_config(existing: dict | None, evaluator_dir: Path, dbt_utils_dir: Path) -> dict:
    """The copy's packages.yml: the project's own packages (if any) and the two local ones."""
    packages = [entry for entry in (existing or {}).get("packages") or []
                if not str(entry.get("package", entry.get("local", ""))).endswith((EVALUATOR, DBT_UTILS))]
    return {"packages": [*packages, {"local": str(evaluator_dir)}, {"local": str(dbt_utils_dir)}]}


def build_selection(with_exceptions: bool) -> list[str]:
    return [f"package:{EVALUATOR}", *([EXCEPTIONS_SEED] if with_exceptions else [])]


# ----------------------------------------------------------------------------- running dbt


@dataclass
class Workspace:
    root: Path
    project: Path
    packages: Path
    extract: Path
    database: Path
    log: Path


def prepare_workspace(root: Path) -> Workspace:
    return Workspace(root, root / "project", root / "packages", root / "extract" / "dream_extract.csv",
                     root / "evaluator.duckdb", root / "dbt.log")


def keep_dir(path: Path, project_dir: Path) -> Path:
    """The folder of --keep: outside the project, new or empty or made by an earlier run (emptied)."""
    path = path.expanduser().resolve()
    if path == project_dir or project_dir in path.parents:
        raise EvaluateError(f"--keep {path}: must lie outside the project ({project_dir})")
    if path.exists():
        if not path.is_dir():
            raise EvaluateError(f"--keep {path}: not a directory")
        if any(path.iterdir()):
            if not (path / MARKER).is_file():
                raise EvaluateError(f"--keep {path}: not empty and not made by an earlier run of this script")
            shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).write_text("made by python -m dream_outcomes.evaluate; emptied by its next run\n")
    return path


def run_dbt_in(work: Workspace, arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [dbt_executable(), *arguments, "--project-dir", str(work.project),
               "--profiles-dir", str(work.project / "profiles")]
    completed = subprocess.run(command, cwd=work.project, env=env, capture_output=True, text=True, check=False)
    with work.log.open("a", encoding="utf-8") as log:
        log.write(f"$ {' '.join(command)}\n{completed.stdout}{completed.stderr}\n")
    return completed


def _dbt_error(output: str) -> str:
    """The first line of dbt's output that reads like an error (colours and times taken off)."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in output.splitlines()]
    lines = [re.sub(r"^\d\d:\d\d:\d\d\s+", "", line).strip() for line in lines]
    lines = [line for line in lines if line and "partial pars" not in line and not line.startswith("Done. PASS=")]
    for pattern in (r"\b(Error|ERROR)\b", r"error|exception|not found|could not|failed"):
        for line in lines:
            if re.search(pattern, line, re.IGNORECASE if pattern.startswith("error") else 0):
                return line
    return lines[-1] if lines else "no output"


def _node_error(work: Workspace) -> str | None:
    """The message of the first node that ended in error (run_results.json), on one line."""
    results_file = work.project / "target" / "run_results.json"
    if not results_file.is_file():
        return None
    for result in json.loads(results_file.read_text(encoding="utf-8"))["results"]:
        if result["status"] == "error":
            return f"{result['unique_id']}: {' '.join(str(result.get('message') or 'error').split())}"
    return None


# ----------------------------------------------------------------------------- the report


def format_rows(rule: str, rows: list[dict]) -> list[str]:
    """The offending nodes of `rule`, one short text per row (sorted), as ROW_FORMATS says."""
    if rule == "fct_direct_join_to_source" and rows and {"parent", "child", "parent_resource_type"} <= set(rows[0]):
        children: dict[str, list[str]] = {}
        for row in rows:
            kind = "" if row["parent_resource_type"] == "model" else f" ({row['parent_resource_type']})"
            children.setdefault(row["child"], []).append(f"{row['parent']}{kind}")
        return [f"{child} <- [{', '.join(sorted(parents))}]" for child, parents in sorted(children.items())]
    texts = []
    for row in rows:
        try:
            texts.append(ROW_FORMATS[rule].format_map(row))
        except (KeyError, IndexError, ValueError):
            texts.append(" ".join(f"{key}={value}" for key, value in row.items() if value is not None))
    return sorted(texts)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


def coverage_line(label: str, row: dict, verdict: str | None) -> str:
    """e.g. ``documentation coverage: 100.0 % of 32 models (base 100.0 %, ...); test valid_...: pass``."""
    total_key = f"{label}_coverage_pct"
    layers = [(key.removesuffix(f"_{total_key}"), value) for key, value in row.items()
              if key.endswith(f"_{total_key}")]
    counted = ("documented_models" if label == "documentation" else "tested_models")
    parts = [f"{layer} {_percent(value)}" for layer, value in layers]
    extra = f", {row['total_tests']} tests, {row['test_to_model_ratio']} per model" if "total_tests" in row else ""
    text = (f"{label} coverage: {_percent(row.get(total_key))} of {row.get('total_models')} models "
            f"({row.get(counted)} {counted.split('_')[0]}{extra}; {', '.join(parts)})")
    return text + (f"; evaluator's test valid_{label}_coverage: {verdict}" if verdict else "")


def evaluator_report(work: Workspace) -> tuple[list[str], int, int, list[str]]:
    """The rule lines and coverage lines, the rows and the rules with rows, and the models not built."""
    manifest = json.loads((work.project / "target" / "manifest.json").read_text(encoding="utf-8"))
    results = {result["unique_id"]: result for result in
               json.loads((work.project / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]}
    tables = sorted(
        (node for node in manifest["nodes"].values()
         if node["package_name"] == EVALUATOR and node["resource_type"] == "model" and node["name"].startswith("fct_")),
        key=lambda node: (node["original_file_path"], node["name"]))
    verdicts = {node["name"]: results.get(unique_id, {}).get("status")
                for unique_id, node in manifest["nodes"].items()
                if node["package_name"] == EVALUATOR and node["resource_type"] == "test"}
    lines: list[str] = []
    coverage: list[str] = []
    total_rows = rules_with_rows = 0
    not_built: list[str] = []
    width = max((len(node["name"]) for node in tables), default=0) + 16
    with duckdb.connect(str(work.database), read_only=True) as con:
        for node in tables:
            name = node["name"]
            folder = Path(node["original_file_path"]).parts[-2]
            label = f"{name} ({CATEGORIES.get(folder, folder)})"
            status = results.get(node["unique_id"], {}).get("status")
            if status != "success":
                not_built.append(name)
                lines.append(f"{label:<{width}} not built ({status or 'not run'})")
                continue
            cursor = con.execute(f"select * from {node['relation_name']}")
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, values)) for values in cursor.fetchall()]
            if name in COVERAGE_TABLES:
                kind = "documentation" if name == "fct_documentation_coverage" else "test"
                coverage += [coverage_line(kind, row, verdicts.get(f"valid_{kind}_coverage")) for row in rows]
                continue
            total_rows += len(rows)
            rules_with_rows += bool(rows)
            nodes = "; ".join(format_rows(name, rows))
            lines.append(f"{label:<{width}} {len(rows):>3}" + (f"  {nodes}" if nodes else ""))
    return lines + coverage, total_rows, rules_with_rows, not_built


def score_report(work: Workspace, env: dict[str, str]) -> list[str]:
    """dbt-score lint of the copy's manifest (the root project's items only), as lines."""
    command = [sys.executable, "-m", "dbt_score", "lint", "--format", "json",
               "--manifest", str(work.project / "target" / "manifest.json")]
    completed = subprocess.run(command, cwd=work.project, env=env, capture_output=True, text=True, check=False)
    with work.log.open("a", encoding="utf-8") as log:
        log.write(f"$ {' '.join(command)}\n{completed.stdout}{completed.stderr}\n")
    start = completed.stdout.find("{")
    try:
        document = json.loads(completed.stdout[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        document = None
    if not document or "project" not in document:
        raise EvaluateError(f"dbt-score lint failed: {_first_line(completed.stderr or completed.stdout or 'no output')}"
                            f" (exit status {completed.returncode})")
    version = importlib.metadata.version("dbt-score")
    project = document["project"]
    items = document["evaluables"]
    kinds: dict[str, int] = {}
    for item in items.values():
        kinds[item["type"]] = kinds.get(item["type"], 0) + 1
    counted = ", ".join(f"{count} {kind}s" for kind, count in sorted(kinds.items()))
    below = sorted(((item["score"], unique_id, item) for unique_id, item in items.items() if item["score"] < 10),
                   key=lambda found: (found[0], found[1]))
    lines = [f"dbt-score {version}: Project score: {math.floor(project['score'] * 10) / 10} {project['badge']} "
             f"({len(items)} items: {counted}; {len(below)} below 10)"]
    for score, unique_id, item in below:
        failed = [f"{rule.rsplit('.', 1)[-1]} ({result['severity']}{', error' if result['result'] == 'ERR' else ''})"
                  f": {result['message']}"
                  for rule, result in sorted(item["results"].items()) if result["result"] != "OK"]
        kind, _, name = unique_id.partition(".")
        lines.append(f"  {math.floor(score * 100) / 100:5.2f} {kind} {name.partition('.')[2]}: {'; '.join(failed)}")
    lines.append(f"dbt-score: {math.floor(project['score'] * 100) / 100:.2f}")
    return lines


# ----------------------------------------------------------------------------- the measurement


def measure(args: argparse.Namespace, root: Path) -> int:
    project_dir = args.project.resolve()
    work = prepare_workspace(root)
    started = time.monotonic()
    log_hint = f"log: {work.log}" if args.keep else "--keep DIR keeps dbt's log"

    evaluator = Checkout.parse(args.evaluator)
    dbt_utils = Checkout.parse(args.dbt_utils)
    evaluator_used = export_checkout(evaluator, EVALUATOR, work.packages / EVALUATOR)
    dbt_utils_used = export_checkout(dbt_utils, DBT_UTILS, work.packages / DBT_UTILS)
    requirement = dbt_utils_requirement(work.packages / EVALUATOR)
    point_at_local_dbt_utils(work.packages / EVALUATOR, work.packages / DBT_UTILS)

    _progress(f"copying {project_dir} to {work.project}")
    copy_project(project_dir, work.project)
    project = yaml.safe_load((work.project / "dbt_project.yml").read_text(encoding="utf-8"))
    exceptions_file = find_exceptions_seed(work.project, project)
    exceptions: list[dict[str, str]] = []
    exceptions_fqn = None
    if exceptions_file is not None:
        exceptions = read_exceptions(exceptions_file)
        exceptions_fqn = seed_fqn(work.project, project, exceptions_file)
    config = evaluator_config(project, generic_tests(work.project, project), exceptions_fqn)
    (work.project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    existing = (yaml.safe_load((work.project / "packages.yml").read_text(encoding="utf-8"))
                if (work.project / "packages.yml").is_file() else None)
    (work.project / "packages.yml").write_text(
        yaml.safe_dump(packages_config(existing, work.packages / EVALUATOR, work.packages / DBT_UTILS),
                       sort_keys=False), encoding="utf-8")

    _progress(f"generating a {PERSONS}-person extract for the on-run-start hook")
    from dream_outcomes.generator.run import GeneratorConfig, generate

    project_vars = project.get("vars") or {}
    generate(GeneratorConfig(out=work.extract, persons=PERSONS, seed=1,
                             window_start=project_vars.get("analysis_window_start"),
                             window_end=project_vars.get("analysis_window_end")))

    env = {**os.environ, "DREAM_TARGET": "duckdb", "DREAM_EXTRACT": str(work.extract),
           "DREAM_DUCKDB_PATH": str(work.database), "DO_NOT_TRACK": "1",
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    for variable in ("DBT_PROJECT_DIR", "DBT_PROFILES_DIR", "DBT_TARGET_PATH", "DBT_TARGET_DIR"):
        env.pop(variable, None)
    _progress("dbt deps (local packages)")
    dbt_started = time.monotonic()
    deps = run_dbt_in(work, ["deps"], env)
    if deps.returncode != 0:
        raise EvaluateError(f"dbt deps failed: {_dbt_error(deps.stdout + deps.stderr)} ({log_hint})")
    selection = build_selection(exceptions_file is not None)
    _progress(f"dbt build --select {' '.join(selection)}")
    build = run_dbt_in(work, ["build", "--select", *selection], env)
    if not (work.project / "target" / "run_results.json").is_file():
        raise EvaluateError(f"dbt build did not run: {_dbt_error(build.stdout + build.stderr)} ({log_hint})")
    dbt_seconds = time.monotonic() - dbt_started

    exceptions_text = (f"{len(exceptions)} exceptions from {exceptions_file.relative_to(work.project)}"
                       if exceptions_file is not None else f"no exceptions (no seeds/{EXCEPTIONS_SEED}.csv)")
    print(f"dbt-project-evaluator {evaluator_used} with dbt_utils {dbt_utils_used}; {exceptions_text}")
    if version_outside(dbt_utils_used, requirement):
        print(f"warning: dbt_utils {dbt_utils_used} is outside the evaluator's requirement {', '.join(requirement)}")
    for number, row in enumerate(exceptions, start=2):
        if not row.get("comment"):
            print(f"warning: {exceptions_file.name} line {number} ({row.get('fct_name')}, "
                  f"{row.get('id_to_exclude')}) gives no reason in its comment")
    lines, total_rows, rules_with_rows, not_built = evaluator_report(work)
    known_rules = {line.split(" ", 1)[0] for line in lines}
    for number, row in enumerate(exceptions, start=2):
        if row.get("fct_name") not in known_rules:
            print(f"warning: {exceptions_file.name} line {number} names no rule of the evaluator: "
                  f"{row.get('fct_name')!r}")
    for line in lines:
        print(line)
    print(f"evaluator: {total_rows} rows on {rules_with_rows} rules")

    if not args.no_score:
        _progress("dbt-score lint")
        for line in score_report(work, env):
            print(line)
    _progress(f"done in {time.monotonic() - started:.0f} s (dbt deps and build {dbt_seconds:.0f} s)"
              + (f"; the copy is kept in {root}" if args.keep else ""))
    if not_built:
        cause = _node_error(work) or _dbt_error(build.stdout + build.stderr)
        raise EvaluateError(f"{len(not_built)} evaluator model(s) not built ({', '.join(not_built)}), the "
                            f"measurement is incomplete: {cause} ({log_hint})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dream_outcomes.evaluate", description=__doc__.split("\n\n")[0],
        epilog="PATH is a work tree, or a git directory (bare or not) with @REF: a commit, tag or branch.")
    parser.add_argument("--evaluator", required=True, metavar="PATH[@REF]",
                        help="checkout of dbt-labs/dbt-project-evaluator, e.g. ~/src/dbt-project-evaluator@v1.3.2")
    parser.add_argument("--dbt-utils", required=True, metavar="PATH[@REF]",
                        help="checkout of dbt-labs/dbt-utils in the range of the evaluator's packages.yml "
                             "(v1.3.2: >=1.0.0,<2.0.0)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the throw-away copy in DIR (outside the project) and keep it")
    parser.add_argument("--no-score", action="store_true", help="skip dbt-score")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, metavar="DIR",
                        help="the dbt project to measure (default: this checkout, %(default)s)")
    args = parser.parse_args(argv)
    try:
        if not args.no_score and importlib.util.find_spec("dbt_score") is None:
            raise EvaluateError("dbt-score is not installed here: it is in the dev extra "
                                "(scripts/bootstrap.sh, or uv sync --extra dev); or pass --no-score")
        if shutil.which("git") is None and "@" in args.evaluator + args.dbt_utils:
            raise EvaluateError("git is needed to export a checkout at a ref")
        for package, spec in ((EVALUATOR, args.evaluator), (DBT_UTILS, args.dbt_utils)):
            checkout = Checkout.parse(spec)
            if not checkout.path.exists():
                raise EvaluateError(f"{package}: {checkout.describe()}: no such file or directory")
        if args.keep:
            return measure(args, keep_dir(args.keep, args.project.resolve()))
        with tempfile.TemporaryDirectory(prefix="dream-evaluate-") as scratch:
            return measure(args, Path(scratch))
    except EvaluateError as error:
        print(f"evaluate: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # anything else: still one line, never a traceback
        print(f"evaluate: {type(error).__name__}: {_first_line(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

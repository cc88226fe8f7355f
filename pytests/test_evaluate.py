"""dream_outcomes.evaluate without a dbt build: the one-line errors, the checkouts it exports, and
the configuration it gives the throw-away copy of the project (dispatch, vars, exceptions seed,
packages). The measurement itself: scripts/evaluate.sh with checkouts of the two packages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from dream_outcomes import evaluate
from dream_outcomes.dbt_runner import PROJECT_DIR

EXCEPTIONS_HEADER = "fct_name,column_name,id_to_exclude,comment\n"


def _git(cwd: Path, *arguments: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main",
         *arguments], cwd=cwd, capture_output=True, text=True, check=True)
    return completed.stdout.strip()


@pytest.fixture
def dbt_utils_repository(tmp_path: Path) -> tuple[Path, Path]:
    """A work tree of a tiny package named dbt_utils, tagged 1.4.1 and changed after, and a bare clone."""
    work_tree = tmp_path / "dbt-utils"
    work_tree.mkdir()
    _git(work_tree, "init", "--quiet")
    (work_tree / "dbt_project.yml").write_text("name: 'dbt_utils'\nversion: '0.1.0'\n")
    (work_tree / "macros").mkdir()
    (work_tree / "macros" / "old.sql").write_text("{% macro old() %}1{% endmacro %}\n")
    _git(work_tree, "add", ".")
    _git(work_tree, "commit", "--quiet", "-m", "first")
    _git(work_tree, "tag", "1.4.1")
    (work_tree / "macros" / "old.sql").unlink()
    (work_tree / "macros" / "new.sql").write_text("{% macro new() %}2{% endmacro %}\n")
    _git(work_tree, "add", "-A")
    _git(work_tree, "commit", "--quiet", "-m", "second")
    bare = tmp_path / "dbt-utils.git"
    _git(tmp_path, "clone", "--quiet", "--bare", str(work_tree), str(bare))
    return work_tree, bare


def test_a_missing_checkout_stops_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-evaluator"
    status = evaluate.main(["--evaluator", f"{missing}@v1.3.2", "--dbt-utils", str(tmp_path), "--no-score"])
    out, err = capsys.readouterr()
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{missing}@v1.3.2: no such file or directory" in err


def test_a_checkout_that_is_not_the_package_stops_with_one_line(
    dbt_utils_repository: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work_tree, bare = dbt_utils_repository
    status = evaluate.main(["--evaluator", f"{bare}@1.4.1", "--dbt-utils", f"{bare}@1.4.1", "--no-score"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "is not a checkout of dbt_project_evaluator (its dbt_project.yml names 'dbt_utils')" in err


def test_a_checkout_is_exported_at_its_ref_or_as_the_work_tree_is(
    dbt_utils_repository: tuple[Path, Path], tmp_path: Path
) -> None:
    work_tree, bare = dbt_utils_repository
    used = evaluate.export_checkout(evaluate.Checkout.parse(f"{bare}@1.4.1"), "dbt_utils", tmp_path / "at-tag")
    assert used.startswith("1.4.1 (commit ")
    assert sorted(path.name for path in (tmp_path / "at-tag" / "macros").iterdir()) == ["old.sql"]
    # a bare directory without a ref: its HEAD; a work tree without a ref: its files, without .git
    evaluate.export_checkout(evaluate.Checkout.parse(str(bare)), "dbt_utils", tmp_path / "head")
    assert sorted(path.name for path in (tmp_path / "head" / "macros").iterdir()) == ["new.sql"]
    (work_tree / "macros" / "uncommitted.sql").write_text("{% macro x() %}3{% endmacro %}\n")
    used = evaluate.export_checkout(evaluate.Checkout.parse(str(work_tree)), "dbt_utils", tmp_path / "tree")
    assert used.endswith("(work tree)")
    assert (tmp_path / "tree" / "macros" / "uncommitted.sql").is_file() and not (tmp_path / "tree" / ".git").exists()
    # the work tree at a ref is that commit's tree, not the files on disk
    evaluate.export_checkout(evaluate.Checkout.parse(f"{work_tree}@1.4.1"), "dbt_utils", tmp_path / "tree-at-tag")
    assert not (tmp_path / "tree-at-tag" / "macros" / "uncommitted.sql").exists()
    with pytest.raises(evaluate.EvaluateError, match="no commit, tag or branch '9.9.9'"):
        evaluate.export_checkout(evaluate.Checkout.parse(f"{bare}@9.9.9"), "dbt_utils", tmp_path / "none")
    with pytest.raises(evaluate.EvaluateError, match="is not a git directory"):
        evaluate.export_checkout(evaluate.Checkout.parse(f"{work_tree / 'macros'}@1.4.1"), "dbt_utils",
                                 tmp_path / "sub")


def test_the_evaluator_gets_the_local_dbt_utils_in_its_required_range(tmp_path: Path) -> None:
    """The evaluator v1.3.2's packages.yml names the hub's dbt_utils, which `dbt deps` cannot reach."""
    evaluator_dir = tmp_path / "dbt_project_evaluator"
    evaluator_dir.mkdir()
    (evaluator_dir / "packages.yml").write_text(
        'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n')
    requirement = evaluate.dbt_utils_requirement(evaluator_dir)
    assert requirement == [">=1.0.0", "<2.0.0"]
    assert not evaluate.version_outside("1.4.1 (commit 49b932cb1f)", requirement)
    assert evaluate.version_outside("0.9.6 (commit 0123456789)", requirement)
    assert evaluate.version_outside("2.0.0 (work tree)", requirement)
    assert not evaluate.version_outside("HEAD (commit 0123456789)", requirement)  # unknown: not judged
    evaluate.point_at_local_dbt_utils(evaluator_dir, tmp_path / "dbt_utils")
    packages = yaml.safe_load((evaluator_dir / "packages.yml").read_text())["packages"]
    assert packages == [{"local": str(tmp_path / "dbt_utils")}]


def test_the_copy_holds_the_project_and_nothing_built(tmp_path: Path) -> None:
    evaluate.copy_project(PROJECT_DIR, tmp_path / "copy")
    copied = {path.name for path in (tmp_path / "copy").iterdir()}
    assert {"dbt_project.yml", "models", "macros", "tests", "seeds", "analyses", "profiles"} <= copied
    assert not copied & {"target", "data", ".venv", "logs", "dbt_packages", "reports", ".git"}
    originals = sorted(path.relative_to(PROJECT_DIR) for path in (PROJECT_DIR / "models").rglob("*") if path.is_file())
    assert sorted(path.relative_to(tmp_path / "copy") for path in (tmp_path / "copy" / "models").rglob("*")
                  if path.is_file()) == originals


def test_the_copy_is_configured_as_the_evaluator_asks(tmp_path: Path) -> None:
    evaluate.copy_project(PROJECT_DIR, tmp_path / "copy")
    project = yaml.safe_load((tmp_path / "copy" / "dbt_project.yml").read_text())
    own_tests = evaluate.generic_tests(tmp_path / "copy", project)
    assert "unique_combination_of_columns" in own_tests  # tests/generic/test_unique_combination_of_columns.sql
    config = evaluate.evaluator_config(project, own_tests, None)
    written = yaml.safe_load(yaml.safe_dump(config, sort_keys=False))  # as the copy's dbt_project.yml holds it

    assert [entry for entry in written["dispatch"] if entry["macro_namespace"] == "dbt"] == [
        {"macro_namespace": "dbt", "search_order": ["dbt_project_evaluator", "dbt"]}]
    # dbt's pair, and the project's own test in place of dbt_utils' (the evaluator derives one
    # column per macro name, and both are called test_unique_combination_of_columns), and the
    # one-row models' exactly_one_row
    assert written["vars"]["dbt_project_evaluator"]["primary_key_test_macros"] == [
        ["dbt.test_unique", "dbt.test_not_null"], ["dream_outcomes.test_unique_combination_of_columns"],
        ["dream_outcomes.test_exactly_one_row"]]
    # the project's own configuration is untouched
    assert {key: value for key, value in written["vars"].items() if key != "dbt_project_evaluator"} == project["vars"]
    for key in ("on-run-start", "on-run-end", "models", "seeds", "name", "profile"):
        assert written[key] == project[key], key


def test_the_projects_exceptions_replace_the_packages_seed(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    evaluate.copy_project(PROJECT_DIR, copy)
    project = yaml.safe_load((copy / "dbt_project.yml").read_text())
    seed = copy / "seeds" / "dbt_project_evaluator_exceptions.csv"
    seed.write_text(EXCEPTIONS_HEADER
                    + 'fct_model_fanout,parent,int_municipal_outcomes_ranked,"one ranking, three marts"\n')
    assert evaluate.read_exceptions(seed)[0]["comment"] == "one ranking, three marts"
    assert evaluate.find_exceptions_seed(copy, project) == seed
    fqn = evaluate.seed_fqn(copy, project, seed)
    assert fqn == ["dream_outcomes", "dbt_project_evaluator_exceptions"]
    written = yaml.safe_load(yaml.safe_dump(evaluate.evaluator_config(project, set(), fqn), sort_keys=False))
    assert written["seeds"]["dbt_project_evaluator"]["dbt_project_evaluator_exceptions"] == {"+enabled": False}
    own = written["seeds"]["dream_outcomes"]
    column_types = dict.fromkeys(evaluate.EXCEPTIONS_COLUMNS, "varchar")
    assert own["dbt_project_evaluator_exceptions"]["+column_types"] == column_types
    # disabled in the project's own builds, enabled in the copy
    assert project["seeds"]["dream_outcomes"]["dbt_project_evaluator_exceptions"]["+enabled"] is False
    assert own["dbt_project_evaluator_exceptions"]["+enabled"] is True
    assert {key: value for key, value in own.items() if key != "dbt_project_evaluator_exceptions"} == {
        key: value for key, value in project["seeds"]["dream_outcomes"].items()
        if key != "dbt_project_evaluator_exceptions"}  # the project's other seed configs are kept
    assert evaluate.build_selection(True) == ["package:dbt_project_evaluator", "dbt_project_evaluator_exceptions"]
    assert evaluate.build_selection(False) == ["package:dbt_project_evaluator"]
    # without the project's own unique_combination_of_columns, dbt_utils' counts
    assert written["vars"]["dbt_project_evaluator"]["primary_key_test_macros"][1] == [
        "dbt_utils.test_unique_combination_of_columns"]

    seed.write_text("rule,reason\nfct_model_fanout,x\n")
    with pytest.raises(evaluate.EvaluateError, match="need the columns fct_name,column_name,id_to_exclude,comment"):
        evaluate.read_exceptions(seed)


def test_the_copys_packages_are_the_two_local_checkouts(tmp_path: Path) -> None:
    packages = evaluate.packages_config(
        {"packages": [{"package": "dbt-labs/dbt_utils", "version": "1.3.0"}, {"local": "../shared"}]},
        tmp_path / "dbt_project_evaluator", tmp_path / "dbt_utils")
    assert packages == {"packages": [{"local": "../shared"}, {"local": str(tmp_path / "dbt_project_evaluator")},
                                     {"local": str(tmp_path / "dbt_utils")}]}


def test_keep_dir_is_outside_the_project_and_never_someone_elses(tmp_path: Path) -> None:
    with pytest.raises(evaluate.EvaluateError, match="must lie outside the project"):
        evaluate.keep_dir(PROJECT_DIR / "target" / "evaluate", PROJECT_DIR)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(evaluate.EvaluateError, match="not empty"):
        evaluate.keep_dir(foreign, PROJECT_DIR)
    kept = evaluate.keep_dir(tmp_path / "kept", PROJECT_DIR)
    (kept / "project").mkdir()
    assert evaluate.keep_dir(tmp_path / "kept", PROJECT_DIR) == kept  # an earlier run's: emptied
    assert [path.name for path in kept.iterdir()] == [evaluate.MARKER]


def test_rule_rows_name_the_offending_nodes() -> None:
    rows = [
        {"parent": "dream.extract", "parent_resource_type": "source", "child": "stg_b", "child_resource_type": "model"},
        {"parent": "base_a", "parent_resource_type": "model", "child": "stg_b", "child_resource_type": "model"},
    ]
    assert evaluate.format_rows("fct_direct_join_to_source", rows) == ["stg_b <- [base_a, dream.extract (source)]"]
    assert evaluate.format_rows("fct_too_many_joins", [{"resource_name": "int_x", "file_path": "m.sql",
                                                        "join_count": 9}]) == ["int_x (9 joins)"]
    # a table of another evaluator version, with columns not foreseen: column=value
    assert evaluate.format_rows("fct_new_rule", [{"resource_name": "int_x", "detail": None, "n": 2}]) == [
        "resource_name=int_x n=2"]

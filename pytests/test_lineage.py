"""The README's lineage (its mermaid flowchart) is the project's graph: every source, model and
exposure and every edge of a fresh `dbt parse`, nothing more."""

from __future__ import annotations

import json
from pathlib import Path

from dream_outcomes import lineage
from dream_outcomes.dbt_runner import PROJECT_DIR, run_dbt


def test_readme_lineage_is_the_graph(tmp_path: Path) -> None:
    run = run_dbt(["parse"], extract=tmp_path / "unused.csv", database=tmp_path / "parse.duckdb", work_dir=tmp_path)
    assert run.returncode == 0, run.output[-3000:]
    manifest = json.loads((run.target_path / "manifest.json").read_text())
    in_readme = lineage.readme_mermaid(PROJECT_DIR / "README.md")
    generated = lineage.mermaid(manifest)
    assert "base_dream__weeks --> int_resource_outcomes_classified" in generated
    assert in_readme == generated, (
        "README lineage differs from the graph; regenerate it with "
        "`python -m dream_outcomes.lineage --manifest target/manifest.json`"
    )


def test_edges_come_from_depends_on() -> None:
    manifest = {
        "metadata": {"project_name": "p"},
        "sources": {"source.p.raw.t": {"unique_id": "source.p.raw.t", "resource_type": "source", "name": "t",
                                       "source_name": "raw", "package_name": "p"}},
        "nodes": {
            "model.p.a": {"unique_id": "model.p.a", "resource_type": "model", "name": "a", "package_name": "p",
                          "depends_on": {"nodes": ["source.p.raw.t", "seed.p.s"]}},
            "seed.p.s": {"unique_id": "seed.p.s", "resource_type": "seed", "name": "s", "package_name": "p"},
            "model.q.b": {"unique_id": "model.q.b", "resource_type": "model", "name": "b", "package_name": "q",
                          "depends_on": {"nodes": ["model.p.a"]}},
        },
    }
    assert lineage.edges(manifest) == [("source.p.raw.t", "model.p.a")]
    assert lineage.mermaid(manifest) == "flowchart LR\n  src_t[(source raw.t)]\n  a[a]\n  src_t --> a\n"

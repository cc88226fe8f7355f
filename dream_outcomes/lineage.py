"""The project's lineage as a Mermaid flowchart, from a dbt manifest: every source, model and
exposure, and every edge between them (seeds are left out: they are reference data, listed in the
README's table). The README's lineage is this output; pytests/test_lineage.py keeps them equal.

    python -m dream_outcomes.lineage --manifest target/manifest.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

KINDS = ("source", "model", "exposure")


def _label(node_id: str, node: dict) -> str:
    if node["resource_type"] == "source":
        return f"{node['source_name']}.{node['name']}"
    return node["name"]


def _shape(node_id: str, node: dict) -> str:
    name = _label(node_id, node)
    if node["resource_type"] == "source":
        return f"[(source {name})]"
    if node["resource_type"] == "exposure":
        return "{{" + name + "}}"
    return f"[{name}]"


def _key(node: dict) -> str:
    """A short Mermaid id: the name with non-word characters replaced."""
    return re.sub(r"\W", "_", node["name"] if node["resource_type"] != "source" else f"src_{node['name']}")


def edges(manifest: dict) -> list[tuple[str, str]]:
    """(parent, child) names of every edge between sources, models and exposures, sorted."""
    nodes = {**manifest["nodes"], **manifest["sources"], **manifest.get("exposures", {})}
    found = set()
    for child in nodes.values():
        if child["resource_type"] not in KINDS or child.get("package_name") != manifest["metadata"].get("project_name", child.get("package_name")):
            continue
        for parent_id in child.get("depends_on", {}).get("nodes", []):
            parent = nodes.get(parent_id)
            if parent is not None and parent["resource_type"] in KINDS:
                found.add((parent_id, child["unique_id"]))
    return sorted(found)


def mermaid(manifest: dict) -> str:
    """The flowchart: node declarations in DAG-ish order (by name within kind), then the edges."""
    nodes = {**manifest["nodes"], **manifest["sources"], **manifest.get("exposures", {})}
    pairs = edges(manifest)
    used = sorted({n for pair in pairs for n in pair}, key=lambda n: (KINDS.index(nodes[n]["resource_type"]), n))
    lines = ["flowchart LR"]
    lines += [f"  {_key(nodes[n])}{_shape(n, nodes[n])}" for n in used]
    lines += [f"  {_key(nodes[p])} --> {_key(nodes[c])}" for p, c in pairs]
    return "\n".join(lines) + "\n"


def readme_mermaid(readme: Path) -> str:
    """The first ```mermaid block of the README (without the fences)."""
    match = re.search(r"```mermaid\n(.*?)```", readme.read_text(), flags=re.S)
    return match.group(1) if match else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=Path("target/manifest.json"))
    args = parser.parse_args(argv)
    if not args.manifest.is_file():
        print(f"lineage: {args.manifest} not found: run `dbt parse --profiles-dir profiles` first", file=sys.stderr)
        return 1
    sys.stdout.write(mermaid(json.loads(args.manifest.read_text())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

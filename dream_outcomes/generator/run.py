"""Generation pipeline: scenario chunks -> extract writer + truth writer -> manifest."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dream_outcomes import reference, weeks
from dream_outcomes.codes import load_code_table
from dream_outcomes.generator import background
from dream_outcomes.generator.chunk import chunk_rng
from dream_outcomes.generator.layout import Layout
from dream_outcomes.generator.scenarios import DEFAULT_SCENARIO, get_scenario
from dream_outcomes.generator.truth import TruthWriter
from dream_outcomes.generator.writer import open_extract_writer
from dream_outcomes.progress import Progress

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class GeneratorConfig:
    """Everything that determines a generated extract (and where it goes)."""

    out: Path
    persons: int = 20_000
    seed: int = 1
    first_week: str = "1991-W32"
    last_week: str = "2016-W39"
    fmt: str = "csv"
    sep: str = ";"
    gzip: bool = False
    truth_dir: Path | None = None
    scenario: str = DEFAULT_SCENARIO
    chunk_size: int = 5_000
    id_column: str = "lobenr"
    """Name of the person-id column: ``lobenr`` or ``pnr`` (research servers)."""
    full_width: bool = False
    """The width of a real present-day vintage: ``akYY`` for every year since 1991 and
    quarterly ``visit_QkvYYYY`` columns from 2009 (about 2,400 columns for a 2026-W45 cut)."""
    shuffle_columns: bool = False
    """Write the columns in a random order, drawn from the seed."""
    window_start: str | None = None
    window_end: str | None = None
    """Analysis window of the truth files (dbt vars analysis_window_start/end; default
    2013-W01 .. 2016-W26); the ``edge`` scenario plants its window edge cases in it."""

    @property
    def truth_directory(self) -> Path:
        """Where the truth files and the manifest go (default: beside the extract)."""
        return self.truth_dir if self.truth_dir is not None else self.out.parent


def resource_lookup(resource_codes: frozenset[int]) -> np.ndarray:
    """Boolean lookup table over int16 codes: ``lookup[codes]`` marks resource weeks."""
    lookup = np.zeros(2**15, dtype=bool)
    lookup[[code for code in resource_codes if 0 <= code < 2**15]] = True
    return lookup


def generate(config: GeneratorConfig) -> dict[str, object]:
    """Write the extract, the truth files and the manifest; return the manifest.

    Output is a pure function of the config (seed, persons, weeks, chunk size, ...);
    memory is bounded by one chunk. Progress (persons done, rate, time left) goes to stderr
    (:class:`dream_outcomes.progress.Progress`: a bar on a terminal, a few lines elsewhere).
    """
    if config.persons < 0 or config.chunk_size < 1:
        raise ValueError("persons must be >= 0 and chunk size >= 1")
    started = time.perf_counter()
    layout = Layout.from_labels(
        config.first_week,
        config.last_week,
        id_column=config.id_column,
        full_width=config.full_width,
        shuffle_seed=config.seed if config.shuffle_columns else None,
    )
    window = {
        name: value
        for name, value in (("window_start", config.window_start), ("window_end", config.window_end))
        if value is not None
    }
    for name, value in window.items():
        weeks.parse_label(value)  # ValueError: not a YYYY-Www week that exists
    params = reference.Params(
        extract_first_week=weeks.index_label(layout.first_week),
        extract_last_week=weeks.index_label(layout.last_week),
        **window,
    )
    if weeks.label_index(params.window_end) < weeks.label_index(params.window_start):
        raise ValueError(f"window end {params.window_end} is before window start {params.window_start}")
    scenario = get_scenario(config.scenario, params if window else None)
    scenario.prepare(layout, config.seed, config.persons, config.chunk_size)
    table = load_code_table()
    resource = resource_lookup(table.resource_codes)
    config.out.parent.mkdir(parents=True, exist_ok=True)
    applicable = scenario.edge_cases(layout)
    edge_counts: Counter[str] = Counter({name: 0 for name, can in applicable.items() if can})
    with (
        open_extract_writer(config.out, layout.schema, config.fmt, config.sep, config.gzip) as out,
        TruthWriter(config.truth_directory, params, table) as truth,
        Progress("generator", config.persons, "persons") as progress,
    ):
        for index, first in enumerate(range(0, config.persons, config.chunk_size)):
            size = min(config.chunk_size, config.persons - first)
            result = scenario.build_chunk(layout, chunk_rng(config.seed, index), first, size)
            if len(layout.visitation_quarters):
                # a stream of its own: the other columns are those of the same extract without them
                visit_rng = np.random.default_rng([config.seed, index, 0x715])
                result.chunk.visit = background.visitation(layout, visit_rng, result.chunk.codes)
            batch = result.chunk.to_record_batch(layout)
            out.write(batch)
            # The batch holds exactly the chunk's codes: rows without a resource code
            # (the background) are skipped before the reference reads anything.
            candidates = np.flatnonzero(resource[result.chunk.codes].any(axis=0))
            truth.add(batch, result.planted, candidates)
            edge_counts.update(Counter(tag for _, tag in result.planted))
            progress.update(size)
    manifest = {
        "scenario": scenario.name,
        "seed": config.seed,
        "persons": config.persons,
        "chunk_size": config.chunk_size,
        "first_week": weeks.index_label(layout.first_week),
        "last_week": weeks.index_label(layout.last_week),
        "format": config.fmt,
        "separator": config.sep if config.fmt == "csv" else None,
        "gzip": config.gzip,
        "extract": config.out.name,
        "columns": len(layout.schema),
        "column_groups": {
            "weeks": layout.n_weeks,
            "employment_months": len(layout.month_keys),
            "nykom_years": len(layout.years),
            "ak_years": len(layout.ak_years),
            **({"visitation_quarters": len(layout.visitation_quarters)} if layout.full_width else {}),
        },
        **(
            {"id_column": layout.id_column, "full_width": layout.full_width,
             "shuffled_columns": layout.shuffle_seed is not None}
            if (layout.id_column, layout.full_width, layout.shuffle_seed) != ("lobenr", False, None)
            else {}
        ),
        "analysis_defaults": {
            "window_start": params.window_start,
            "window_end": params.window_end,
            "history_start": params.history_start,
            "gap_weeks": params.gap_weeks,
            "status_horizon_weeks": params.status_horizon_weeks,
        },
        "code_table": table.source,
        "edge_cases": dict(edge_counts),
        "edge_cases_not_applicable": [name for name, can in applicable.items() if not can],
        **scenario.manifest_sections(),
        "truth": truth.summary(),
        "generation_seconds": round(time.perf_counter() - started, 2),
    }
    manifest_path = config.truth_directory / MANIFEST_FILE
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    manifest_path.write_text(text, encoding="utf-8")
    return manifest

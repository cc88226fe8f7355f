"""Command line: ``python -m dream_outcomes.generator`` / ``dream-generate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dream_outcomes.columns import PERSON_ID_COLUMNS
from dream_outcomes.generator.run import GeneratorConfig, generate
from dream_outcomes.generator.scenarios import DEFAULT_SCENARIO, SCENARIOS
from dream_outcomes.generator.writer import FORMATS, SEPARATORS
from dream_outcomes.vintages import BY_NAME

DEFAULTS = GeneratorConfig(out=Path("data"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m dream_outcomes.generator",
        description="Write a deterministic synthetic DREAM extract (one wide row per "
        "person) plus truth files computed by the reference implementation.",
    )
    parser.add_argument("--persons", type=int, default=DEFAULTS.persons, help="number of persons")
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed, help="random seed")
    parser.add_argument("--first-week", default=DEFAULTS.first_week, help="first week, YYYY-Www")
    parser.add_argument(
        "--last-week",
        help="last week, YYYY-Www: the extract's vintage (any week up to the present, e.g. 2026-W45; "
        f"default {DEFAULTS.last_week}, or the --vintage's)",
    )
    parser.add_argument(
        "--vintage",
        choices=sorted(BY_NAME),
        help="a published edition's delivery (python -m dream_outcomes.vintages table): sets the last week "
        "and the truth files' analysis window (default: neither)",
    )
    parser.add_argument(
        "--id-column",
        choices=PERSON_ID_COLUMNS,
        default=DEFAULTS.id_column,
        help="name of the person-id column (pnr on research servers)",
    )
    parser.add_argument(
        "--full-width",
        action="store_true",
        help="the width of a real present-day vintage: akYY for every year since 1991 and "
        "quarterly visit_QkvYYYY columns from 2009 (default: the last five ak years, no visit)",
    )
    parser.add_argument(
        "--shuffle-columns",
        action="store_true",
        help="write the columns in a random order drawn from the seed",
    )
    parser.add_argument(
        "--window-start",
        help="analysis window start of the truth files and of the planted edge cases "
        "(dbt var analysis_window_start; default 2013-W01)",
    )
    parser.add_argument(
        "--window-end",
        help="analysis window end (dbt var analysis_window_end; default 2016-W26)",
    )
    parser.add_argument("--format", choices=FORMATS, default=DEFAULTS.fmt)
    parser.add_argument(
        "--sep",
        choices=SEPARATORS,
        default=DEFAULTS.sep,
        metavar="SEP",
        help="CSV separator, ; or ,",
    )
    parser.add_argument("--gzip", action="store_true", help="gzip the CSV")
    parser.add_argument(
        "--out",
        type=Path,
        help="extract path (default: data/dream_extract.csv[.gz] or .parquet)",
    )
    parser.add_argument(
        "--truth-dir", type=Path, help="truth files and manifest.json (default: beside --out)"
    )
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default=DEFAULT_SCENARIO)
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=DEFAULTS.chunk_size,
        help="persons per chunk (part of the output's identity, like the seed)",
    )
    return parser


def config_from_args(args: argparse.Namespace) -> GeneratorConfig:
    """The generator config of parsed arguments."""
    suffix = "parquet" if args.format == "parquet" else "csv.gz" if args.gzip else "csv"
    last_week, window_start, window_end = args.last_week, args.window_start, args.window_end
    if args.vintage is not None:
        vintage = BY_NAME[args.vintage]
        if last_week not in (None, vintage.last_week):
            raise ValueError(
                f"--last-week {last_week} contradicts --vintage {vintage.name} (last week {vintage.last_week})"
            )
        last_week = vintage.last_week
        window_start = window_start or vintage.window_start
        window_end = window_end or vintage.window_end
    return GeneratorConfig(
        out=args.out if args.out is not None else Path("data") / f"dream_extract.{suffix}",
        persons=args.persons,
        seed=args.seed,
        first_week=args.first_week,
        last_week=last_week or DEFAULTS.last_week,
        fmt=args.format,
        sep=args.sep,
        gzip=args.gzip,
        truth_dir=args.truth_dir,
        scenario=args.scenario,
        chunk_size=args.chunk_size,
        id_column=args.id_column,
        full_width=args.full_width,
        shuffle_columns=args.shuffle_columns,
        window_start=window_start,
        window_end=window_end,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the generator; print a short summary."""
    args = build_parser().parse_args(argv)
    try:
        config = config_from_args(args)
        manifest = generate(config)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"{manifest['persons']} persons x {manifest['columns']} columns -> {config.out} "
        f"({manifest['generation_seconds']} s); truth in {config.truth_directory}"
    )
    for name, count in manifest["edge_cases"].items():  # type: ignore[union-attr]
        print(f"  {name:45s} {count:7d}")
    calibration = manifest.get("calibration")
    if isinstance(calibration, dict):
        national = calibration["national"]
        print(
            f"  calibration: {national['persons']:,} persons ended a programme in the window, "
            f"{national['share_closer_agenda_2017']:.1%} closer (agenda_2017), "
            f"{calibration['ranked_municipalities']} ranked municipalities"
        )
        if not calibration["targets_hold"]:
            print(f"  warning: the published figures are not reproduced: {calibration['why']}")
    vintages = manifest.get("vintages")
    if isinstance(vintages, dict):
        for name, found in vintages.items():
            shown = "shown by this cut" if found["targets_hold"] else "not shown (the cut ends earlier)"
            print(
                f"  vintage {name} (window {' .. '.join(found['window'])}): {found['persons']:,} persons, "
                f"agenda_2018 ranked mean {found['agenda_2018']['ranked_unweighted_mean_share']:.1%}; {shown}"
            )
    return 0

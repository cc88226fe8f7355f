"""The dashboard as code: an Apache Superset import bundle (a ZIP of YAML files: one database, its
datasets, the charts and the dashboard) over the aggregated marts.

- Figure 1, the ranked municipalities: the share closer with its 95 % Wilson interval (three points
  per municipality: low, share, high), in rank order, at the published slice (point-in-time, the
  headline horizon) of the build's default outcome set;
- Figure 2, the national status distribution at the headline horizon;
- the municipal table: every municipality's persons, awaiting, closer, share, interval, rank and
  whether safe publication withheld its cells.

The charts read the marts as they are (a withheld cell stays empty): each dataset is a query on one
mart (its columns, and for the municipal figures the published slice of the build's default outcome
set, read from `marts.dim_analysis`), each chart filters it on the mart's own columns, so one bundle
fits every build and every warehouse. Column and metric descriptions are the dbt YAML's.

    python -m dream_outcomes.superset.dashboard --name duckdb \
        --uri "duckdb:////abs/path/target/dream_marts.duckdb?access_mode=read_only" --out dashboard.zip

then import it (Superset: Dashboards → Import, or `superset import-dashboards -p dashboard.zip -u admin`;
scripts/superset.sh does both for the published DuckDB file)."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dream_outcomes.dbt_runner import PROJECT_DIR

MARTS_YAML = PROJECT_DIR / "models" / "marts" / "_marts__models.yml"
NAMESPACE = uuid.UUID("5d1f0e1c-8f61-4c59-9d8e-0d7a3c2b6e11")
"""Every object's uuid is derived from this namespace and the database's name, so that importing
the bundle again updates the dashboard, and bundles for two databases live side by side."""

HEADLINE = "is_headline"
RANKED = "is_ranked"


@dataclass(frozen=True)
class Dataset:
    name: str
    mart: str
    columns: tuple[str, ...]
    metrics: dict[str, str] = field(default_factory=dict)
    """Saved metrics: name → SQL over one row of the mart (the charts group by the mart's own grain,
    so each metric returns the mart's value, withheld cells included as empty)."""
    where: str | None = None
    """The mart's rows this dataset holds (a sub-query may stand here, not in a chart's filter, which
    Superset refuses by default)."""

    def sql(self) -> str:
        """Every dataset is virtual (a query on its mart), so that its name can carry the database's:
        Superset's SQLite metadata keeps table names unique across databases."""
        where = "" if self.where is None else f"\nwhere {self.where}"
        return f"select {', '.join(self.columns)}\nfrom marts.{self.mart}{where}"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    viz_type: str
    dataset: Dataset
    where: tuple[str, ...]
    columns: tuple[str, ...]
    """The query's columns: the x axis of a figure, the table's columns (raw mode)."""
    metrics: tuple[str, ...] = ()
    order_by: tuple[tuple[str, bool], ...] = ()
    """(column or metric, ascending)."""
    params: dict = field(default_factory=dict)
    """The chart type's display settings (Superset's form data)."""
    width: int = 12
    height: int = 60


MUNICIPAL_OUTCOMES = Dataset(
    "municipal_outcomes_published", "fct_municipal_outcomes",
    ("measure", "horizon_weeks", "is_headline", "outcome_set", "municipality_code", "municipality_name",
     "persons", "persons_awaiting_outcome", "persons_closer", "share_closer", "share_ci_low", "share_ci_high",
     "is_ranked", "rank", "is_suppressed", "vintage_last_date"),
    {"share_closer": "max(share_closer)", "share_ci_low": "max(share_ci_low)",
     "share_ci_high": "max(share_ci_high)"},
    where="is_headline and outcome_set = (select default_outcome_set from marts.dim_analysis)",
)
STATUS_DISTRIBUTION = Dataset(
    "status_distribution", "fct_status_distribution",
    ("horizon_weeks", "is_headline", "status_category", "label_en", "label_da", "sort_order", "persons", "share",
     "is_suppressed"),
    {"share": "max(share)", "persons": "max(persons)"},
)

TABLE_COLUMNS = ("rank", "municipality_code", "municipality_name", "persons", "persons_awaiting_outcome",
                 "persons_closer", "share_closer", "share_ci_low", "share_ci_high", "is_ranked", "is_suppressed")

CHARTS = (
    Chart(
        "figure_1_ranking", "Figure 1: share closer to the labour market at the headline horizon (13 weeks by "
        "default), ranked municipalities, 95 % interval", "echarts_timeseries_scatter", MUNICIPAL_OUTCOMES,
        (RANKED,), ("municipality_name",),
        ("share_ci_low", "share_closer", "share_ci_high"), (("share_closer", False),),
        {"y_axis_format": ".0%", "x_axis_sort": "share_closer", "x_axis_sort_asc": False, "markerSize": 8,
         "xAxisLabelRotation": 45, "show_legend": True, "rich_tooltip": True, "truncateYAxis": False},
        height=90,
    ),
    Chart(
        "figure_2_status", "Figure 2: status at the headline horizon after an ended ressourceforløb, the nation",
        "echarts_timeseries_bar", STATUS_DISTRIBUTION, (HEADLINE,), ("label_da",), ("share",),
        (("share", False),),
        {"orientation": "horizontal", "y_axis_format": ".1%", "x_axis_sort": "share", "x_axis_sort_asc": True,
         "show_value": True, "show_legend": True},
        height=60,
    ),
    Chart(
        "municipal_table", "The municipalities: persons, closer, share and interval (withheld cells are empty)",
        "table", MUNICIPAL_OUTCOMES, (), TABLE_COLUMNS,
        order_by=(("municipality_name", True),),
        params={"server_pagination": False, "page_length": 100, "include_search": True, "show_cell_bars": False,
                "column_config": {column: {"d3NumberFormat": ".1%"}
                                  for column in ("share_closer", "share_ci_low", "share_ci_high")}},
        height=100,
    ),
)


def object_uuid(name: str, *parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join((name, *parts))))


def object_uuids(name: str) -> list[str]:
    """The uuids of everything the bundle for database `name` holds: database, datasets, charts, dashboard."""
    return ([object_uuid(name, "database"), object_uuid(name, "dashboard")]
            + [object_uuid(name, "dataset", dataset) for dataset in {chart.dataset.name for chart in CHARTS}]
            + [object_uuid(name, "chart", chart.key) for chart in CHARTS])


def mart_columns() -> dict[str, dict[str, dict]]:
    """The marts' columns from their dbt YAML: mart → column → {description, data_type}."""
    models = yaml.safe_load(MARTS_YAML.read_text(encoding="utf-8"))["models"]
    return {model["name"]: {column["name"]: column for column in model.get("columns", [])} for model in models}


def superset_type(data_type: str) -> str:
    lowered = data_type.lower()
    for marker, name in (("varchar", "VARCHAR"), ("string", "VARCHAR"), ("double", "DOUBLE"), ("bigint", "BIGINT"),
                         ("integer", "INTEGER"), ("boolean", "BOOLEAN"), ("timestamp", "TIMESTAMP"), ("date", "DATE")):
        if marker in lowered:
            return name
    raise ValueError(f"dashboard: no Superset type for the contract type {data_type!r}")


def where_clause(chart: Chart) -> str:
    return " and ".join(f"({condition})" for condition in chart.where)


def form_data(chart: Chart, dataset_id: int | None = None) -> dict:
    """The chart's Superset form data (its `params`)."""
    filters = [{"expressionType": "SQL", "clause": "WHERE", "sqlExpression": condition} for condition in chart.where]
    data: dict = {"viz_type": chart.viz_type, "adhoc_filters": filters, "row_limit": 1000, "extra_form_data": {}}
    if dataset_id is not None:
        data["datasource"] = f"{dataset_id}__table"
    if chart.viz_type == "table":
        data.update({
            "query_mode": "raw", "all_columns": list(chart.columns), "groupby": [], "metrics": [],
            "order_by_cols": [json.dumps([column, ascending]) for column, ascending in chart.order_by],
        })
    else:
        data.update({"x_axis": chart.columns[0], "metrics": list(chart.metrics), "groupby": []})
    data.update(chart.params)
    return data


def query_context(chart: Chart, dataset_id: int) -> dict:
    """The query Superset runs for the chart's data (`GET /api/v1/chart/<id>/data/`, reports, CSV
    export): the chart's columns and metrics at the mart's grain, with its filters."""
    query = {
        "columns": list(chart.columns),
        "metrics": list(chart.metrics),
        "orderby": [[column, ascending] for column, ascending in chart.order_by],
        "filters": [],
        "extras": {"where": where_clause(chart), "having": ""},
        "row_limit": 1000,
        "series_limit": 0,
        "post_processing": [],
    }
    if chart.viz_type == "table":
        query["metrics"] = []
    return {
        "datasource": {"id": dataset_id, "type": "table"},
        "force": False,
        "queries": [query],
        "form_data": form_data(chart, dataset_id),
        "result_format": "json",
        "result_type": "full",
    }


def bundle_files(name: str, uri: str, title: str | None = None) -> dict[str, str]:
    """The import bundle's files (path → YAML text) for one database `name` reachable at `uri`."""
    columns = mart_columns()
    database_uuid = object_uuid(name, "database")
    root = f"dream_outcomes_{name}"
    files = {f"{root}/metadata.yaml": yaml.safe_dump(
        {"version": "1.0.0", "type": "Dashboard", "timestamp": "2026-12-01T00:00:00+00:00"})}
    files[f"{root}/databases/dream_{name}.yaml"] = yaml.safe_dump({
        "database_name": f"dream-outcomes ({name})",
        "sqlalchemy_uri": uri,
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_file_upload": False,
        "extra": {"allows_virtual_table_explore": True},
        "uuid": database_uuid,
        "version": "1.0.0",
    }, sort_keys=False, allow_unicode=True)
    datasets = {chart.dataset.name: chart.dataset for chart in CHARTS}
    for dataset in datasets.values():
        described = columns[dataset.mart]
        files[f"{root}/datasets/dream_{name}/{dataset.name}.yaml"] = yaml.safe_dump({
            "table_name": f"{dataset.name}_{name}",
            "schema": "marts",
            "sql": dataset.sql(),
            "description": None,
            "main_dttm_col": None,
            "filter_select_enabled": True,
            "uuid": object_uuid(name, "dataset", dataset.name),
            "database_uuid": database_uuid,
            "version": "1.0.0",
            "metrics": [
                {"metric_name": metric, "verbose_name": metric, "metric_type": None, "expression": expression,
                 "description": described[metric]["description"], "d3format": None, "extra": None,
                 "warning_text": None}
                for metric, expression in dataset.metrics.items()
            ],
            "columns": [
                {"column_name": column, "verbose_name": None, "is_dttm": described[column]["data_type"] == "date",
                 "is_active": True, "type": superset_type(described[column]["data_type"]), "groupby": True,
                 "filterable": True, "expression": None, "description": described[column]["description"],
                 "python_date_format": None, "extra": None}
                for column in dataset.columns
            ],
        }, sort_keys=False, allow_unicode=True)
    position: dict = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": []},
    }
    rows: list[list[Chart]] = []
    for chart in CHARTS:
        if rows and sum(c.width for c in rows[-1]) + chart.width <= 12:
            rows[-1].append(chart)
        else:
            rows.append([chart])
    for number, row in enumerate(rows):
        row_id = f"ROW-{number}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {"type": "ROW", "id": row_id, "children": [],
                            "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        for chart in row:
            chart_id = f"CHART-{chart.key}"
            position[row_id]["children"].append(chart_id)
            # chartId is a placeholder: the import maps each chart by its uuid
            position[chart_id] = {"type": "CHART", "id": chart_id, "children": [], "meta": {
                "chartId": CHARTS.index(chart) + 1, "width": chart.width, "height": chart.height, "sliceName": chart.title,
                "uuid": object_uuid(name, "chart", chart.key)}}
    for chart in CHARTS:
        files[f"{root}/charts/{chart.key}_{name}.yaml"] = yaml.safe_dump({
            "slice_name": chart.title,
            "description": None,
            "viz_type": chart.viz_type,
            "params": form_data(chart),
            # the dataset's id is set on import (Superset replaces it in params and the query context)
            "query_context": json.dumps(query_context(chart, 0)),
            "cache_timeout": None,
            "uuid": object_uuid(name, "chart", chart.key),
            "version": "1.0.0",
            "dataset_uuid": object_uuid(name, "dataset", chart.dataset.name),
        }, sort_keys=False, allow_unicode=True)
    files[f"{root}/dashboards/dream_outcomes_{name}.yaml"] = yaml.safe_dump({
        "dashboard_title": title or f"DREAM outcomes ({name})",
        "description": None,
        "css": None,
        "slug": f"dream-outcomes-{name}",
        "published": True,
        "uuid": object_uuid(name, "dashboard"),
        "position": position,
        "metadata": {"native_filter_configuration": [], "color_scheme": "supersetColors", "refresh_frequency": 0},
        "version": "1.0.0",
    }, sort_keys=False, allow_unicode=True)
    return files


def write_bundle(name: str, uri: str, out: Path, title: str | None = None) -> Path:
    files = bundle_files(name, uri, title)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, help="the database's short name (duckdb, postgres, ...): "
                        "it names the dashboard and keeps its objects apart from another database's")
    parser.add_argument("--uri", required=True, help="the SQLAlchemy URI Superset connects with (a read-only "
                        "DuckDB file, or PostgreSQL as a BI role)")
    parser.add_argument("--out", type=Path, required=True, help="the ZIP to write")
    parser.add_argument("--title", help="the dashboard's title (default: DREAM outcomes (NAME))")
    args = parser.parse_args(argv)
    print(write_bundle(args.name, args.uri, args.out, args.title))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The Dagster resources, configured in one place from the run's Settings
(pipelines/settings.py: command line, environment, defaults)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.settings import (  # noqa: F401  (re-exported: settings live without Dagster)
    DEFAULT_DATA_DIR,
    DEFAULT_REPORTS_DIR,
    DEFAULT_WAREHOUSE,
    PROJECT_ROOT,
    Settings,
)
from pipelines.warehouse import CONNECTION_CONFIG


class EvaluationInputs(dg.ConfigurableResource):
    """Where the inputs are. Which reporting years a run loads is its partitions."""

    data_dir: str


class ReportSite(dg.ConfigurableResource):
    """Where the report site is written."""

    output_dir: str


def build_resources(settings: Settings, database: Path | None = None,
                    report_output: Path | None = None) -> dict[str, object]:
    return {
        "duckdb": DuckDBResource(
            database=str(database or settings.warehouse), connection_config=dict(CONNECTION_CONFIG)
        ),
        "inputs": EvaluationInputs(data_dir=str(settings.data_dir)),
        "report_site": ReportSite(output_dir=str(report_output or settings.reports_dir)),
    }

"""The Dagster resources, configured in one place from the run's Settings
(pipelines/settings.py: command line, environment, defaults)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.settings import Settings
from pipelines.warehouse.database import CONNECTION_CONFIG


class DataDirectory(dg.ConfigurableResource):
    """The data directory a run reads. Which reporting years it loads is its partitions."""

    data_dir: str


class ReportSite(dg.ConfigurableResource):
    """Where the report site is written. With `swap`, the asset builds a new folder and swaps
    it into place itself; a command-line run gives it a fresh build folder instead and swaps
    that once, after the warehouse."""

    output_dir: str
    swap: bool = True


def build_resources(
    settings: Settings, database: Path | None = None, report_build: Path | None = None
) -> dict[str, object]:
    """The resources of a run: the published files, or the build files a run swaps in."""
    return {
        "duckdb": DuckDBResource(
            database=str(database or settings.warehouse), connection_config=dict(CONNECTION_CONFIG)
        ),
        "data_directory": DataDirectory(data_dir=str(settings.data_dir)),
        "report_site": ReportSite(
            output_dir=str(report_build or settings.reports_dir), swap=report_build is None
        ),
    }

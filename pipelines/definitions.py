"""The Dagster code location: one Definitions object (workspace.yaml points here)."""

from __future__ import annotations

import dagster as dg

from pipelines.assets import ingest, marts, report, staging
from pipelines.ingest.reporting import find_years
from pipelines.resources import Settings, build_resources


def build_definitions(settings: Settings | None = None, **resource_overrides: object) -> dg.Definitions:
    """The asset graph for one data directory: its year folders are the reporting partitions."""
    settings = settings or Settings.from_env()
    resources = build_resources(settings)
    resources.update(resource_overrides)
    years = find_years(settings.data_dir)
    return dg.Definitions(
        assets=[ingest.load_register, ingest.reporting_asset(years),
                *dg.load_assets_from_modules([staging, marts, report])],
        resources=resources,
        # DuckDB allows one writer: steps run one after another in the same process.
        executor=dg.in_process_executor,
    )


defs = build_definitions()

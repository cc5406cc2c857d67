"""The Dagster code location: one Definitions object (workspace.yaml points here)."""

from __future__ import annotations

import dagster as dg

from pipelines.assets import ingest, marts, report, staging
from pipelines.resources import Settings, build_resources


def build_definitions(settings: Settings | None = None, **resource_overrides: object) -> dg.Definitions:
    settings = settings or Settings.from_env()
    resources = build_resources(settings)
    resources.update(resource_overrides)
    return dg.Definitions(
        assets=dg.load_assets_from_modules([ingest, staging, marts, report]),
        resources=resources,
        # DuckDB allows one writer: steps run one after another in the same process.
        executor=dg.in_process_executor,
    )


defs = build_definitions()

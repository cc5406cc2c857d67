"""The Dagster code location: one Definitions object (workspace.yaml points here)."""

from __future__ import annotations

import dagster as dg
from dagster._core.definitions.external_asset import create_external_asset_from_source_asset

from pipelines.defs import alerts, partitions
from pipelines.defs.assets import ingest, marts, report, sources, staging
from pipelines.defs.resources import build_resources
from pipelines.ingest.reporting import find_years
from pipelines.settings import Settings
from pipelines.warehouse.plan import RunPlan


def build_definitions(
    settings: Settings | None = None, years: list[int] | None = None, plan: RunPlan | None = None
) -> dg.Definitions:
    """The asset graph for one data directory: its year folders are the reporting partitions
    (`years` when a command-line run has found them already; pipelines/defs/partitions.py).
    Every run, from the UI or the command line, writes through the `warehouse` resource: lock,
    build, publish; from the command line's `plan`, else from a plan of its own."""
    settings = settings or Settings.from_env()
    years = years if years is not None else find_years(settings.data_dir)
    year_partitions = partitions.year_partitions(years)
    assets = [
        sources.register_sources,
        # as the asset graph holds it anyway: an asset definition, which takes owners and tags
        create_external_asset_from_source_asset(sources.reporting_source(year_partitions)),
        ingest.load_register,
        ingest.reporting_asset(year_partitions),
        *staging.DERIVED_ASSETS,
        marts.evaluation_marts,
        report.report_site,
    ]
    return dg.Definitions(
        assets=dg.map_asset_specs(owned, assets),
        jobs=[sources.observe_inputs],
        schedules=[sources.observe_inputs_schedule],
        sensors=[*partitions.sensors(), alerts.failed_run_alert],
        resources=build_resources(settings, plan),
        # DuckDB allows one writer, and the warehouse resource holds the run's build: steps run
        # one after another in the same process.
        executor=dg.in_process_executor,
    )


# Who answers for the assets, shown on every asset page; and each asset's layer as a tag, to
# filter the catalog by.
OWNERS = ["team:grant-eval"]
LAYER_TAG = "grant-eval/layer"


def owned(spec: dg.AssetSpec) -> dg.AssetSpec:
    return spec.replace_attributes(owners=OWNERS, tags={**spec.tags, LAYER_TAG: spec.group_name or "none"})


@dg.definitions
def defs() -> dg.Definitions:
    """What `dagster dev -w workspace.yaml` loads, lazily: the data directory of the
    environment (GRANT_EVAL_DATA_DIR, else the sample)."""
    return build_definitions()

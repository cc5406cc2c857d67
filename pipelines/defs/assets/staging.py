"""Staging tables derived in SQL from the loaded ones (pipelines/warehouse/staging.py)."""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
import dagster as dg

from pipelines.defs import versions
from pipelines.defs.assets.metadata import table_metadata
from pipelines.defs.resources import WAREHOUSE_POOL, Warehouse
from pipelines.warehouse import staging
from pipelines.warehouse.write import write_derived


def derived_asset(table: staging.StagingTable) -> dg.AssetsDefinition:
    spec = dg.AssetSpec(
        ["staging", table.name],
        group_name="staging",
        kinds={"duckdb"},
        description=table.description,
        deps=[dg.AssetKey(["staging", dep]) for dep in table.deps],
        metadata={"grain": ", ".join(table.grain), "dagster/table_name": table.table},
        code_version=versions.of_derived(table),
    )

    @dg.multi_asset(specs=[spec], name=f"staging_{table.name}", pool=WAREHOUSE_POOL)
    def derived(warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.get_connection() as con:
            write_derived(con, table)
            return dg.MaterializeResult(metadata=table_metadata(con, table.table))

    return derived


DERIVED_ASSETS = [derived_asset(t) for t in staging.DERIVED]

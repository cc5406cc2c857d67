"""Report layer: the static Norwegian report site, rendered from the marts."""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
import logging
from pathlib import Path

import dagster as dg

from pipelines.defs import versions
from pipelines.defs.progress import tell
from pipelines.defs.resources import WAREHOUSE_POOL, Warehouse
from pipelines.marts.catalog import MARTS
from pipelines.report.site import write_site
from pipelines.warehouse.fingerprint import nothing_changed

progress_log = logging.getLogger("grant_eval")


@dg.asset(
    key=["report", "site"],
    pool=WAREHOUSE_POOL,
    group_name="report",
    kinds={"html"},
    deps=[dg.AssetKey(["marts", m.name]) for m in MARTS],
    code_version=versions.REPORT,
)
def report_site(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """The report site: front page, five chapters, data and method, accessibility statement,
    with CSV/XLSX downloads of every table. Published with the warehouse when the run succeeds."""
    path = dg.MetadataValue.path(str(Path(warehouse.reports_dir) / "index.html"))
    if warehouse.unchanged_since is not None:
        message = f"{nothing_changed(warehouse.unchanged_since)}: the report site is as published"
        tell(context.instance, context.log, message)
        return dg.MaterializeResult(metadata={"path": path, "unchanged_since": warehouse.unchanged_since})
    progress_log.info("writing the report site")
    with warehouse.get_connection() as con:
        counts = write_site(con, warehouse.site)
    context.log.info(f"report site written for {warehouse.reports_dir}")
    return dg.MaterializeResult(
        metadata={
            "path": path,
            "pages": counts["pages"],
            "tables": counts["tables"],
            "charts": counts["charts"],
            "size_bytes": counts["bytes"],
        }
    )

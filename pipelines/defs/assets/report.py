"""Report layer: the static Norwegian report site, rendered from the marts."""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
import logging
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs import versions
from pipelines.defs.resources import ReportSite
from pipelines.marts.catalog import MARTS
from pipelines.report.site import write_site
from pipelines.warehouse.files import building_folder, publish_folder

progress_log = logging.getLogger("grant_eval")


@dg.asset(
    key=["report", "site"],
    group_name="report",
    kinds={"html"},
    deps=[dg.AssetKey(["marts", m.name]) for m in MARTS],
    code_version=versions.REPORT,
)
def report_site(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, report_site: ReportSite
) -> dg.MaterializeResult:
    """The report site: front page, five chapters, data and method, accessibility statement,
    with CSV/XLSX downloads of every table."""
    target = Path(report_site.output_dir)
    progress_log.info("writing the report site")
    with duckdb.get_connection() as con:
        if report_site.swap:  # written to a new folder, then swapped into place
            with building_folder(target) as build:
                counts = write_site(con, build)
                publish_folder(build, target)
        else:  # a fresh build folder that the run publishes
            counts = write_site(con, target)
    context.log.info(f"report site written to {target}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(target / "index.html")),
            "pages": counts["pages"],
            "tables": counts["tables"],
            "charts": counts["charts"],
            "size_bytes": counts["bytes"],
        }
    )

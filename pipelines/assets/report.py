"""Report layer: the static Norwegian report site, rendered from the marts."""

import logging
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.marts import MARTS
from pipelines.publishing import building_folder, publish_folder
from pipelines.report.site import write_site
from pipelines.resources import ReportSite

progress_log = logging.getLogger("grant_eval")

MART_DEPS = [dg.AssetKey(["marts", m.name]) for m in MARTS] + [
    dg.AssetKey(["marts", name]) for name in ("goal_attainment_trend", "code_labels")
]


@dg.asset(key=["report", "site"], group_name="report", kinds={"html"}, deps=MART_DEPS)
def report_site(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                report_site: ReportSite) -> dg.MaterializeResult:
    """The report site: front page, five chapters, data and method, accessibility statement,
    with CSV/XLSX downloads of every table. Written to a new folder, then swapped into place."""
    target = Path(report_site.output_dir)
    progress_log.info("writing the report site")
    with building_folder(target) as build, duckdb.get_connection() as con:
        counts = write_site(con, build)
        publish_folder(build, target)
    context.log.info(f"report site written to {target}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(target / "index.html")),
        "pages": counts["pages"], "tables": counts["tables"], "charts": counts["charts"],
        "size_bytes": counts["bytes"],
    })

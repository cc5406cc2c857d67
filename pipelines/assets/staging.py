"""Derived staging tables: projects."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.assets.metadata import table_metadata
from pipelines.warehouse import PROJECTS_SQL, run_sql


@dg.asset(
    key=["staging", "projects"], group_name="staging", kinds={"duckdb"},
    deps=[dg.AssetKey(["staging", n]) for n in ("grants", "units", "survey")],
)
def staging_projects(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Projects: one unit × one evaluated scheme (BLD, AVDIR) with a grant in at least one year."""
    with duckdb.get_connection() as con:
        run_sql(con, PROJECTS_SQL)
        return dg.MaterializeResult(metadata=table_metadata(con, "staging.projects"))

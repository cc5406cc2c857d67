"""Derived staging tables: projects."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.assets.metadata import table_metadata
from pipelines.warehouse import run_sql

PROJECTS_SQL = """
CREATE OR REPLACE TABLE staging.projects AS
WITH grants AS (
    SELECT enhet_id, ordning, min(aar) AS first_year, max(aar) AS last_year,
           sum(belop_nok)::BIGINT AS total_grant_nok
    FROM staging.grants
    WHERE ordning IN ('BLD', 'AVDIR')
    GROUP BY enhet_id, ordning
)
SELECT g.enhet_id, g.ordning, u.navn, u.region, u.size_class, u.innbyggere,
       g.first_year, g.last_year, g.total_grant_nok,
       EXISTS (SELECT 1 FROM staging.survey s
               WHERE s.enhet_id = g.enhet_id AND s.ordning = g.ordning) AS responded
FROM grants g JOIN staging.units u USING (enhet_id)
ORDER BY g.enhet_id, g.ordning
"""


@dg.asset(
    key=["staging", "projects"], group_name="staging", kinds={"duckdb"},
    deps=[dg.AssetKey(["staging", n]) for n in ("grants", "units", "survey")],
)
def staging_projects(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Projects: one unit × one evaluated scheme (BLD, AVDIR) with a grant in at least one year."""
    with duckdb.get_connection() as con:
        run_sql(con, PROJECTS_SQL)
        return dg.MaterializeResult(metadata=table_metadata(con, "staging.projects"))

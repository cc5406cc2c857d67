"""Write a mart into the warehouse, with its table and column comments."""

from __future__ import annotations

import duckdb

from pipelines.marts.spec import MartSpec
from pipelines.warehouse.database import add_primary_key, comment, run_sql
from pipelines.warehouse.sql import ident, table_ref
from pipelines.warehouse.write import replace_table


def materialize(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> None:
    run_sql(con, "CREATE SCHEMA IF NOT EXISTS marts")
    if spec.compute is not None:
        replace_table(con, spec.table, spec.compute(con))
    else:
        order = f" ORDER BY {spec.order_by}" if spec.order_by else ""
        columns = ", ".join(ident(c) for c in spec.columns)
        # sql: trusted — a mart's own SQL, from code: a programme reaches it as rows, not text
        run_sql(
            con,
            f"CREATE OR REPLACE TABLE {table_ref(spec.table)} AS SELECT {columns} FROM ({spec.sql}){order}",
        )
    add_primary_key(con, spec.table, spec.keys)
    comment(con, spec.table, f"{spec.norsk} — {spec.description}", spec.columns)

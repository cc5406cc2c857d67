"""Connection settings and statement helpers for the warehouse file."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import duckdb

from pipelines import settings
from pipelines.settings import SettingError
from pipelines.warehouse.sql import ident, literal, table_ref

if TYPE_CHECKING:  # a rerun with nothing to do imports this module, and never pandas
    import pandas as pd

# Analysts still use DuckDB 1.x clients; files written with this storage version open there.
STORAGE_VERSION = os.environ.get(settings.STORAGE_VERSION, "").strip() or "v1.4.0"
CONNECTION_CONFIG = {"storage_compatibility_version": STORAGE_VERSION}
SCHEMAS = ("raw", "staging", "meta", "marts")

# The files a warehouse holds now: each path as last loaded (a run of chosen years reloads
# those years and keeps the others' rows). Read by the report and by a rerun's comparison.
FILES_AS_LOADED = """
    SELECT DISTINCT ON (path) run_id, loaded_at, path, size_bytes, sha256, n_rows
    FROM meta.load_log ORDER BY path, loaded_at DESC"""


def check_storage_version() -> None:
    """GRANT_EVAL_STORAGE_VERSION as DuckDB knows it, else a SettingError that names it."""
    try:
        duckdb.connect(":memory:", config=dict(CONNECTION_CONFIG)).close()
    except duckdb.InvalidInputException:
        raise SettingError(
            settings.STORAGE_VERSION, STORAGE_VERSION, "must be a DuckDB storage version, such as v1.4.0"
        ) from None


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    """Execute a statement and read its whole result.

    DuckDB 2.0's Python API refuses new work on a connection with an unread result, so
    every statement here is read to the end, DDL included.
    """
    return con.execute(sql, params or []).fetchall()  # sql: trusted — the wrapper; its callers are checked


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """Run a query and read its whole result (DuckDB 2.0 drops unread results)."""
    return con.execute(sql, params or []).fetchdf()  # sql: trusted — the wrapper; its callers are checked


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    rows = run_sql(
        con,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name],
    )
    return bool(rows[0][0])


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(run_sql(con, f"SELECT count(*) FROM {table_ref(table)}")[0][0])


def add_primary_key(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]) -> None:
    """Declare a table's grain, so that DuckDB itself refuses a second row for a key."""
    if columns:
        keys = ", ".join(ident(c) for c in columns)
        run_sql(con, f"ALTER TABLE {table_ref(table)} ADD PRIMARY KEY ({keys})")


def comment(con: duckdb.DuckDBPyConnection, table: str, description: str, columns: dict[str, str]) -> None:
    """COMMENT ON the table and the given columns, in one transaction (a commit each cost twice
    as much). COMMENT ON takes no parameters, so names and texts are quoted. Each statement
    copies the table's catalogue entry: callers pass a bounded set of columns, never one per
    column of an input file (a survey may have 10,000)."""
    con.begin()
    try:
        run_sql(con, f"COMMENT ON TABLE {table_ref(table)} IS {literal(description)}")
        for column, text in columns.items():
            run_sql(con, f"COMMENT ON COLUMN {table_ref(table)}.{ident(column)} IS {literal(text)}")
    except BaseException:
        con.rollback()
        raise
    con.commit()

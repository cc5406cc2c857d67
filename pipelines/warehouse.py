"""The DuckDB warehouse: schemas raw, staging, marts and meta; built into a new file and
swapped into place only when a whole run succeeded."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.contract import codes
from pipelines.ingest.inputs import Inputs

# Analysts still use DuckDB 1.x clients; files written with this storage version open there.
STORAGE_VERSION = os.environ.get("GRANT_EVAL_STORAGE_VERSION", "v1.4.0")
CONNECTION_CONFIG = {"storage_compatibility_version": STORAGE_VERSION}

SURVEY_CODED = list(codes.SURVEY_VARIABLES)

# Typed staging tables: name -> [(column, SQL type)]. List columns arrive as 'a|b' text.
STAGING_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "units": [("enhet_id", "VARCHAR"), ("navn", "VARCHAR"), ("innbyggere", "BIGINT"),
              ("fylke", "VARCHAR"), ("region", "VARCHAR"), ("size_class", "VARCHAR")],
    "regions": [("fylke", "VARCHAR"), ("region", "VARCHAR")],
    "grants": [("enhet_id", "VARCHAR"), ("ordning", "VARCHAR"), ("aar", "INTEGER"),
               ("belop_nok", "BIGINT")],
    "rapporter": [("enhet_id", "VARCHAR"), ("ordning", "VARCHAR"), ("aar", "INTEGER"),
                  ("mal_nadd", "VARCHAR"), ("arsaker_ikke_nadd", "VARCHAR[]"),
                  ("suksessfaktorer", "VARCHAR[]"), ("videreforing", "VARCHAR"),
                  ("videreforing_uten_tilskudd", "VARCHAR"), ("brukermedvirkning", "VARCHAR")],
    "tiltak": [("enhet_id", "VARCHAR"), ("ordning", "VARCHAR"), ("aar", "INTEGER"),
               ("tiltak_navn", "VARCHAR"), ("kategori", "VARCHAR"), ("malgruppe", "VARCHAR"),
               ("budsjett_nok", "BIGINT"), ("deltakere", "BIGINT"), ("status", "VARCHAR"),
               ("forste_aar", "INTEGER")],
    "survey": [("case_number", "INTEGER"), ("enhet_id", "VARCHAR"), ("ordning", "VARCHAR")]
    + [(v, "INTEGER") for v in SURVEY_CODED],
    "informants": [("informant_id", "VARCHAR"), ("intervju_id", "VARCHAR"), ("enhet_id", "VARCHAR"),
                   ("rolle", "VARCHAR"), ("tittel", "VARCHAR")],
    "segments": [("segment_id", "INTEGER"), ("intervju_id", "VARCHAR"), ("kode", "VARCHAR"),
                 ("kode_full", "VARCHAR"), ("tekst", "VARCHAR"), ("sitat", "BOOLEAN")],
    "lavinntekt": [("enhet_id", "VARCHAR"), ("aar", "INTEGER"), ("andel_barn_lavinntekt", "DOUBLE")],
    "survey_value_labels": [("variable", "VARCHAR"), ("code", "INTEGER"), ("label", "VARCHAR")],
}
# Staging tables derived from a source's metadata rather than its rows: source -> table.
METADATA_TABLES: dict[str, str] = {"survey": "survey_value_labels"}
LIST_COLUMNS = {"arsaker_ikke_nadd", "suksessfaktorer"}
YEARLY_TABLES = ("rapporter", "tiltak")  # one folder per year: reporting/<year>/
# Raw tables that always exist, so the graph is the same whatever optional files are present.
RAW_TABLES = ("units", "regions", "grants", "rapporter", "tiltak", "survey", "informants",
              "segments", "lavinntekt")
REGISTER_TABLES = tuple(t for t in RAW_TABLES if t not in YEARLY_TABLES)


# Projects: one unit × one evaluated scheme with a grant in at least one year.
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


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    return duckdb.connect(str(path), config=dict(CONNECTION_CONFIG))


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    """Execute a statement and read its whole result.

    DuckDB 2.0's Python API refuses new work on a connection with an unread result, so
    every statement here is read to the end, DDL included.
    """
    return con.execute(sql, params or []).fetchall()


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """Run a query and read its whole result (DuckDB 2.0 drops unread results)."""
    return con.execute(sql, params or []).fetchdf()


def write_inputs(con: duckdb.DuckDBPyConnection, inputs: Inputs, run_id: str,
                 tables: tuple[str, ...] = RAW_TABLES) -> dict[str, int]:
    """Write the given raw and staging tables and the load log; return row counts.

    The yearly tables (rapporter, tiltak) replace only the years loaded and keep the others
    already in the file, so a run of one year refreshes that year alone.
    """
    for schema in ("raw", "staging", "meta", "marts"):
        run_sql(con, f"CREATE SCHEMA IF NOT EXISTS {schema}")
    counts: dict[str, int] = {}
    for name in tables:
        frame = inputs.raw.get(name)
        if frame is None:
            frame = pd.DataFrame({"_file": pd.Series(dtype="str")})
            if name in YEARLY_TABLES:
                frame["_year"] = pd.Series(dtype="Int64")
        _write_frame(con, f"raw.{name}", _as_text(frame), name in YEARLY_TABLES, inputs.years)
        counts[f"raw.{name}"] = _count(con, f"raw.{name}")
        for staged_name in (name, METADATA_TABLES.get(name)):
            if staged_name is None:
                continue
            columns = STAGING_COLUMNS[staged_name]
            staged = inputs.staging.get(staged_name)
            if staged is None:
                staged = pd.DataFrame({c: pd.Series(dtype="object") for c, _ in columns})
            _write_frame(con, f"staging.{staged_name}", _typed(staged, columns),
                         staged_name in YEARLY_TABLES, inputs.years)
            counts[f"staging.{staged_name}"] = _count(con, f"staging.{staged_name}")
    run_sql(
        con,
        """CREATE TABLE IF NOT EXISTS meta.load_log (
               run_id VARCHAR, loaded_at TIMESTAMPTZ, path VARCHAR, size_bytes BIGINT,
               sha256 VARCHAR, n_rows BIGINT)""",
    )
    now = dt.datetime.now(dt.UTC)
    if inputs.files:
        con.executemany(
            "INSERT INTO meta.load_log VALUES (?, ?, ?, ?, ?, ?)",
            [[run_id, now, f.path, f.size_bytes, f.sha256, f.n_rows] for f in inputs.files],
        ).fetchall()
    return counts


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw keeps what was read: text as text; the survey's numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].astype("object").where(out[column].notna(), None)
    return out


def _typed(frame: pd.DataFrame, columns: list[tuple[str, str]]) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column, sql_type in columns:
        values = frame[column] if column in frame.columns else pd.Series([None] * len(frame))
        if column in LIST_COLUMNS:
            out[column] = values.map(lambda v: [] if not v else str(v).split("|"))
        elif sql_type in ("INTEGER", "BIGINT"):
            out[column] = values.astype("Int64")
        elif sql_type == "DOUBLE":
            out[column] = values.astype("Float64")
        elif sql_type == "BOOLEAN":
            out[column] = values.astype("boolean")
        else:
            out[column] = values.astype("object").where(values.notna(), None)
    return out


def _write_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
                 by_year: bool, years: list[int]) -> None:
    con.register("incoming", frame)
    try:
        columns = STAGING_COLUMNS.get(table.split(".")[1]) if table.startswith("staging.") else None
        select = "SELECT * FROM incoming"
        if columns:
            select = "SELECT " + ", ".join(
                f'CAST("{c}" AS {t}) AS "{c}"' for c, t in columns
            ) + " FROM incoming"
        exists = _exists(con, table)
        if by_year and exists:
            year_col = "aar" if table.startswith("staging.") else "_year"
            placeholders = ", ".join(str(int(y)) for y in years) or "NULL"
            run_sql(con, f"DELETE FROM {table} WHERE {year_col} IN ({placeholders})")
            if not columns:  # raw: a year's file may bring a column earlier years lacked
                have = {r[0] for r in run_sql(con, "SELECT column_name FROM duckdb_columns() "
                        "WHERE schema_name = ? AND table_name = ?", table.split("."))}
                for column in frame.columns:
                    if column not in have:
                        run_sql(con, f'ALTER TABLE {table} ADD COLUMN "{column}" VARCHAR')
            run_sql(con, f"INSERT INTO {table} BY NAME {select}")
        else:
            run_sql(con, f"CREATE OR REPLACE TABLE {table} AS {select}")
    finally:
        con.unregister("incoming")


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Create or replace a table from a DataFrame (typed by STAGING_COLUMNS for staging)."""
    _write_frame(con, table, frame, by_year=False, years=[])


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    rows = run_sql(
        con,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name],
    )
    return bool(rows[0][0])


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(run_sql(con, f"SELECT count(*) FROM {table}")[0][0])


# -- build into a new file, then swap ---------------------------------------------------------
def build_path_for(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.name}.building-{os.getpid()}")


@contextlib.contextmanager
def building(warehouse: Path, keep_existing: bool) -> Iterator[Path]:
    """Yield a fresh build file; the caller publishes it with `publish` on success.

    With `keep_existing`, the build starts from a copy of the current warehouse (a run that
    loads only some years keeps the others). The build file is removed if anything fails.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    build = build_path_for(warehouse)
    build.unlink(missing_ok=True)
    if keep_existing and warehouse.exists():
        shutil.copy2(warehouse, build)
    try:
        yield build
    finally:
        build.unlink(missing_ok=True)
        Path(f"{build}.wal").unlink(missing_ok=True)


def publish(build: Path, warehouse: Path) -> None:
    """Atomically replace the warehouse with the finished build (same folder, one rename)."""
    os.replace(build, warehouse)

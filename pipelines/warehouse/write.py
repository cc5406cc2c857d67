"""Write what ingest read into the warehouse: raw tables as read, typed staging tables, and the
load log (meta.load_log)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.contract import concepts, input_files
from pipelines.contract.programme import Programme
from pipelines.ingest.loading import Loaded
from pipelines.warehouse import staging
from pipelines.warehouse.database import (
    SCHEMAS,
    add_primary_key,
    comment,
    count_rows,
    run_sql,
    table_exists,
)
from pipelines.warehouse.sql import ident, qualified, sql_type, table_ref

# raw.<source>'s own comment on the columns it has beyond the contract's.
RAW_EXTRA = "Columns the contract does not declare are kept under the file's own header, as read."
# A mart's Parquet copy is named after it: a name that could leave the folder is refused.
PARQUET_NAME = re.compile(r"[A-Za-z0-9_]+")
LIST_COLUMNS = {
    *(c.name for f in input_files.FILES.values() for c in f.columns if c.kind == concepts.CODE_LIST),
    *(c.name for f in concepts.FORM_CONCEPTS.values() for c in f.values() if c.kind == concepts.CODE_LIST),
    "recipients",
}


def write_loaded(
    con: duckdb.DuckDBPyConnection,
    loaded: Loaded,
    run_id: str,
    sources: tuple[str, ...],
    every_year: bool = True,
) -> dict[str, int]:
    """Write the raw and staging tables of the given sources and the load log; return row counts.

    Unless every year folder was loaded, the yearly tables (rapporter, tiltak) replace only the
    years loaded and keep the others already in the file, so a run of one year refreshes that
    year alone; a load of every year replaces them whole (a year folder removed is gone).
    """
    for schema in SCHEMAS:
        run_sql(con, f"CREATE SCHEMA IF NOT EXISTS {ident(schema)}")
    counts: dict[str, int] = {}
    for source in sources:
        yearly = source in staging.YEARLY_SOURCES and not every_year  # replaced year by year
        frame = loaded.raw.get(source)
        if frame is None:
            frame = pd.DataFrame({"_file": pd.Series(dtype="str")})
            if source in staging.YEARLY_SOURCES:
                frame["_year"] = pd.Series(dtype="Int64")
        _write(con, f"raw.{source}", _as_text(frame), None, loaded.years if yearly else None)
        _comment_raw(con, source, loaded.programme)
        counts[f"raw.{source}"] = count_rows(con, f"raw.{source}")
        for table in staging.loaded_from(source):
            staged = loaded.staging.get(table.name)
            if staged is None:
                staged = pd.DataFrame({c: pd.Series(dtype="object") for c in table.columns})
            typed = _typed(staged, table)
            _write(con, table.table, typed, table, loaded.years if yearly else None)
            comment(
                con,
                table.table,
                table.description,
                {
                    **{column: meaning for column, (_type, meaning) in table.columns.items()},
                    **{c: f"{c} — {table.open_meaning}" for c in typed.columns if c not in table.columns},
                },
            )
            counts[table.table] = count_rows(con, table.table)
    run_sql(
        con,
        """CREATE TABLE IF NOT EXISTS meta.load_log (
               run_id VARCHAR, loaded_at TIMESTAMPTZ, path VARCHAR, size_bytes BIGINT,
               sha256 VARCHAR, n_rows BIGINT, n_skipped BIGINT)""",
    )
    # a warehouse written before n_skipped existed
    run_sql(con, "ALTER TABLE meta.load_log ADD COLUMN IF NOT EXISTS n_skipped BIGINT")
    _comment_meta(con, "load_log")
    now = dt.datetime.now(dt.UTC)
    if loaded.files:
        con.executemany(
            """INSERT INTO meta.load_log (run_id, loaded_at, path, size_bytes, sha256, n_rows, n_skipped)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [[run_id, now, f.path, f.size_bytes, f.sha256, f.n_rows, f.n_skipped] for f in loaded.files],
        ).fetchall()
    return counts


def write_build_info(con: duckdb.DuckDBPyConnection, info: dict[str, str]) -> None:
    """meta.build_info: one row saying what built this file, from what, and when."""
    run_sql(con, "CREATE SCHEMA IF NOT EXISTS meta")
    columns = ", ".join(f"{ident(name)} VARCHAR" for name in info)
    run_sql(con, f"CREATE OR REPLACE TABLE meta.build_info ({columns})")
    run_sql(con, f"INSERT INTO meta.build_info VALUES ({', '.join('?' * len(info))})", list(info.values()))
    _comment_meta(con, "build_info")


def write_parquet_copies(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Every table of schema marts as `<folder>/<table>.parquet`: the table's name quoted, the
    file bound as a parameter, and a name that is not a plain file name refused."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [
        r[0]
        for r in run_sql(con, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1")
    ]
    for name in names:
        if not PARQUET_NAME.fullmatch(name):
            raise ValueError(f"a mart's name is not a plain file name: {name!r}")
        target = str(folder / f"{name}.parquet")
        run_sql(con, f"COPY {qualified('marts', name)} TO ? (FORMAT parquet)", [target])


def write_derived(con: duckdb.DuckDBPyConnection, table: staging.StagingTable) -> None:
    """A staging table computed in SQL from the others."""
    # sql: trusted — staging.DERIVED's SELECTs are written in staging.py from code constants
    run_sql(con, f"CREATE OR REPLACE TABLE {table_ref(table.table)} AS {table.sql}")
    add_primary_key(con, table.table, table.grain)
    comment(
        con,
        table.table,
        table.description,
        {column: meaning for column, (_type, meaning) in table.columns.items()},
    )


def _comment_raw(con: duckdb.DuckDBPyConnection, source: str, programme: Programme) -> None:
    """raw.<source>: the file it is read from, and each column the contract declares: its
    meaning. A column the file brings beyond the contract is left without a comment (the table's
    says so): each COMMENT copies the table's catalogue entry, so one per column would cost the
    square of the columns (a survey of 10,000 variables ran out of memory)."""
    have = {
        r[0]
        for r in run_sql(
            con,
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' AND table_name = ?",
            [source],
        )
    }
    declared = (
        {c.name: c.meaning for c in input_files.FILES[source].columns} if source in input_files.FILES else {}
    )
    declared.update(_programme_meanings(programme, source))
    meanings = {**staging.RAW_COLUMNS, **declared}
    comment(
        con,
        f"raw.{source}",
        f"What was read from {staging.RAW_SOURCE_FILES[source]}, as text. {RAW_EXTRA}",
        {c: text for c, text in meanings.items() if c in have},
    )


def _programme_meanings(programme: Programme, source: str) -> dict[str, str]:
    """The meaning of each column the programme declares for a raw table: grants.csv, every
    form's columns, each wave's survey variables."""
    if source == "grants":
        return {c.name: c.meaning for c in programme.grants_file().columns}
    if source in concepts.FORM_CONCEPTS:
        known = concepts.FORM_CONCEPTS[source]
        return {
            c.name: c.meaning or known[c.concept].meaning for form in programme.forms for c in form.of(source)
        }
    if source == "survey":
        keys = {c: staging.SURVEY.columns[c][1] for c in input_files.SURVEY_KEY}
        return keys | {
            i.variable: f"{i.variable} — survey code: {concepts.SURVEY_ITEMS[i.item]}"
            + (f" ({i.subject})" if i.subject else "")
            for wave in programme.waves
            for i in wave.items
        }
    return {}


def _comment_meta(con: duckdb.DuckDBPyConnection, name: str) -> None:
    description, columns = staging.META_TABLES[name]
    have = {
        r[0]
        for r in run_sql(
            con,
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'meta' AND table_name = ?",
            [name],
        )
    }
    comment(con, f"meta.{name}", description, {c: t for c, t in columns.items() if c in have})


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Create or replace a table from a DataFrame."""
    _write(con, table, frame, None, None)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw keeps what was read: text as text; the survey's numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].astype("object").where(out[column].notna(), None)
    return out


def _types(frame: pd.DataFrame, table: staging.StagingTable) -> list[tuple[str, str]]:
    """The declared columns, then the frame's others when the table takes them (open_type)."""
    extra = [c for c in frame.columns if c not in table.columns and not c.startswith("_")]
    return table.types + ([(c, table.open_type) for c in extra] if table.open_type else [])


def _typed(frame: pd.DataFrame, table: staging.StagingTable) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column, column_type in _types(frame, table):
        values = frame[column] if column in frame.columns else pd.Series([None] * len(frame))
        if column in LIST_COLUMNS:
            out[column] = values.map(lambda v: [] if not v else str(v).split("|"))
        elif column_type in ("INTEGER", "BIGINT"):
            out[column] = values.astype("Int64")
        elif column_type == "DOUBLE":
            out[column] = values.astype("Float64")
        elif column_type == "BOOLEAN":
            out[column] = values.astype("boolean")
        else:
            out[column] = values.astype("object").where(values.notna(), None)
    return out


def _write(
    con: duckdb.DuckDBPyConnection,
    name: str,
    frame: pd.DataFrame,
    table: staging.StagingTable | None,
    years: list[int] | None,
) -> None:
    """Write a frame as `name`, cast to the staging table's types if it is one. With `years`,
    replace only those years' rows of an existing table."""
    con.register("incoming", frame)
    try:
        select = "SELECT * FROM incoming"
        if table is not None:
            select = (
                "SELECT "
                + ", ".join(
                    f"CAST({ident(c)} AS {sql_type(t)}) AS {ident(c)}" for c, t in _types(frame, table)
                )
                + " FROM incoming"
            )
        if years is not None and table_exists(con, name):
            year_column = "_year" if table is None else "aar"
            run_sql(
                con,
                f"DELETE FROM {table_ref(name)} WHERE list_contains(?::INTEGER[], {ident(year_column)})",
                [[int(y) for y in years]],
            )
            if table is None:  # raw: a year's file may bring a column earlier years lacked
                have = {
                    r[0]
                    for r in run_sql(
                        con,
                        "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?",
                        name.split("."),
                    )
                }
                for column in frame.columns:
                    if column not in have:
                        run_sql(con, f"ALTER TABLE {table_ref(name)} ADD COLUMN {ident(column)} VARCHAR")
            run_sql(con, f"INSERT INTO {table_ref(name)} BY NAME {select}")
        else:
            run_sql(con, f"CREATE OR REPLACE TABLE {table_ref(name)} AS {select}")
            if table is not None:
                add_primary_key(con, name, table.grain)
    finally:
        con.unregister("incoming")

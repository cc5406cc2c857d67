"""Metadata every warehouse asset carries: row count, column schema and a preview."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from pipelines.warehouse.database import run_sql
from pipelines.warehouse.sql import ident, table_ref

PREVIEW_ROWS = 5
# One column as the catalog has it: name, type, its comment (the data dictionary's text).
Column = tuple[str, str, str | None]


def columns_of(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, list[Column]]:
    """The columns of these tables (`schema.table`) with their comments, in one catalog query:
    DESCRIBE has no comments, and duckdb_columns() costs a catalog scan (about 3 ms) a query."""
    schemas = sorted({t.split(".")[0] for t in tables})
    rows = run_sql(
        con,
        "SELECT schema_name || '.' || table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE schema_name IN (SELECT unnest(?)) ORDER BY schema_name, table_name, column_index",
        [schemas],
    )
    found: dict[str, list[Column]] = {t: [] for t in tables}
    for table, name, sql_type, comment in rows:
        if table in found:
            found[table].append((name, sql_type, comment or None))
    return found


def table_metadata(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[Column] | None = None
) -> dict[str, Any]:
    """`columns`: the table's, when the caller read several tables' at once (columns_of)."""
    columns = columns if columns is not None else columns_of(con, [table])[table]
    rows = run_sql(con, f"SELECT count(*) FROM {table_ref(table)}")[0]
    preview = run_sql(con, f"SELECT * FROM {table_ref(table)} LIMIT {PREVIEW_ROWS}")
    metadata: dict[str, Any] = {
        "dagster/row_count": int(rows[0]) if rows else 0,
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name=c, type=t, description=d) for c, t, d in columns]
        ),
        "dagster/table_name": table,
        "preview": dg.MetadataValue.md(markdown_table([c for c, _, _ in columns], preview)),
    }
    names = {c for c, _, _ in columns}
    year = "aar" if "aar" in names else "_year" if "_year" in names else None
    if year is not None:  # a partition's rows: each reporting year's count
        counts = run_sql(con, f"SELECT {ident(year)}, count(*) FROM {table_ref(table)} GROUP BY 1 ORDER BY 1")
        metadata["rows_by_year"] = dg.MetadataValue.json({str(y): int(n) for y, n in counts})
    return metadata


def add_partition_row_counts(
    context: dg.AssetExecutionContext, key: dg.AssetKey, metadata: Mapping[str, Any]
) -> None:
    """Give each partition's materialisation its own year's row count (the table holds every
    year; without this each partition would say the whole table's count). Call before the
    asset's MaterializeResult is yielded: Dagster merges it into each partition's event."""
    by_year = metadata["rows_by_year"].value if "rows_by_year" in metadata else {}
    for year in context.partition_keys:
        context.add_asset_metadata({"dagster/row_count": int(by_year.get(year, 0))}, key, year)


def column_lineage(columns: Mapping[str, list[tuple[dg.AssetKey, str]]]) -> dg.TableColumnLineage:
    """Dagster's column lineage: each column with the upstream (asset, column) it comes from."""
    return dg.TableColumnLineage(
        deps_by_column={
            column: [dg.TableColumnDep(asset_key=key, column_name=name) for key, name in sources]
            for column, sources in columns.items()
            if sources
        }
    )


def markdown_table(header: list[str], rows: list[tuple]) -> str:
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return text.replace("|", "\\|").replace("\n", " ")[:60]

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)

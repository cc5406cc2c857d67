"""Quoting for the SQL that grant-eval builds: every identifier and literal that comes from an
input file (a header, a sheet name, a code, a label) or from a programme definition goes
through here, with DuckDB's own quoting, so no value from a file is ever read as SQL.
Values that can be bound as parameters (`execute(sql, [value])`) are bound instead."""

from __future__ import annotations

import re

import duckdb


def ident(name: str) -> str:
    """`name` as a quoted identifier: `a"b` -> `"a""b"`. DuckDB's rule (a double quote doubled
    inside double quotes), always applied: duckdb.ColumnExpression leaves `*` unquoted."""
    if not name or "\x00" in name:
        raise ValueError(f"not a usable SQL identifier: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    """`schema.table`, each part quoted."""
    return f"{ident(schema)}.{ident(table)}"


def literal(value: str | int | float | bool | None) -> str:
    """`value` as a SQL constant: `it's` -> `'it''s'`. For SQL that cannot take parameters
    (COMMENT ON, VALUES lists in a view's definition)."""
    if value is None:
        return "NULL"
    return str(duckdb.ConstantExpression(value))


def table_ref(dotted: str) -> str:
    """A `schema.table` name as the code spells it (`raw.tiltak`), each part quoted."""
    schema, dot, table = dotted.partition(".")
    if not dot:
        raise ValueError(f"not a schema-qualified table name: {dotted!r}")
    return qualified(schema, table)


# A type as the contract declares it (`VARCHAR`, `BIGINT`, `VARCHAR[]`, `DECIMAL(18, 2)`): a
# type cannot be quoted, so it is checked instead.
_TYPE = re.compile(r"[A-Z][A-Z0-9 ]*(\(\d+(, ?\d+)?\))?(\[\])?")


def sql_type(name: str) -> str:
    """`name` if it is a plain SQL type name, else ValueError."""
    if not _TYPE.fullmatch(name):
        raise ValueError(f"not a plain SQL type: {name!r}")
    return name

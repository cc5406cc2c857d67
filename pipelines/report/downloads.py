"""A table as it is downloaded: an XLSX and a CSV for Norwegian Excel with the page's headers
and rounded values, and a CSV for analysis with the mart's names and every digit.

A long list (a year's measures) ships its rows once, inside its page, as compact data
(`listing_json`): the page draws the rows and builds both CSV files in the browser from the
same cells as the files written here, so a list is not stored four times. Its XLSX is still
written, for Excel and for readers without JavaScript.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from pipelines.report import format as fmt
from pipelines.report.model import FORMATTERS, Table
from pipelines.report.xlsx import write_xlsx

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = ('"', "\r", "\n")


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe, which
    Excel hides when it shows the cell (municipal free text is untrusted)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def excel_value(value: object, kind: str) -> str:
    """One cell for Norwegian Excel: a number rounded as shown with a decimal comma, or text
    that cannot run as a formula."""
    if fmt.missing(value):
        return "" if kind == "text" else fmt.MISSING
    if kind == "text":
        return str(neutralise_formula(str(value)))
    if isinstance(value, str):  # a statbank symbol in place of a number (dec1_or_symbol)
        return value
    digits = 1 if kind in ("dec1", "dec1_or_symbol") else 0
    return str(fmt.round_half_up(float(value), digits)).replace(".", ",")  # type: ignore[arg-type]


def data_value(value: object) -> str:
    """One cell for analysis: every digit (repr round-trips a float exactly), text that cannot
    run as a formula, and nothing for a missing or hidden value."""
    if fmt.missing(value):
        return ""
    if hasattr(value, "item"):  # a numpy scalar: its Python value (numpy's repr names its type)
        value = value.item()
    if isinstance(value, float):
        return repr(value)
    return str(neutralise_formula(value))


def excel_rows(table: Table) -> list[list[str]]:
    return [
        [
            fmt.SUPPRESSED
            if (position, column.key) in table.suppressed
            else excel_value(record.get(column.key), column.kind)
            for column in table.columns
        ]
        for position, record in enumerate(table.frame.to_dict("records"))
    ]


def data_rows(table: Table) -> list[list[str]]:
    return [[data_value(v) for v in row] for row in table.download_frame().itertuples(index=False)]


def write_downloads(table: Table, folder: Path) -> None:
    """The table's XLSX and, unless its page builds them (a long list), its two CSV files."""
    if not table.listing:
        # For Norwegian Excel on a double-click: ';' between cells, a decimal comma, UTF-8
        # with a BOM; the page's headers and its rounded values, «:» and «..» as there.
        labels = [c.label for c in table.columns]
        _write_csv(folder / f"{table.id}.csv", labels, excel_rows(table), ";", "\r\n")
        # For analysts and programs: the mart's own column names and every digit.
        keys = [c.key for c in table.columns]
        _write_csv(folder / f"{table.id}-data.csv", keys, data_rows(table), ",", "\n")
    # For Excel: the table's title, source, notes and key to the symbols above the page's
    # headers and every digit.
    write_xlsx(
        folder / f"{table.id}.xlsx",
        [column.label for column in table.columns],
        _python_rows(table.download_frame()),
        sheet_name=f"Tabell {table.number}" if table.number else "Tabell",
        title=table.title,
        notes=[*([f"Kilde: {table.source}"] if table.source else []), table.note, *table.all_footnotes],
    )


def listing_json(table: Table) -> str:
    """A long list's rows for its page, safe inside <script>: each column's distinct cells once,
    and the rows as positions in them. A cell is its text as shown, or [shown, for Excel, for
    analysis] where those differ, so the page's CSV files equal what `write_downloads` writes
    for any other table. Each distinct value is formatted once: a year at ×200 has 8,000 rows."""
    if table.suppressed:
        raise ValueError(f"{table.id}: a list with hidden cells cannot travel as data")
    frame = table.download_frame()
    columns: list[dict[str, object]] = []
    positions: list[list[int]] = []
    for column in table.columns:
        values = frame[column.key]
        at, distinct = pd.factorize(values, use_na_sentinel=False)
        cells: list[object] = []
        for value in distinct:
            shown = FORMATTERS[column.kind](value)
            excel = excel_value(value, column.kind)
            data = data_value(value)
            cells.append(shown if shown == excel == data else [shown, excel, data])
        columns.append({"label": column.label, "key": column.key, "numeric": column.numeric, "cells": cells})
        positions.append(at.tolist())
    payload = json.dumps(
        {"columns": columns, "rows": [list(row) for row in zip(*positions, strict=True)]},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return script_safe(payload)


def script_safe(payload: str) -> str:
    """JSON that cannot close its <script> element or start markup: no '<', '>' or '&'."""
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str, newline: str) -> None:
    lines = [delimiter.join(csv_field(cell, delimiter) for cell in row) for row in [header, *rows]]
    path.write_bytes(("\ufeff" + "".join(line + newline for line in lines)).encode("utf-8"))


def csv_field(cell: str, delimiter: str) -> str:
    """A cell quoted (RFC 4180) when it holds the delimiter, a quote, a CR or a LF. Python's csv
    module leaves a lone CR unquoted under a "\n" line end, and a reader splits the row there."""
    if delimiter in cell or any(c in cell for c in _QUOTED):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _python_rows(frame: pd.DataFrame) -> Iterator[tuple[object, ...]]:
    """The rows as plain Python values, missing ones None: column by column (tolist turns numpy
    scalars into Python ones at C speed), as a long list has a million cells."""
    columns = [[None if fmt.missing(v) else v for v in frame[c].tolist()] for c in frame.columns]
    return zip(*columns, strict=True)

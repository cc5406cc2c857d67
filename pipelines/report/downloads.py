"""A table as it is downloaded: an XLSX and a CSV for Norwegian Excel with the page's headers
and rounded values, and a CSV for analysis with the mart's names and every digit.

A long list (a year's measures) ships its rows once, inside its page, as compact data
(`listing_json`): the page draws the rows and builds both CSV files in the browser from the
same cells as the files written here, so a list is not stored four times. Its XLSX is still
written, for Excel and for readers without JavaScript.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from pipelines.report import format as fmt
from pipelines.report.model import Table
from pipelines.report.xlsx import write_xlsx

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe, which
    Excel hides when it shows the cell (municipal free text is untrusted)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def excel_value(value: object, kind: str) -> str:
    """One cell for Norwegian Excel: a number rounded as shown with a decimal comma, or text
    that cannot run as a formula."""
    if _missing(value):
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
    if _missing(value):
        return ""
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "item"):  # numpy scalar
        return data_value(value.item())
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
    frame = table.download_frame()
    floats = [pd.api.types.is_float_dtype(frame[c]) for c in frame.columns]
    return [
        [
            data_value(float(v) if is_float and not _missing(v) else v)
            for v, is_float in zip(row, floats, strict=True)
        ]
        for row in frame.itertuples(index=False)
    ]


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
        ([_cell(v) for v in record] for record in table.download_frame().itertuples(index=False)),
        sheet_name=f"Tabell {table.number}" if table.number else "Tabell",
        title=table.title,
        notes=[*([f"Kilde: {table.source}"] if table.source else []), table.note, *table.all_footnotes],
    )


def listing_json(table: Table) -> str:
    """A long list's rows for its page, safe inside <script>: each column's distinct cells once,
    and the rows as positions in them. A cell is its text as shown, or [shown, for Excel, for
    analysis] where those differ, so the page's CSV files equal what `write_downloads` writes
    for any other table."""
    columns: list[dict[str, object]] = []
    positions: list[list[int]] = []
    all_excel, all_data = excel_rows(table), data_rows(table)
    for index, column in enumerate(table.columns):
        seen: dict[tuple[str, str, str], int] = {}
        cells: list[object] = []
        shown = (row[index] for row in table.cells)
        excel = (row[index] for row in all_excel)
        data = (row[index] for row in all_data)
        at = []
        for triple in zip(shown, excel, data, strict=True):
            if triple not in seen:
                seen[triple] = len(cells)
                cells.append(triple[0] if triple[0] == triple[1] == triple[2] else list(triple))
            at.append(seen[triple])
        columns.append({"label": column.label, "key": column.key, "numeric": column.numeric, "cells": cells})
        positions.append(at)
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | list | tuple) and bool(pd.isna(value)))


def _cell(value: object) -> object:
    if _missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value

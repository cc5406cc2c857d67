"""Reading CSV and XLSX files into text tables that remember where each row came from."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog

LOC = "_loc"  # where a row came from: "line 12" or "sheet 'tiltak', row 4"


@dataclass
class SourceTable:
    """One table as read: every cell as trimmed text ('' is blank), plus its location."""

    file: str  # path shown in messages, relative to the data directory
    frame: pd.DataFrame  # columns: lower-case header names + LOC
    header_location: str  # "line 1" or "sheet 'x', row 1"

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != LOC]


def read_csv_table(path: Path, shown: str, errors: ErrorLog) -> SourceTable | None:
    """Read a contract CSV: UTF-8 with or without BOM, ',' or ';', empty lines ignored."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.add(Problem.NOT_UTF8, shown, rule=f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")
        return None
    except OSError as exc:
        errors.add(Problem.UNREADABLE_FILE, shown, rule=f"cannot be read: {exc.strerror}")
        return None
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip()), None)
    if first is None:
        errors.add(Problem.EMPTY_FILE, shown, rule="the file is empty: a header row is required")
        return None
    # One header row decides the delimiter for the whole file.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    locs: list[str] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [h.strip().lower() for h in record]
                header_line = reader.line_num
                continue
            rows.append(record)
            locs.append(f"line {reader.line_num}")
    except csv.Error as exc:
        errors.add(Problem.MALFORMED_CSV, shown, f"line {reader.line_num}", rule=f"malformed CSV: {exc}")
        return None
    assert header is not None
    return _build(shown, header, rows, locs, f"line {header_line}", errors)


def read_xlsx_tables(path: Path, shown: str, errors: ErrorLog) -> dict[str, SourceTable] | None:
    """Read every sheet of a workbook; the first row of a sheet is its header."""
    from openpyxl import load_workbook  # heavy import, only needed for XLSX years

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        errors.add(
            Problem.UNREADABLE_FILE, shown, rule=f"not a readable XLSX workbook ({exc.__class__.__name__})"
        )
        return None
    tables: dict[str, SourceTable] = {}
    try:
        for sheet in workbook.worksheets:
            header: list[str] | None = None
            header_row = 1
            rows: list[list[str]] = []
            locs: list[str] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if not any(cells):
                    continue
                if header is None:
                    header = [c.lower() for c in cells]
                    header_row = number
                    continue
                rows.append(cells)
                locs.append(f"sheet '{sheet.title}', row {number}")
            if header is None:
                header = []
            where = f"sheet '{sheet.title}', row {header_row}"
            table = _build(shown, header, rows, locs, where, errors)
            if table is not None:
                tables[sheet.title.strip().lower()] = table
    finally:
        workbook.close()
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"  # 150000.0, as a spreadsheet stores a whole number
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _build(
    shown: str,
    header: list[str],
    rows: list[list[str]],
    locs: list[str],
    header_loc: str,
    errors: ErrorLog,
) -> SourceTable | None:
    while header and header[-1] == "":
        header.pop()
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.add(
                Problem.DUPLICATE_HEADER, shown, header_loc, name, name, "the header names this column twice"
            )
            return None
        seen.add(name)
    width = len(header)
    data: dict[str, list[str]] = {name: [] for name in header}
    for record, loc in zip(rows, locs, strict=True):
        extra = [c for c in record[width:] if str(c).strip()]
        if extra:
            errors.add(
                Problem.EXTRA_CELLS,
                shown,
                loc,
                "",
                extra[0],
                f"the row has more cells than the header ({width})",
            )
        for i, name in enumerate(header):
            data[name].append(str(record[i]).strip() if i < len(record) else "")
    frame = pd.DataFrame(data, dtype=object)
    frame[LOC] = locs
    return SourceTable(shown, frame, header_loc)

"""Reading CSV and XLSX files into text tables that remember where each row came from."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import zipfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog

LOC = "_loc"  # where a row came from: its line or row number; SourceTable.location words it


@dataclass
class SourceTable:
    """One table as read: every cell as trimmed text ('' is blank), plus its location."""

    file: str  # path shown in messages, relative to the data directory
    frame: pd.DataFrame  # columns: lower-case header names + LOC (a number per row)
    header_location: str  # "line 1" or "sheet 'x', row 1"
    location_format: str = "line {}"  # LOC in words: "line {}" or "sheet 'x', row {}"

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != LOC]

    def location(self, number: object) -> str:
        """A row's LOC as messages and raw tables show it: "line 12", "sheet 'x', row 4"."""
        return self.location_format.format(number)


def text_encoding(data: bytes) -> tuple[str | None, str]:
    """How municipal staff's text is encoded: UTF-16 with a BOM (Excel's «Unicode-tekst»),
    UTF-8 with or without a BOM, else Windows-1252 (Excel's «CSV (semikolondelt)» on Norwegian
    Windows). Returns (codec, name), or (None, why) when it is none of them. The bytes are
    tried a block at a time, so no second copy of a large file is made."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        failed = _fails_at(data, "utf-16")
        if failed is None:
            return "utf-16", "UTF-16"
        return None, f"not readable as UTF-16 (it starts with a UTF-16 BOM): byte {failed}"
    utf8 = _fails_at(data, "utf-8-sig")
    if utf8 is None:
        return "utf-8-sig", "UTF-8"
    cp1252 = _fails_at(data, "cp1252")
    if cp1252 is None:
        return "cp1252", "Windows-1252"
    return None, (
        f"neither UTF-8 (byte {utf8}: 0x{data[utf8]:02x}) nor Windows-1252 (byte {cp1252}: "
        f"0x{data[cp1252]:02x}); save it as UTF-8 or «CSV (semikolondelt)» from Excel"
    )


def _fails_at(data: bytes, codec: str, block: int = 1 << 20) -> int | None:
    """The offset of the first byte `codec` cannot decode, or None."""
    decoder = codecs.getincrementaldecoder(codec)()
    for offset in range(0, max(len(data), 1), block):
        chunk = data[offset : offset + block]
        try:
            decoder.decode(chunk, final=offset + block >= len(data))
        except UnicodeDecodeError as exc:
            # the decoder may hold back a few bytes of the previous block
            pending = len(decoder.getstate()[0]) if exc.start < 0 else 0
            return max(offset + exc.start - pending, 0)
    return None


def decode_text(data: bytes) -> tuple[str | None, str]:
    """The text and its encoding's name (text_encoding), or (None, why)."""
    codec, name = text_encoding(data)
    return (None, name) if codec is None else (data.decode(codec), name)


def read_csv_table(path: Path, shown: str, errors: ErrorLog, private: bool = False) -> SourceTable | None:
    """Read a contract CSV: UTF-8 (with or without BOM), Windows-1252 or UTF-16 with BOM; ','
    or ';'; empty lines ignored. `private`: cells beyond the header are never shown in an error
    (a file of personal data). The file is read as a stream of lines, never as one text."""
    try:
        codec, encoding = text_encoding(path.read_bytes())
    except OSError as exc:
        errors.add(Problem.UNREADABLE_FILE, shown, rule=f"cannot be read: {exc.strerror}")
        return None
    if codec is None:
        errors.add(Problem.NOT_UTF8, shown, rule=f"not readable text: {encoding}")
        return None
    with path.open(encoding=codec, newline="") as handle:
        return _read_csv_lines(handle, path, codec, shown, errors, private)


def _read_csv_lines(
    handle: TextIO, path: Path, codec: str, shown: str, errors: ErrorLog, private: bool
) -> SourceTable | None:
    first = next((ln for ln in handle if ln.strip()), None)
    handle.seek(0)
    if first is None:
        errors.add(Problem.EMPTY_FILE, shown, rule="the file is empty: a header row is required")
        return None
    # One header row decides the delimiter for the whole file.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # strict: a quote left open is an error, not a cell that swallows the rest of the file
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    columns: _Columns | None = None
    ended = 0  # the last line of the previous record
    try:
        for record in reader:
            start, ended = ended + 1, reader.line_num  # a quoted cell may span lines
            if not "".join(record).strip():  # a blank line, or only empty cells
                continue
            if columns is None:
                columns = _Columns(shown, record, f"line {start}", errors, private)
                continue
            columns.add(record, start)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):  # the record that began after `ended` never closed
            lines = path.read_text(encoding=codec).splitlines()
            begins = next((n for n in range(ended + 1, len(lines) + 1) if lines[n - 1].strip()), ended + 1)
            errors.add(
                Problem.MALFORMED_CSV,
                shown,
                f"line {begins}",
                rule='a quoted cell is never closed: a " without its pair',
            )
        else:
            errors.add(Problem.MALFORMED_CSV, shown, f"line {reader.line_num}", rule=f"malformed CSV: {exc}")
        return None
    assert columns is not None
    return columns.table()


# Archives (XLSX, .qdpx) are zip files: a member may not inflate past these (a zip bomb).
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024


def check_archive(path: Path, shown: str, errors: ErrorLog) -> bool:
    """True when the zip's members, inflated, stay under the caps; else an error."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return True  # the reader reports an unreadable file in its own words
    too_large = next((m for m in members if m.file_size > MAX_MEMBER_BYTES), None)
    total = sum(m.file_size for m in members)
    if too_large is not None or total > MAX_ARCHIVE_BYTES:
        where = too_large.filename if too_large is not None else ""
        errors.add(
            Problem.ARCHIVE_TOO_LARGE,
            shown,
            where,
            rule=(
                f"the archive inflates to more than grant-eval reads ({MAX_MEMBER_BYTES // 2**20} MiB a "
                f"member, {MAX_ARCHIVE_BYTES // 2**20} MiB in all): a damaged or hostile file"
            ),
        )
        return False
    return True


def read_xlsx_tables(path: Path, shown: str, errors: ErrorLog) -> dict[str, SourceTable] | None:
    """Read every sheet of a workbook; the first row of a sheet is its header.

    A formula is read as the value Excel saved with it; a formula saved without one (written
    by a program that does not compute) is an error, never a blank.
    """
    from openpyxl import load_workbook  # heavy import, only needed for XLSX years

    if not check_archive(path, shown, errors):
        return None
    try:
        values_book = load_workbook(path, read_only=True, data_only=True)
        formula_book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        errors.add(
            Problem.UNREADABLE_FILE, shown, rule=f"not a readable XLSX workbook ({exc.__class__.__name__})"
        )
        return None
    tables: dict[str, SourceTable] = {}
    try:
        for sheet, formulas in zip(values_book.worksheets, formula_book.worksheets, strict=True):
            table = _read_sheet(sheet, formulas, shown, errors)
            if table is not None:
                tables[sheet.title.strip().lower()] = table
    except Exception as exc:  # openpyxl raises parser errors of many kinds for a damaged sheet
        errors.add(
            Problem.UNREADABLE_FILE, shown, rule=f"a damaged workbook ({exc.__class__.__name__}: {exc})"
        )
        return None
    finally:
        values_book.close()
        formula_book.close()
    return tables


def _read_sheet(sheet: object, formulas: object, shown: str, errors: ErrorLog) -> SourceTable | None:
    header: list[str] | None = None
    columns: _Columns | None = None
    title = sheet.title  # type: ignore[attr-defined]
    pairs = zip(sheet.iter_rows(values_only=True), formulas.iter_rows(values_only=True), strict=False)  # type: ignore[attr-defined]
    for number, (values, written) in enumerate(pairs, start=1):
        cells = [_cell_text(v) for v in values]
        for index, (value, formula) in enumerate(zip(values, written, strict=False)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                column = header[index] if header is not None and index < len(header) else f"#{index + 1}"
                errors.add(
                    Problem.FORMULA_WITHOUT_VALUE,
                    shown,
                    f"sheet '{title}', row {number}",
                    normalise_header(column),
                    formula,
                    "a formula saved without its value: open the file in Excel and save it again",
                )
        if not any(cells):
            continue
        where = "sheet '" + title.replace("{", "{{").replace("}", "}}") + "', row {}"
        if columns is None:
            header = cells
            columns = _Columns(shown, cells, where.format(number), errors, location_format=where)
            continue
        columns.add(cells, number)
    if columns is None:
        columns = _Columns(shown, [], f"sheet '{title}', row 1", errors)
    return columns.table()


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


# Characters that do not show but make a header name differ: BOM, zero-width space and joiners,
# word joiner, soft hyphen. Excel and copy-paste leave them.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def normalise_header(name: object) -> str:
    """A header name as the rules see it: invisible characters removed, spaces of every kind
    folded to one, trimmed, lower case."""
    return _SPACES.sub(" ", str(name).translate(_INVISIBLE)).strip().lower()


def delimiter_hint(record: list[str]) -> bool:
    """A row one cell too long whose cell after the last looks like the rest of a name."""
    return bool(record) and bool(re.match(r"^\s*[A-ZÆØÅa-zæøå]", str(record[-1])))


class _Columns:
    """A table built column by column as its rows are read, so the rows are never all held
    at once. Repeated values (codes, years, unit ids) share one string object."""

    MAX_SHARED = 10_000  # distinct values a column shares; beyond, it is free text

    def __init__(
        self,
        shown: str,
        header: list[str],
        header_loc: str,
        errors: ErrorLog,
        private: bool = False,
        location_format: str = "line {}",
    ):
        self.shown, self.header_loc, self.errors, self.private = shown, header_loc, errors, private
        self.location_format = location_format
        names = [normalise_header(h) for h in header]
        while names and names[-1] == "":
            names.pop()
        self.valid = True
        seen: set[str] = set()
        for name in names:
            if name in seen:
                rule = "the header names this column twice"
                errors.add(Problem.DUPLICATE_HEADER, shown, header_loc, name, name, rule)
                self.valid = False
                break
            seen.add(name)
        self.names = names
        self.cells: list[list[str]] = [[] for _ in names]
        self.shared: list[dict[str, str] | None] = [{} for _ in names]
        self.numbers = array("q")  # each row's line or row number: 8 bytes, not a string

    def add(self, record: list[str], number: int) -> None:
        if not self.valid:
            return
        width = len(self.names)
        if len(record) > width:
            extra = [c for c in record[width:] if c.strip()]
            if extra:
                self.errors.add(
                    Problem.EXTRA_CELLS,
                    self.shown,
                    self.location_format.format(number),
                    "",
                    "" if self.private else extra[0],
                    f"the row has more cells than the header ({width})"
                    + (" (a comma inside a cell needs quotes)" if delimiter_hint(record) else ""),
                )
        elif len(record) < width:
            record = record + [""] * (width - len(record))
        # The hottest loop of a run: one pass, no lookups by index. A longer row's extra cells
        # were checked above; zip stops at the header's width.
        for cells, shared, cell in zip(self.cells, self.shared, record, strict=False):
            cell = cell.strip()
            cells.append(cell if shared is None else shared.setdefault(cell, cell))
        self.numbers.append(number)
        if len(self.numbers) % 4096 == 0:  # a column with too many distinct values is free text
            self.shared = [None if s is None or len(s) > self.MAX_SHARED else s for s in self.shared]

    def table(self) -> SourceTable | None:
        if not self.valid:
            return None
        frame = pd.DataFrame({name: self._column(i) for i, name in enumerate(self.names)})
        frame[LOC] = np.frombuffer(self.numbers, dtype=np.int64).copy()
        self.numbers = array("q")
        return SourceTable(self.shown, frame, self.header_loc, self.location_format)

    def _column(self, i: int) -> pd.Series:
        # each list is released once it is a Series, so two copies never coexist in full
        values, self.cells[i] = self.cells[i], []
        return pd.Series(values, dtype=object)

"""A minimal XLSX writer for the report's downloads: one sheet, a header row, numbers as
numbers and text as inline strings.

Written here because openpyxl took most of a large run's time, and because a hand-built file
has no save time in it, so identical inputs give identical bytes.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

FIXED_ZIP_TIME = (2009, 11, 12, 0, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(reference: str, value: object) -> str:
    if reference:
        return _cell_at(reference, value)
    try:
        return _cell_in_turn(value)
    except TypeError:  # not hashable
        return _cell_at("", value)


@functools.lru_cache(maxsize=65536, typed=True)  # typed: True and 1 are different cells
def _cell_in_turn(value: object) -> str:
    """A cell without a reference, the same for every repeat of its value (names, codes)."""
    return _cell_at("", value)


def _cell_at(reference: str, value: object) -> str:
    """One cell. Its reference («B12») is written only after a blank cell: ECMA-376 makes it
    optional and places a cell without one after the cell before it, as Excel, LibreOffice and
    openpyxl read it; leaving it out halves a long list's file."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    at = f' r="{reference}"' if reference else ""
    if isinstance(value, bool):
        return f'<c{at} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"<c{at}><v>{value!r}</v></c>"
    text = escape(xml_text(str(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c{at} t="inlineStr"><is><t{space}>{text}</t></is></c>'


# What XML 1.0 forbids (C0 but tab, LF and CR; surrogates; U+FFFE, U+FFFF), and CR, which
# XML reads as LF: written as ECMA-376's escape `_xHHHH_`, which Excel reads back as the
# character. A literal `_xHHHH_` in the text gets its underscore escaped (`_x005F_`) to stay
# as written.
_NOT_XML = re.compile("[\x00-\x08\x0b-\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def xml_text(text: str) -> str:
    """`text` with every character XML 1.0 forbids written as `_xHHHH_`."""
    text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    sheet_name: str = "tabell",
    title: str = "",
    notes: Sequence[str] = (),
) -> None:
    """One sheet: the title, each note (source, N, footnotes and the key to the symbols) in the
    first column and a blank row, then the header and the rows."""
    letters = [_column_letter(i) for i in range(max(len(header), 1))]
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}"><sheetData>']
    above: list[Sequence[object]] = [[title]] if title else []
    above += [[note] for note in notes if note]
    if above:
        above.append([])
    all_rows = itertools.chain(above, [list(header)], rows)
    for number, row in enumerate(all_rows, start=1):
        cells: list[str] = []
        for i, value in enumerate(row):
            after_blank = i > 0 and not cells[-1]
            cells.append(_cell(f"{letters[i]}{number}" if after_blank else "", value))
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    parts.append("</sheetData></worksheet>")
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="{escape(_sheet_name(sheet_name), {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    files = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": "".join(parts),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"), compresslevel=9)


def _sheet_name(name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]|" + _NOT_XML.pattern, " ", name)[:31].strip() or "Tabell"

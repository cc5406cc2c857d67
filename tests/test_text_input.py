"""Text that stays text (issue 22, item 6): a control character or a bidirectional override in
a name is an input error that names it; every CSV download quotes a cell with a CR, LF, quote
or delimiter; the XLSX downloads hold only characters XML allows; names in the site's tables
are isolated for bidirectional text."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest

from pipelines.contract.problems import Problem
from pipelines.ingest.errors import InvalidInput
from pipelines.ingest.read import load_inputs
from pipelines.report.downloads import csv_field, write_downloads
from pipelines.report.model import Column, Table
from pipelines.report.xlsx import write_xlsx, xml_text
from tests import fixtures as fx
from tests.conftest import build_plain


def _measure_named(name: str) -> list[list[str]]:
    header, first, *rows = fx.MEASURES_2007
    return [header, [*first[:3], name, *first[4:]], *rows]


@pytest.mark.parametrize(
    ("write", "file", "location", "column", "value", "rule"),
    [
        (
            lambda d: fx.write_csv(d / "units.csv", [*fx.UNITS[:2], ["030101", "Bydel\u202e Oslo", ""]]),
            "units.csv",
            "line 3",
            "navn",
            "Bydel<U+202E> Oslo",
            "U+202E at position 6",
        ),
        (
            lambda d: fx.write_csv(d / "reporting/2007/tiltak.csv", _measure_named("Lekse\x00hjelp")),
            "reporting/2007/tiltak.csv",
            "line 2",
            "tiltak_navn",
            "Lekse<U+0000>hjelp",
            "U+0000 at position 6",
        ),
        (
            lambda d: _quoted_measure(d, "Ferie\x1btur"),
            "reporting/2007/tiltak.csv",
            "line 2",
            "tiltak_navn",
            "Ferie<U+001B>tur",
            "U+001B at position 6",
        ),
        (
            lambda d: _measures_as_xlsx(d, "\u2067Utstyr\u2069"),
            "reporting/2007/tiltak.xlsx",
            "sheet 'tiltak', row 2",
            "tiltak_navn",
            "<U+2067>Utstyr<U+2069>",
            "U+2067 at position 1",
        ),
        (
            lambda d: _measures_as_xlsx(d, "Kurs\x85plan"),  # C1: NEL (at an end, trimmed as a space)
            "reporting/2007/tiltak.xlsx",
            "sheet 'tiltak', row 2",
            "tiltak_navn",
            "Kurs<U+0085>plan",
            "U+0085 at position 5",
        ),
    ],
    ids=[
        "bidi override in a unit name",
        "NUL in a measure",
        "ESC in a quoted cell",
        "bidi isolates in XLSX",
        "C1 in XLSX",
    ],
)
def test_a_control_character_in_text_is_an_input_error(
    data_dir: Path, write: object, file: str, location: str, column: str, value: str, rule: str
) -> None:
    write(data_dir)  # type: ignore[operator]
    with pytest.raises(InvalidInput) as raised:
        load_inputs(data_dir, progress=lambda _m: None)
    errors = [e for e in raised.value.errors if e.code == Problem.CONTROL_CHARACTER]
    assert [(e.file, e.location, e.column, e.value) for e in errors] == [(file, location, column, value)]
    assert rule in errors[0].rule


def _measures_as_xlsx(data: Path, name: str) -> None:
    year = data / "reporting" / "2007"
    for kind in ("rapporter", "tiltak"):
        (year / f"{kind}.csv").unlink()
    fx.write_xlsx(year / "rapporter.xlsx", {"rapporter": fx.REPORTS_2007})
    fx.write_xlsx(year / "tiltak.xlsx", {"tiltak": _measure_named(name)})


def _quoted_measure(data: Path, name: str) -> None:
    """The measure's name as one quoted cell, as Excel writes a cell with a line break."""
    rows = [",".join(row) for row in _measure_named("NAME")]
    text = "\n".join(rows).replace("NAME", '"' + name + '"') + "\n"
    (data / "reporting" / "2007" / "tiltak.csv").write_bytes(text.encode("utf-8"))


def test_tab_and_line_breaks_stay_allowed(data_dir: Path) -> None:
    fx.write_csv(
        data_dir / "reporting/2007/tiltak.csv", _measure_named("Lekse-\thjelp\r\nog kurs\nfor\ralle")
    )
    measures = load_inputs(data_dir, progress=lambda _m: None).staging["tiltak"]
    assert "Lekse-\thjelp\r\nog kurs\nfor\ralle" in measures["tiltak_navn"].tolist()


HOSTILE_NAMES = ["Våler\r(Innlandet)", "Våler\n(Østfold)", 'Bydel "Sentrum"', "Ås; Vestby, Frogn", "=1+1"]


def _table() -> Table:
    frame = pd.DataFrame({"navn": HOSTILE_NAMES, "n": [1, 2, 3, 4, 5]})
    return Table("tabell-navn", "Navn", frame, [Column("navn", "Kommune"), Column("n", "N", "int")])


def test_every_csv_download_quotes_cr_lf_quotes_and_delimiters(tmp_path: Path) -> None:
    write_downloads(_table(), tmp_path)
    for name, delimiter in (("tabell-navn.csv", ";"), ("tabell-navn-data.csv", ",")):
        text = (tmp_path / name).read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert [row[0] for row in rows] == [
            "Kommune" if delimiter == ";" else "navn",
            *HOSTILE_NAMES[:4],
            "'=1+1",
        ]
    assert csv_field("a\rb", ",") == '"a\rb"'
    assert csv_field("plain", ",") == "plain"
    assert csv_field("a;b", ",") == "a;b"


def test_xlsx_holds_only_characters_xml_allows(tmp_path: Path) -> None:
    names = ["NUL\x00", "BEL\x07", "VT\x0b", "FF\x0c", "CR\r", "ESC\x1b", "\ufffe", "_x0041_ as written"]
    path = tmp_path / "t.xlsx"
    write_xlsx(path, ["navn"], [[n] for n in names], sheet_name="Tabell\x01 1", title="Tittel\x02")
    with zipfile.ZipFile(path) as archive:
        for member in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
            ElementTree.fromstring(archive.read(member))  # a forbidden character would not parse
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Tabell  1"
    cells = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == "Tittel_x0002_" or cells[0] == "Tittel\x02"
    assert xml_text("CR\r") == "CR_x000D_"
    assert xml_text("_x0041_ as written") == "_x005F_x0041_ as written"
    assert xml_text("Våler\ttab\nlf") == "Våler\ttab\nlf"


def test_names_in_tables_are_isolated_for_bidirectional_text() -> None:
    html = str(_table().rows_html())
    assert (
        html.split("\n")[0]
        == '<tr><th scope="row"><bdi>Våler\r(Innlandet)</bdi></th><td class="num">1</td></tr>'
    )
    assert "<bdi>Bydel &#34;Sentrum&#34;</bdi>" in html


def test_no_page_carries_a_control_character(tmp_path: Path) -> None:
    """A transcript's text (.qdpx) is not refused for a control character (its selections count
    characters); a quote that holds one is shown with U+FFFD in its place, never a NUL byte."""
    data = fx.make_data_dir(tmp_path / "data")
    (data / "interviews" / "segments.csv").unlink()
    text = "Vi\x00 snakker\x85 om barn som ikke får delta."
    codebook = (
        '<Code guid="c1" name="forstaelse" isCodable="true"/><Code guid="c2" name="sitat" isCodable="true"/>'
    )
    fx.write_qdpx(
        data / "interviews" / "koding.qdpx",
        [{"name": "INT1", "text": text, "inline": False, "selections": [(0, len(text), ["c1", "c2"])]}],
        codebook,
    )
    site = build_plain(data, tmp_path / "out").reports_dir
    pages = {p.name: p.read_text(encoding="utf-8") for p in site.glob("*.html")}
    assert [name for name, html in pages.items() if any(c in html for c in "\x00\x07\x85\x9f")] == []
    assert any("Vi\ufffd snakker\ufffd om barn" in html for html in pages.values())

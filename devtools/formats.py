"""Writers of the data contract's file formats: CSV, XLSX, SPSS .sav and REFI-QDA .qdpx.

Shared by the sample generator, the benchmark's datasets and the tests' fixtures, so each
format is written one way. Headers come from pipelines/contract/input_files.py.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from pipelines.contract import input_files
from pipelines.contract.programme import Programme
from pipelines.contract.programme_files import bundled

Rows = Sequence[Sequence[object]]


def header(name: str, *extra: str, programme: Programme | None = None, year: int | None = None) -> list[str]:
    """The contract's columns of an input file (pipelines/contract/input_files.py), or of a
    programme's grants and reporting forms (evaluering-2009 unless given), then `extra`."""
    if name in input_files.FILES:
        return [*input_files.FILES[name].header, *extra]
    programme = programme or bundled()
    if name == "grants":
        return [*programme.grants_file().required, *extra]
    form = programme.form_for(year) if year is not None else programme.forms[0]
    assert form is not None, f"no form for {year}"
    first = form.first_year if form.first_year is not None else 0
    declared = programme.input_file(name, year if year is not None else first)
    assert declared is not None
    return [*declared.header, *extra]


def write_csv(
    path: Path, rows: Rows, delimiter: str = ",", bom: bool = False, encoding: str = "utf-8"
) -> Path:
    """Rows (the header first) as CSV with LF line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding))
    return path


def write_xlsx(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """One sheet per entry, its rows (the header first) as written."""
    from openpyxl import Workbook  # heavy: only where a workbook is written

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_sav(path: Path, frame: pd.DataFrame, **options: object) -> Path:
    """The survey file: the only .sav in its folder; every variable but the key numeric.
    `options` go to pyreadstat.write_sav (value labels, missing ranges, file label)."""
    import pyreadstat  # a C extension: only where a survey is written

    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob("*.sav"):
        stale.unlink()
    frame = frame.copy()
    numeric = [c for c in frame.columns if c not in input_files.SURVEY_KEY]
    frame[numeric] = frame[numeric].astype(float)
    pyreadstat.write_sav(frame, str(path), **options)  # type: ignore[arg-type]
    return path


QDA_NAMESPACE = "urn:QDA-XML:project:1.0"


def qdpx_project(codebook: str, sources: str, name: str = "t", declaration: str = "") -> str:
    """project.qde: the codebook's <Code> elements and the <TextSource> elements."""
    return (
        f'{declaration}<Project xmlns="{QDA_NAMESPACE}" name="{name}">'
        f"<CodeBook><Codes>{codebook}</Codes></CodeBook>"
        f"<Sources>{sources}</Sources></Project>"
    )


def write_qdpx(
    path: Path,
    project: str,
    sources: Mapping[str, str] | None = None,
    date_time: tuple[int, int, int, int, int, int] | None = None,
) -> Path:
    """A REFI-QDA exchange file: project.qde and the Sources/ texts, deflated. A fixed
    `date_time` makes the archive byte-for-byte reproducible."""
    path.parent.mkdir(parents=True, exist_ok=True)
    members = [("project.qde", project), *sorted((sources or {}).items())]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            if date_time is None:
                archive.writestr(name, content.encode("utf-8"))
            else:
                info = zipfile.ZipInfo(name, date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content.encode("utf-8"))
    return path

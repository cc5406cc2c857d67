"""Every validation rule of the data contract (section 2), each on a small hand-made fixture,
through the loader: the file, the line or case, the column, the value and the error code. A
few cases run end to end to show a failed run writes nothing."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from devtools import formats
from pipelines.contract.problems import Problem, description
from pipelines.ingest.errors import InputError, InvalidInput
from pipelines.ingest.read import load_inputs
from pipelines.settings import DEFAULT_DATA_DIR
from tests import fixtures as fx
from tests.helpers import sha, tree

Mutation = Callable[[Path], None]


def replace_cell(relative: str, line: int, column: str, value: str) -> Mutation:
    """Set one cell of a CSV fixture (line numbers as in the file, header = 1)."""

    def mutate(root: Path) -> None:
        path = root / relative
        rows = [r.split(",") for r in path.read_text(encoding="utf-8").splitlines()]
        rows[line - 1][rows[0].index(column)] = value
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")

    return mutate


def append_row(relative: str, row: list[str]) -> Mutation:
    def mutate(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as handle:
            handle.write(",".join(row) + "\n")

    return mutate


def survey_with(rows: list[dict[str, object]], **kwargs: object) -> Mutation:
    def mutate(root: Path) -> None:
        fx.write_sav(root / "survey" / "survey.sav", rows, **kwargs)  # type: ignore[arg-type]

    return mutate


def write_file(relative: str, content: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)

    return mutate


def truncate(relative: str, keep: int) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / relative
        path.write_bytes(path.read_bytes()[:keep])

    return mutate


def remove(relative: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / relative).unlink()

    return mutate


def qdpx_instead(selections: list[tuple[int, int, list[str]]], name: str = "INT1") -> Mutation:
    codebook = (
        '<Code guid="k1" name="forstaelse" isCodable="true"/>'
        '<Code guid="k2" name="okonomi" isCodable="true"/>'
    )

    def mutate(root: Path) -> None:
        (root / "interviews" / "segments.csv").unlink()
        fx.write_qdpx(
            root / "interviews" / "t.qdpx",
            [{"name": name, "text": "Kort tekst.", "selections": selections}],
            codebook,
        )

    return mutate


def survey_that_crashes_the_reader(root: Path) -> None:
    """The sample's .sav with one byte of a variable record changed: the C reader segfaults."""
    data = bytearray((DEFAULT_DATA_DIR / "survey" / "sporreskjema_2009.sav").read_bytes())
    data[1381] = 116
    (root / "survey" / "survey.sav").write_bytes(bytes(data))


def zip_bomb(root: Path) -> None:
    """A .qdpx whose project.qde says it inflates to 4 GiB (its central directory forged, as a
    zip bomb's is in effect), from a few bytes."""
    (root / "interviews" / "segments.csv").unlink()
    path = root / "interviews" / "t.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b"<Project/>")
    data = bytearray(path.read_bytes())
    directory = data.rindex(b"PK\x01\x02")  # the central directory entry of project.qde
    data[directory + 24 : directory + 28] = (2**32 - 1).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))


def workbook_instead(tiltak: list[list[object]]) -> Mutation:
    def mutate(root: Path) -> None:
        (root / R).unlink()
        (root / T).unlink()
        fx.write_xlsx(
            root / "reporting/2007/rapportering.xlsx", {"rapporter": fx.REPORTS_2007, "tiltak": tiltak}
        )

    return mutate


def damaged_sheet(root: Path) -> None:
    """A valid zip whose second sheet's XML is cut off."""
    workbook_instead(fx.MEASURES_2007)(root)
    path = root / "reporting/2007/rapportering.xlsx"
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/worksheets/sheet2.xml"] = members["xl/worksheets/sheet2.xml"][:200]
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)


def two_workbooks_one_with_two_sheets(root: Path) -> None:
    """rapporter.xlsx and tiltak.xlsx, the second with its measures on two sheets."""
    (root / R).unlink()
    (root / T).unlink()
    fx.write_xlsx(root / "reporting/2007/rapporter.xlsx", {"rapporter": fx.REPORTS_2007})
    fx.write_xlsx(
        root / "reporting/2007/tiltak.xlsx",
        {"tiltak": fx.MEASURES_2007[:2], "tiltak 2": [fx.MEASURES_2007[0], *fx.MEASURES_2007[2:]]},
    )


def survey_without(variable: str) -> Mutation:
    """The survey written without one of its variables."""

    def mutate(root: Path) -> None:
        frame = pd.DataFrame([{**fx.SURVEY_DEFAULTS, **r} for r in fx.SURVEY_ROWS])
        formats.write_sav(root / "survey" / "survey.sav", frame.drop(columns=[variable]))

    return mutate


def make_folder(relative: str, with_file: str = "") -> Mutation:
    def mutate(root: Path) -> None:
        (root / relative).mkdir(parents=True)
        if with_file:
            (root / relative / with_file).write_bytes(b"x")

    return mutate


def qdpx_without_project(root: Path) -> None:
    (root / "interviews" / "segments.csv").unlink()
    with zipfile.ZipFile(root / "interviews" / "x.qdpx", "w") as archive:
        archive.writestr("other.xml", "<a/>")


S1 = dict(fx.SURVEY_ROWS[0])
S2 = dict(fx.SURVEY_ROWS[1])
R = "reporting/2007/rapporter.csv"
T = "reporting/2007/tiltak.csv"

P = Problem
# id, mutation, then the error expected: file, location, column, value, code
CASES: list[tuple[str, Mutation, str, str, str, str, Problem]] = [
    (
        "unit id shape",
        replace_cell("units.csv", 2, "enhet_id", "12"),
        "units.csv",
        "line 2",
        "enhet_id",
        "12",
        P.BAD_UNIT_ID,
    ),
    (
        "unit id repeated",
        append_row("units.csv", ["1201", "Bergen igjen", ""]),
        "units.csv",
        "line 6",
        "enhet_id",
        "1201",
        P.DUPLICATE_KEY,
    ),
    ("unit name blank", replace_cell("units.csv", 3, "navn", ""), "units.csv", "line 3", "navn", "", P.BLANK),
    (
        "a bidirectional override in a name",
        replace_cell("units.csv", 2, "navn", "Ber\u202egen"),
        "units.csv",
        "line 2",
        "navn",
        "Ber<U+202E>gen",
        P.CONTROL_CHARACTER,
    ),
    (
        "population not a number",
        replace_cell("units.csv", 2, "innbyggere", "mange"),
        "units.csv",
        "line 2",
        "innbyggere",
        "mange",
        P.BAD_WHOLE_NUMBER,
    ),
    (
        "population with a dot as thousands separator",
        replace_cell("units.csv", 2, "innbyggere", "42.000"),
        "units.csv",
        "line 2",
        "innbyggere",
        "42.000",
        P.BAD_WHOLE_NUMBER,
    ),
    (
        "population too large",
        replace_cell("units.csv", 2, "innbyggere", "12345678901234567890"),
        "units.csv",
        "line 2",
        "innbyggere",
        "12345678901234567890",
        P.NUMBER_TOO_LARGE,
    ),
    (
        "population negative",
        replace_cell("units.csv", 2, "innbyggere", "-5"),
        "units.csv",
        "line 2",
        "innbyggere",
        "-5",
        P.BELOW_MINIMUM,
    ),
    (
        "county without region",
        replace_cell("units.csv", 5, "enhet_id", "2111"),
        "units.csv",
        "line 5",
        "enhet_id",
        "2111",
        P.NO_REGION,
    ),
    (
        "grant unit unknown",
        replace_cell("grants.csv", 2, "enhet_id", "0602"),
        "grants.csv",
        "line 2",
        "enhet_id",
        "0602",
        P.UNKNOWN_UNIT,
    ),
    (
        "grant scheme unknown",
        replace_cell("grants.csv", 3, "ordning", "KOMMUNE"),
        "grants.csv",
        "line 3",
        "ordning",
        "KOMMUNE",
        P.BAD_CODE,
    ),
    (
        "grant year shape",
        replace_cell("grants.csv", 2, "aar", "07"),
        "grants.csv",
        "line 2",
        "aar",
        "07",
        P.BAD_YEAR,
    ),
    (
        "grant amount zero",
        replace_cell("grants.csv", 2, "belop_nok", "0"),
        "grants.csv",
        "line 2",
        "belop_nok",
        "0",
        P.BELOW_MINIMUM,
    ),
    (
        "grant amount decimal",
        replace_cell("grants.csv", 2, "belop_nok", "12.5"),
        "grants.csv",
        "line 2",
        "belop_nok",
        "12.5",
        P.BAD_WHOLE_NUMBER,
    ),
    (
        "grant amount with a dot as thousands separator",
        replace_cell("grants.csv", 2, "belop_nok", "150.000"),
        "grants.csv",
        "line 2",
        "belop_nok",
        "150.000",
        P.BAD_WHOLE_NUMBER,
    ),
    (
        "grant repeated",
        append_row("grants.csv", ["1201", "bld", "2007", "1"]),
        "grants.csv",
        "line 8",
        "enhet_id+ordning+aar",
        "1201 / BLD / 2007",
        P.DUPLICATE_KEY,
    ),
    (
        "folder in a year folder",
        make_folder("reporting/2007/gammelt", with_file="rapporter.csv"),
        "reporting/2007/gammelt",
        "",
        "",
        "",
        P.UNEXPECTED_FOLDER,
    ),
    (
        "year folder empty",
        make_folder("reporting/2008"),
        "reporting/2008",
        "",
        "",
        "",
        P.EMPTY_YEAR_FOLDER,
    ),
    (
        "year folder with reports but no measures",
        remove(T),
        "reporting/2007",
        "",
        "",
        "rapporter.csv",
        P.INCOMPLETE_LAYOUT,
    ),
    (
        "no year folders",
        lambda root: shutil.rmtree(root / "reporting"),
        "reporting",
        "",
        "",
        "",
        P.NO_YEAR_FOLDERS,
    ),
    (
        "stray file in year folder",
        write_file("reporting/2007/notater.txt", b"x"),
        "reporting/2007/notater.txt",
        "",
        "",
        "",
        P.UNEXPECTED_FILE,
    ),
    (
        "report year differs from folder",
        replace_cell(R, 2, "aar", "2008"),
        R,
        "line 2",
        "aar",
        "2008",
        P.WRONG_YEAR,
    ),
    (
        "goal answer unknown",
        replace_cell(R, 3, "mal_nadd", "kanskje"),
        R,
        "line 3",
        "mal_nadd",
        "kanskje",
        P.BAD_CODE,
    ),
    (
        "reason unknown",
        replace_cell(R, 3, "arsaker_ikke_nadd", "tid|penger"),
        R,
        "line 3",
        "arsaker_ikke_nadd",
        "tid|penger",
        P.BAD_CODE_LIST,
    ),
    (
        "continuation unknown",
        replace_cell(R, 2, "videreforing", "kanskje"),
        R,
        "line 2",
        "videreforing",
        "kanskje",
        P.BAD_CODE,
    ),
    (
        "second report same year",
        append_row(R, ["1201", "BLD", "2007", "", "", "", "", "", ""]),
        R,
        "line 6",
        "enhet_id+ordning+aar",
        "1201 / BLD / 2007",
        P.DUPLICATE_KEY,
    ),
    (
        "report for a non-project",
        replace_cell(R, 4, "enhet_id", "1902"),
        R,
        "line 4",
        "enhet_id+ordning",
        "1902 / AVDIR",
        P.NOT_A_PROJECT,
    ),
    (
        "report for another scheme",
        replace_cell(R, 2, "ordning", "BUT"),
        R,
        "line 2",
        "ordning",
        "BUT",
        P.BAD_CODE,
    ),
    (
        "measure without report",
        append_row(T, ["1902", "BLD", "2007", "Kino", "fritid", "alle", "100", "", "ny", ""]),
        T,
        "line 5",
        "enhet_id+ordning",
        "1902 / BLD",
        P.NO_REPORT,
    ),
    ("measure name blank", replace_cell(T, 2, "tiltak_navn", ""), T, "line 2", "tiltak_navn", "", P.BLANK),
    (
        "measure category unknown",
        replace_cell(T, 2, "kategori", "sport"),
        T,
        "line 2",
        "kategori",
        "sport",
        P.BAD_CODE,
    ),
    (
        "measure target group unknown",
        replace_cell(T, 2, "malgruppe", "noen"),
        T,
        "line 2",
        "malgruppe",
        "noen",
        P.BAD_CODE,
    ),
    (
        "measure budget text",
        replace_cell(T, 3, "budsjett_nok", "150k"),
        T,
        "line 3",
        "budsjett_nok",
        "150k",
        P.BAD_WHOLE_NUMBER,
    ),
    (
        "measure budget with a comma as thousands separator",
        replace_cell(T, 3, "budsjett_nok", '"150,000"'),
        T,
        "line 3",
        "budsjett_nok",
        "150,000",
        P.BAD_WHOLE_NUMBER,
    ),
    (
        "measure participants negative",
        replace_cell(T, 2, "deltakere", "-1"),
        T,
        "line 2",
        "deltakere",
        "-1",
        P.BELOW_MINIMUM,
    ),
    (
        "measure status unknown",
        replace_cell(T, 2, "status", "gammel"),
        T,
        "line 2",
        "status",
        "gammel",
        P.BAD_CODE,
    ),
    (
        "first year after report year",
        replace_cell(T, 3, "forste_aar", "2009"),
        T,
        "line 3",
        "forste_aar",
        "2009",
        P.FIRST_YEAR_AFTER_REPORT,
    ),
    (
        "first year with status ny",
        replace_cell(T, 2, "forste_aar", "2006"),
        T,
        "line 2",
        "forste_aar",
        "2006",
        P.FIRST_YEAR_WHEN_NEW,
    ),
    (
        "first year not a year",
        replace_cell(T, 3, "forste_aar", "i fjor"),
        T,
        "line 3",
        "forste_aar",
        "i fjor",
        P.BAD_YEAR,
    ),
    (
        "required column missing",
        write_file("units.csv", b"enhet_id,navn\n1201,Bergen\n"),
        "units.csv",
        "line 1",
        "innbyggere",
        "",
        P.MISSING_COLUMN,
    ),
    ("required file missing", remove("grants.csv"), "grants.csv", "", "", "", P.MISSING_FILE),
    (
        "csv quote never closed",
        write_file(
            "units.csv", b'enhet_id,navn,innbyggere\n1201,Bergen,1\n1902,"Troms,2\n1933,B,3\n1934,X,4\n'
        ),
        "units.csv",
        "line 3",
        "",
        "",
        P.MALFORMED_CSV,
    ),
    (
        "csv neither utf-8 nor windows-1252",
        write_file("units.csv", b"enhet_id,navn,innbyggere\n1902,Troms\x81,1\n"),
        "units.csv",
        "",
        "",
        "",
        P.NOT_UTF8,
    ),
    (
        "csv header twice",
        write_file("units.csv", b"enhet_id,navn,navn\n1201,a,b\n"),
        "units.csv",
        "line 1",
        "navn",
        "navn",
        P.DUPLICATE_HEADER,
    ),
    (
        "csv row too long",
        append_row("units.csv", ["1202", "x", "1", "extra"]),
        "units.csv",
        "line 6",
        "",
        "extra",
        P.EXTRA_CELLS,
    ),
    ("csv empty", write_file("grants.csv", b"\n\n"), "grants.csv", "", "", "", P.EMPTY_FILE),
    (
        "survey code out of range",
        survey_with([{**S1, "nasjonale_mal": 7}, S2]),
        "survey/survey.sav",
        "case 1",
        "nasjonale_mal",
        "7",
        P.BAD_SURVEY_CODE,
    ),
    (
        "survey repeated project",
        survey_with([S1, S2, S1]),
        "survey/survey.sav",
        "case 3",
        "enhet_id+ordning",
        "1201 / BLD",
        P.DUPLICATE_KEY,
    ),
    (
        "survey project without grant",
        survey_with([S1, {**S2, "enhet_id": "1902"}]),
        "survey/survey.sav",
        "case 2",
        "enhet_id+ordning",
        "1902 / AVDIR",
        P.NOT_A_PROJECT,
    ),
    (
        "survey bad unit id",
        survey_with([S1, {**S2, "enhet_id": "12"}]),
        "survey/survey.sav",
        "case 2",
        "enhet_id",
        "12",
        P.BAD_UNIT_ID,
    ),
    (
        "survey bad scheme",
        survey_with([S1, {**S2, "ordning": "BUT"}]),
        "survey/survey.sav",
        "case 2",
        "ordning",
        "BUT",
        P.BAD_CODE,
    ),
    (
        "survey NAV answer off-route",
        survey_with([S1, {**S2, "nav_samordning": 1}]),
        "survey/survey.sav",
        "case 2",
        "nav_samordning",
        "1",
        P.OFF_ROUTE,
    ),
    (
        "survey truncated",
        truncate("survey/survey.sav", 400),
        "survey/survey.sav",
        "",
        "",
        "",
        P.UNREADABLE_FILE,
    ),
    (
        "survey file twice",
        write_file("survey/copy.sav", b"$FL2"),
        "survey",
        "",
        "",
        "copy.sav, survey.sav",
        P.FILE_COUNT,
    ),
    (
        "survey damaged so the reader crashes",
        survey_that_crashes_the_reader,
        "survey/survey.sav",
        "",
        "",
        "",
        P.UNREADABLE_FILE,
    ),
    (
        "survey without a required variable",
        survey_without("videreforing"),
        "survey/survey.sav",
        "",
        "videreforing",
        "",
        P.MISSING_VARIABLE,
    ),
    ("qdpx without project.qde", qdpx_without_project, "interviews/x.qdpx", "", "", "", P.BAD_QDPX),
    ("qdpx zip bomb", zip_bomb, "interviews/t.qdpx", "project.qde", "", "", P.ARCHIVE_TOO_LARGE),
    (
        "xlsx formula without a saved value",
        workbook_instead([*fx.MEASURES_2007[:2], [*fx.MEASURES_2007[2][:6], "=40+2", "", "ny", ""]]),
        "reporting/2007/rapportering.xlsx",
        "sheet 'tiltak', row 3",
        "budsjett_nok",
        "=40+2",
        P.FORMULA_WITHOUT_VALUE,
    ),
    ("xlsx damaged sheet", damaged_sheet, "reporting/2007/rapportering.xlsx", "", "", "", P.UNREADABLE_FILE),
    (
        "informant unit unknown",
        replace_cell("interviews/informants.csv", 2, "enhet_id", "0602"),
        "interviews/informants.csv",
        "line 2",
        "enhet_id",
        "0602",
        P.UNKNOWN_UNIT,
    ),
    (
        "informant role unknown",
        replace_cell("interviews/informants.csv", 3, "rolle", "sjef"),
        "interviews/informants.csv",
        "line 3",
        "rolle",
        "sjef",
        P.BAD_CODE,
    ),
    (
        "informant id repeated",
        replace_cell("interviews/informants.csv", 3, "informant_id", "I1"),
        "interviews/informants.csv",
        "line 3",
        "informant_id",
        "I1",
        P.DUPLICATE_KEY,
    ),
    (
        "segment code unknown",
        replace_cell("interviews/segments.csv", 3, "kode", "okonomi"),
        "interviews/segments.csv",
        "line 3",
        "kode",
        "okonomi",
        P.BAD_INTERVIEW_CODE,
    ),
    (
        "segment interview unknown",
        replace_cell("interviews/segments.csv", 2, "intervju_id", "INT9"),
        "interviews/segments.csv",
        "line 2",
        "intervju_id",
        "INT9",
        P.UNKNOWN_INTERVIEW,
    ),
    (
        "segment text blank",
        replace_cell("interviews/segments.csv", 2, "tekst", ""),
        "interviews/segments.csv",
        "line 2",
        "tekst",
        "",
        P.BLANK,
    ),
    (
        "segments twice",
        write_file("interviews/t.qdpx", b"PK"),
        "interviews",
        "",
        "",
        "segments.csv, t.qdpx",
        P.FILE_COUNT,
    ),
    (
        "qdpx not a zip",
        lambda root: (qdpx_instead([])(root), (root / "interviews" / "t.qdpx").write_bytes(b"not a zip")),
        "interviews/t.qdpx",
        "",
        "",
        "",
        P.UNREADABLE_FILE,
    ),
    (
        "qdpx selection out of range",
        qdpx_instead([(3, 99, ["k1"])]),
        "interviews/t.qdpx",
        "TextSource 'INT1', PlainTextSelection 's0-0'",
        "startPosition/endPosition",
        "3-99",
        P.BAD_POSITION,
    ),
    (
        "qdpx code unknown",
        qdpx_instead([(0, 4, ["k2"])]),
        "interviews/t.qdpx",
        "TextSource 'INT1', PlainTextSelection 's0-0'",
        "Code",
        "okonomi",
        P.BAD_INTERVIEW_CODE,
    ),
    (
        "qdpx dangling code ref",
        qdpx_instead([(0, 4, ["k9"])]),
        "interviews/t.qdpx",
        "TextSource 'INT1', PlainTextSelection 's0-0'",
        "CodeRef",
        "k9",
        P.DANGLING_CODE_REF,
    ),
    (
        "qdpx source not an interview",
        qdpx_instead([(0, 4, ["k1"])], name="INT7"),
        "interviews/t.qdpx",
        "TextSource 'INT7'",
        "name",
        "INT7",
        P.UNKNOWN_INTERVIEW,
    ),
    (
        "low-income share out of range",
        write_file("context/lavinntekt.csv", b"enhet_id,aar,andel_barn_lavinntekt\n1201,2007,120\n"),
        "context/lavinntekt.csv",
        "line 2",
        "andel_barn_lavinntekt",
        "120",
        P.BAD_SHARE,
    ),
    (
        "regions file leaves a county out",
        write_file("regions.csv", b"fylke,region\n12,Vest\n03,Ost\n"),
        "units.csv",
        "line 4",
        "enhet_id",
        "1902",
        P.NO_REGION,
    ),
    (
        "regions file with a bad county",
        write_file("regions.csv", b"fylke,region\nVestland,Vest\n"),
        "regions.csv",
        "line 2",
        "fylke",
        "Vestland",
        P.BAD_COUNTY,
    ),
    (
        "xlsx truncated",
        lambda root: (
            (root / R).unlink(),
            (root / T).unlink(),
            fx.write_xlsx(
                root / "reporting/2007/rapportering.xlsx",
                {"rapporter": fx.REPORTS_2007, "tiltak": fx.MEASURES_2007},
            ),
            truncate("reporting/2007/rapportering.xlsx", 300)(root),
        ),
        "reporting/2007/rapportering.xlsx",
        "",
        "",
        "",
        P.UNREADABLE_FILE,
    ),
    (
        "xlsx workbook without tiltak sheet",
        lambda root: (
            (root / R).unlink(),
            (root / T).unlink(),
            fx.write_xlsx(root / "reporting/2007/rapportering.xlsx", {"rapporter": fx.REPORTS_2007}),
        ),
        "reporting/2007/rapportering.xlsx",
        "",
        "",
        "",
        P.MISSING_SHEET,
    ),
    (
        "xlsx workbook with data on two sheets",
        two_workbooks_one_with_two_sheets,
        "reporting/2007/tiltak.xlsx",
        "",
        "",
        "",
        P.SHEET_COUNT,
    ),
    (
        "xlsx cell error",
        lambda root: (
            (root / R).unlink(),
            (root / T).unlink(),
            fx.write_xlsx(
                root / "reporting/2007/rapportering.xlsx",
                {
                    "rapporter": fx.REPORTS_2007,
                    "tiltak": [*fx.MEASURES_2007[:2], [*fx.MEASURES_2007[2][:6], "mye", "", "ny", ""]],
                },
            ),
        ),
        "reporting/2007/rapportering.xlsx",
        "sheet 'tiltak', row 3",
        "budsjett_nok",
        "mye",
        P.BAD_WHOLE_NUMBER,
    ),
]


def _errors(data_dir: Path) -> list[InputError]:
    with pytest.raises(InvalidInput) as raised:
        load_inputs(data_dir, progress=lambda _m: None)
    return raised.value.errors


# The case whose message docs/errors.md shows as its code's example: the first case of each code.
EXAMPLE_CASES = {code: case for case, *_rest, code in reversed(CASES)}


@pytest.mark.parametrize(
    ("case", "mutate", "file", "location", "column", "value", "code"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_rule(
    data_dir: Path,
    case: str,
    mutate: Mutation,
    file: str,
    location: str,
    column: str,
    value: str,
    code: Problem,
) -> None:
    """Each rule through the loader, without Dagster: the error's file, place, column, value
    and code (not its wording, except where docs/errors.md shows it)."""
    mutate(data_dir)
    errors = _errors(data_dir)
    expected = (file, location, column, value, code)
    found = [(e.file, e.location, e.column, e.value, e.code) for e in errors]
    assert expected in found, errors
    if EXAMPLE_CASES[code] == case:
        shown = str(errors[found.index(expected)])
        assert shown == description(code).example, (
            f"the message changed: set {code.name}'s example in pipelines/contract/problems.py to "
            "it and regenerate docs/errors.md"
        )


def test_year_folder_in_other_digits_is_not_a_year(data_dir: Path) -> None:
    """str.isdigit() accepts full-width digits; a year folder must be four ASCII digits."""
    (data_dir / "reporting" / "\uff12\uff10\uff10\uff19").mkdir()
    loaded = load_inputs(data_dir, progress=lambda _m: None)
    assert loaded.years == [2007]


def test_data_dir_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    errors = _errors(missing)
    assert [(e.file, e.location, e.column, e.value, e.code) for e in errors] == [
        (str(missing), "", "", "", Problem.NO_DATA_DIR)
    ]
    example = description(Problem.NO_DATA_DIR).example
    assert str(errors[0]) == example.replace("data/evaluering", str(missing))


def test_year_not_found(data_dir: Path) -> None:
    with pytest.raises(InvalidInput) as raised:
        load_inputs(data_dir, years=[2007, 2012], progress=lambda _m: None)
    assert [(e.file, e.location, e.column, e.value, e.code) for e in raised.value.errors] == [
        ("reporting/2012", "", "", "2012", Problem.NO_SUCH_YEAR)
    ]
    assert str(raised.value.errors[0]) == description(Problem.NO_SUCH_YEAR).example


E2E_CASES = ["population not a number", "goal answer unknown", "survey code out of range"]


@pytest.mark.slow
def test_invalid_input_writes_nothing(cli, data_dir: Path, last_good) -> None:
    """End to end, an error in each load step at once (the register, the reporting, the
    survey): exit 1, every error listed, nothing written, nothing left behind."""
    shown = []
    for case in E2E_CASES:
        _id, mutate, file, location, column, value, _code = next(c for c in CASES if c[0] == case)
        mutate(data_dir)
        shown.append(f"{file}: {location}: column {column}: value {value!r}:")
    checked = cli("check", "--data-dir", str(data_dir))
    assert checked.code == 1, checked.err
    assert all(line in checked.err for line in shown), checked.err

    before_db, before_site = sha(last_good.warehouse), tree(last_good.reports_dir)
    ran = cli(
        "run",
        "--data-dir",
        str(data_dir),
        "--warehouse",
        str(last_good.warehouse),
        "--reports-dir",
        str(last_good.reports_dir),
    )
    assert ran.code == 1, ran.err
    assert all(line in ran.err for line in shown) and "Traceback" not in ran.err
    assert f"{len(shown)} input error(s); nothing was written:" in ran.err.splitlines()
    assert sha(last_good.warehouse) == before_db
    assert tree(last_good.reports_dir) == before_site
    store = last_good.warehouse.parent / ".warehouse.duckdb.builds"
    assert not store.exists() or not [p for p in store.iterdir() if p.name.endswith(".building")]


def test_all_errors_reported_together(cli, data_dir: Path) -> None:
    replace_cell("units.csv", 2, "innbyggere", "mange")(data_dir)
    replace_cell(R, 3, "mal_nadd", "kanskje")(data_dir)
    survey_with([{**S1, "rolle": 8}, S2])(data_dir)
    result = cli("check", "-q", "--data-dir", str(data_dir))
    assert result.code == 1
    assert result.err.splitlines()[0] == "3 input error(s); nothing was written:"
    assert "units.csv: line 2" in result.err
    assert f"{R}: line 3" in result.err
    assert "survey/survey.sav: case 1: column rolle: value '8'" in result.err


def test_error_list_is_capped(cli, data_dir: Path) -> None:
    rows = [fx.UNITS[0]] + [[f"x{i}", "x", "1"] for i in range(300)]
    fx.write_csv(data_dir / "units.csv", rows)
    result = cli("check", "-q", "--data-dir", str(data_dir))
    assert result.code == 1
    assert "more" in result.err.splitlines()[-1]
    assert len(result.err.splitlines()) <= 202


def test_missing_year_requested(cli, data_dir: Path) -> None:
    result = cli("check", "--data-dir", str(data_dir))
    assert result.code == 0
    result = cli("run", "--data-dir", str(data_dir), "--year", "2012")
    assert result.code == 1
    assert "reporting/2012: value '2012': no such year folder" in result.err


def test_wrong_usage_exits_2(cli) -> None:
    with pytest.raises(SystemExit) as raised:
        cli("run", "--year", "07")
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        cli("publish")
    assert raised.value.code == 2


def test_missing_data_dir(cli, tmp_path: Path) -> None:
    result = cli("check", "--data-dir", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert "the data directory does not exist" in result.err


def test_qdpx_without_project(cli, data_dir: Path) -> None:
    qdpx_without_project(data_dir)
    result = cli("check", "--data-dir", str(data_dir))
    assert result.code == 1
    assert "interviews/x.qdpx: the .qdpx holds no project.qde" in result.err


def test_missing_reporting_reported_with_other_errors(cli, data_dir: Path) -> None:
    shutil.rmtree(data_dir / "reporting")
    replace_cell("units.csv", 2, "innbyggere", "mange")(data_dir)
    out = data_dir.parent / "out"
    for extra in ([], ["--warehouse", str(out / "w.duckdb"), "--reports-dir", str(out / "site")]):
        command = "run" if extra else "check"
        result = cli(command, "-q", "--data-dir", str(data_dir), *extra)
        assert result.code == 1
        assert "reporting: no year folders (reporting/<year>/) were found" in result.err
        assert "units.csv: line 2: column innbyggere: value 'mange'" in result.err
    assert not out.exists()

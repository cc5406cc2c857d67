"""Statistics Norway's own exports as context input (contract section 2): the statbank's CSV
download (wide and long, title line or not, ISO-8859-1 or UTF-8) and JSON-stat 2.0, read
without edits, every figure with its table, measure, period and symbol. The examples in
tests/data/statbank/ were written by hand from the published formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog, InvalidInput
from pipelines.ingest.read import load_inputs
from pipelines.ingest.statbank import read_context_file
from tests.conftest import Built, build_plain
from tests.fixtures import make_data_dir

EXAMPLES = Path(__file__).parent / "data" / "statbank"
WIDE = EXAMPLES / "08764_lavinntekt_bred.csv"  # ISO-8859-1, title line, ';', decimal comma, CRLF
LONG = EXAMPLES / "12944_vedvarende_lang.csv"  # UTF-8, no title (table from the file name), ','
JSON = EXAMPLES / "08764_lavinntekt.json"  # JSON-stat 2.0, as the statbank's API returns it


def _read(path: Path) -> list[tuple]:
    errors = ErrorLog()
    figures = read_context_file(path, f"context/{path.name}", errors)
    assert not errors, errors.errors
    return [
        (f.table, f.measure, f.region_code, f.period, f.first_year, f.last_year, f.value, f.symbol)
        for f in figures
    ]


def test_wide_csv_latin1_with_title_line() -> None:
    figures = _read(WIDE)
    assert len(figures) == 24  # 8 regions × 3 years
    assert figures[:3] == [
        ("08764", "EU-60", "0", "2022", 2022, 2022, 12.0, None),
        ("08764", "EU-60", "0", "2023", 2023, 2023, 12.5, None),
        ("08764", "EU-60", "0", "2024", 2024, 2024, 12.8, None),
    ]
    assert ("08764", "OECD-50", "0", "2024", 2024, 2024, 9.6, None) in figures
    assert ("08764", "EU-60", "55", "2022", 2022, 2022, None, "..") in figures  # a county
    assert ("08764", "EU-60", "1902", "2022", 2022, 2022, None, ".") in figures  # ceased number
    # every symbol survives, each in its own cell; nil («-») is a true zero
    symbols = {f[2:] for f in figures if f[2] == "4601"}
    assert ("4601", "2024", 2024, 2024, None, ":") in symbols
    assert ("4601", "2023", 2023, 2023, 0.0, "-") in symbols
    assert ("4601", "2024", 2024, 2024, None, "...") in symbols


def test_long_csv_children_only_three_year_periods() -> None:
    assert _read(LONG) == [
        ("12944", "EU-60 vedvarende", "0", "2020-2022", 2020, 2022, 11.3, None),
        ("12944", "EU-60 vedvarende", "0", "2021-2023", 2021, 2023, 11.6, None),
        ("12944", "EU-60 vedvarende", "1902", "2017-2019", 2017, 2019, 9.6, None),
        ("12944", "EU-60 vedvarende", "5401", "2020-2022", 2020, 2022, 9.9, None),
        ("12944", "EU-60 vedvarende", "5501", "2021-2023", 2021, 2023, 10.1, None),
    ]


def test_json_stat_keeps_status_symbols() -> None:
    assert _read(JSON) == [
        ("08764", "EU-60", "0", "2018", 2018, 2018, 10.7, None),
        ("08764", "EU-60", "0", "2019", 2019, 2019, 11.0, None),
        ("08764", "EU-60", "1902", "2018", 2018, 2018, 9.0, None),
        ("08764", "EU-60", "1902", "2019", 2019, 2019, None, ".."),
        ("08764", "EU-60", "4601", "2018", 2018, 2018, 10.3, None),
        ("08764", "EU-60", "4601", "2019", 2019, 2019, 10.6, None),
    ]


def test_utf8_comma_decimal_point_without_title_reads_the_same(tmp_path: Path) -> None:
    text = WIDE.read_bytes().decode("latin-1").split("\r\n", 2)[2]  # drop the title line
    text = text.replace(";", ",").replace(",12,0,", ",12.0,")  # one figure with a decimal point
    converted = tmp_path / "08764.csv"  # the table from the file name
    converted.write_text(text.replace("12,5", '"12,5"'), encoding="utf-8")
    figures = _read(converted)
    assert ("08764", "EU-60", "0", "2022", 2022, 2022, 12.0, None) in figures
    assert ("08764", "EU-60", "0", "2023", 2023, 2023, 12.5, None) in figures


@pytest.fixture(scope="module")
def context_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture (units 1201 Bergen, 030101, 1902 Tromsø, 1933) with the three exports."""
    root = tmp_path_factory.mktemp("statbank")
    data = make_data_dir(root / "data")
    (data / "context").mkdir()
    for example in (WIDE, LONG, JSON):
        shutil.copy(example, data / "context" / example.name)
    return build_plain(data, root)


def test_figures_reach_the_warehouse_with_units_resolved(context_build: Built) -> None:
    with duckdb.connect(str(context_build.warehouse), read_only=True) as con:
        levels = con.sql(
            "SELECT level, count(*) FROM staging.context_figures GROUP BY level ORDER BY level"
        ).fetchall()
        # 4601 Bergen → 1201, 5501/5401 Tromsø → 1902; 0301 Oslo skipped; 1902's «.» rows
        # give way to 5501's numbers for the same years
        assert levels == [("enhet", 16), ("fylke", 3), ("land", 10)]
        skipped = con.sql("SELECT path, n_skipped FROM meta.load_log WHERE n_skipped > 0").fetchall()
        assert skipped == [("context/08764_lavinntekt_bred.csv", 3)]
        bergen = con.sql(
            """SELECT period, value, symbol, symbol_meaning, value_national, diff_pp
               FROM marts.low_income WHERE enhet_id = '1201' AND measure = 'EU-60' ORDER BY period"""
        ).fetchall()
    assert bergen == [
        ("2018", 10.3, None, None, 10.7, -0.4),
        ("2019", 10.6, None, None, 11.0, -0.4),
        ("2022", 11.2, None, None, 12.0, -0.8),
        ("2023", 11.9, None, None, 12.5, -0.6),
        ("2024", None, ":", "vises ikke av personvernhensyn (confidential)", 12.8, None),
    ]


def test_report_compares_with_the_country(context_build: Built) -> None:
    csv_text = (context_build.reports_dir / "nedlasting" / "tabell-lavinntekt-landet.csv").read_text(
        encoding="utf-8-sig"
    )
    assert csv_text.splitlines() == [
        "Kommune/bydel;Mål og periode;Andel;Hele landet;Forskjell (prosentpoeng)",
        "Bergen (tall for 4601 Bergen);EU-60, 2024;:;12,8;..",
        "Tromsø (tall for 5501 Tromsø);EU-60, 2024;9,4;12,8;-3,4",
        "Bergen (tall for 4601 Bergen);OECD-50, 2024;...;9,6;..",
        "Tromsø (tall for 5501 Tromsø);EU-60 vedvarende, 2021-2023;10,1;11,6;-1,5",
    ]


@pytest.mark.parametrize(
    ("name", "content", "location", "column", "value", "code"),
    [
        ("tall.xlsx", b"PK", "", "", "", Problem.BAD_CONTEXT_FILE),
        ("ukjent.csv", b"region;2023\n0 Hele landet;12,0\n", "", "", "", Problem.BAD_CONTEXT_FILE),
        (
            "08764.csv",
            b"region;inntektsgrense;2023\nHele landet;EU-60;12%\n",
            "line 2, column 2023",
            "verdi",
            "12%",
            Problem.BAD_SHARE,
        ),
        ("08764.json", json.dumps({"class": "collection"}).encode(), "", "", "", Problem.BAD_CONTEXT_FILE),
        ("12944.csv", "kommune;år;verdi\n0301;2023;1\n".encode(), "line 1", "", "", Problem.BAD_CONTEXT_FILE),
    ],
    ids=["not a statbank form", "no table id", "bad value", "not a dataset", "no region column"],
)
def test_bad_context_file(
    tmp_path: Path, name: str, content: bytes, location: str, column: str, value: str, code: Problem
) -> None:
    data = make_data_dir(tmp_path / "data")
    (data / "context").mkdir()
    (data / "context" / name).write_bytes(content)
    with pytest.raises(InvalidInput) as raised:
        load_inputs(data, progress=lambda _m: None)
    found = [(e.file, e.location, e.column, e.value, e.code) for e in raised.value.errors]
    assert found == [(f"context/{name}", location, column, value, code)]


def test_grants_per_child_from_the_statbank_count(tmp_path: Path) -> None:
    """The count of children in low-income households beside the share (08764) gives the
    grants per child; the count of all children, a confidential count and a zero give none."""
    data = make_data_dir(tmp_path / "data")
    (data / "context").mkdir()
    count = "Barn under 18 år i husholdninger med lavinntekt (antall)"
    rows = [
        '"region";"inntektsgrense";"statistikkvariabel";"2006";"2007"',
        f'"0 Hele landet";"EU-skala 60 prosent";"{count}";93685;97295',
        '"0 Hele landet";"EU-skala 60 prosent";"Andel barn under 18 år (prosent)";8,6;8,9',
        f'"1201 Bergen";"EU-skala 60 prosent";"{count}";4300;4500',
        '"1201 Bergen";"EU-skala 60 prosent";"Barn under 18 år i alt (antall)";49000;50000',
        f'"030101 Gamle Oslo";"EU-skala 60 prosent";"{count}";":";":"',
        f'"1902 Tromsø";"EU-skala 60 prosent";"{count}";800;820',
        f'"1933 Balsfjord";"EU-skala 60 prosent";"{count}";0;0',
    ]
    (data / "context" / "08764.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("latin-1"))
    built = build_plain(data, tmp_path / "out")
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        per_child = con.sql(
            "SELECT aar, enhet_id, measure, grant_nok, n_children, nok_per_child FROM marts.grants_per_child"
        ).fetchall()
        units = con.sql("SELECT count(*) FROM staging.context_figures WHERE unit = 'antall'").fetchall()
        shares = con.sql("SELECT count(*) FROM marts.low_income WHERE table_id = '08764'").fetchall()
    # Tromsø's BLD grant of 2006; Bergen's BLD and AVdir grants of 2007 (Tromsø's BUT grant is
    # not an evaluated scheme, and Balsfjord's count is zero)
    assert per_child == [
        (2006, "1902", "EU-60", 200000, 800, 250.0),
        (2007, "1201", "EU-60", 900000, 4500, 200.0),
    ]
    assert units == [(10,)]  # the country, Bergen, Gamle Oslo, Tromsø, Balsfjord: two years each
    assert shares == [(0,)]  # the country's share alone: no unit's share to compare
    page = (built.reports_dir / "kapittel-3-tiltakene.html").read_text(encoding="utf-8")
    assert "I 2007 var tilskuddet 200\u00a0kr per barn i husholdninger med lavinntekt (EU-60)" in page


def test_a_count_of_children_must_be_whole(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path / "data")
    (data / "context").mkdir()
    (data / "context" / "08764.csv").write_text(
        '"region";"inntektsgrense";"statistikkvariabel";"2007"\n'
        '"1201 Bergen";"EU-skala 60 prosent";"Barn i husholdninger med lavinntekt (antall)";"4500,5"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as raised:
        load_inputs(data, progress=lambda _m: None)
    (error,) = raised.value.errors
    assert (error.file, error.location, error.column, error.value, error.code) == (
        "context/08764.csv",
        "line 2, column 2007",
        "verdi",
        "4500,5",
        Problem.BAD_SHARE,
    )
    assert "whole number" in error.rule


def _hostile_json(change: object) -> bytes:
    """The example JSON-stat file with one change (a function of the parsed document)."""
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    change(doc)  # type: ignore[operator]
    return json.dumps(doc).encode()


def _deep() -> bytes:
    """The example with a member nested 100,000 deep (more than Python's parser can recurse)."""
    return b'{"note": ' + b"[" * 100_000 + b"]" * 100_000 + b", " + JSON.read_bytes().lstrip()[1:]


def _wide(doc: dict) -> None:
    """18 million cells from a few hundred bytes: the dimensions multiplied out."""
    doc["id"] += ["A", "B", "C"]
    doc["size"] += [300, 300, 200]
    for dim, n in (("A", 300), ("B", 300), ("C", 200)):
        doc["dimension"][dim] = {"label": dim, "category": {"index": [f"{dim}{i}" for i in range(n)]}}


def _set(path: str, value: object) -> object:
    def change(doc: dict) -> None:
        *parents, last = path.split("/")
        target = doc
        for key in parents:
            target = target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    ("content", "code", "location", "value"),
    [
        (_deep(), Problem.JSON_TOO_DEEP, "", ""),
        (_hostile_json(_wide), Problem.TOO_MANY_CELLS, "", "3 × 1 × 1 × 2 × 300 × 300 × 200"),
        (_hostile_json(_set("value", {"6": 1.0})), Problem.BAD_JSON_STAT_INDEX, "value", "6"),
        (_hostile_json(_set("status", {"-1": ".."})), Problem.BAD_JSON_STAT_INDEX, "status", "-1"),
        (_hostile_json(_set("value", [1.0] * 7)), Problem.BAD_JSON_STAT_INDEX, "value", "7"),
        (_hostile_json(_set("size", [3, 1, 1, 3])), Problem.BAD_JSON_STAT_INDEX, "size", "[3, 1, 1, 3]"),
        (
            _hostile_json(_set("dimension/Region/category/index", {"0": 0, "1902": 1, "4601": 5})),
            Problem.BAD_JSON_STAT_INDEX,
            "dimension Region",
            "0, 1, 5",
        ),
    ],
    ids=[
        "nested 100,000 deep",
        "18 million cells",
        "value index past the cells",
        "negative status index",
        "value array too long",
        "size against the categories",
        "category index with a gap",
    ],
)
def test_hostile_json_stat_is_an_input_error(
    tmp_path: Path, content: bytes, code: Problem, location: str, value: str
) -> None:
    path = tmp_path / "08764.json"
    path.write_bytes(content)
    errors = ErrorLog()
    assert read_context_file(path, "context/08764.json", errors) == []
    assert [(e.code, e.file, e.location, e.value) for e in errors.errors] == [
        (code, "context/08764.json", location, value)
    ]


def test_a_json_stat_file_within_the_bounds_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "08764_lavinntekt.json"
    # brackets inside strings (and an escaped quote) do not count towards the depth
    path.write_bytes(_hostile_json(_set("note", {"a": [[['}}]]]]"[{' * 20]]]})))
    assert _read(path) == _read(JSON)

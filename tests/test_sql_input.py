"""No SQL from data (issue 22, item 1): headers, sheet names, survey variable names and values
made of quotes, semicolons, comments and COPY statements go through load, a year's reload,
the comments and the Parquet copies as names and values, and no statement of theirs runs.
Real files and real DuckDB warehouses throughout."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.build import build
from pipelines.ingest.read import load_inputs
from pipelines.warehouse import staging
from pipelines.warehouse.database import CONNECTION_CONFIG, comment
from pipelines.warehouse.sql import ident, literal, qualified, sql_type, table_ref
from pipelines.warehouse.write import write_loaded, write_parquet_copies
from tests import fixtures as fx

# Each would write `<name>` into the working directory if it ran as SQL. Headers are read
# lower-cased and trimmed, so these are lower case already.
HOSTILE_HEADERS = [
    "x\" is 'a'; copy (select 42) to 'pwned-header.csv'; --",
    "merknad'); copy (select 1) to 'pwned-paren.csv'; --",
    "merknad fra kommunen",
    "kontaktperson (e-post)",
    "a.b",
]
HOSTILE_VALUE = "'); COPY (SELECT 1) TO 'pwned-value.csv'; --"
HOSTILE_SHEET = "x'; COPY t TO 'pwned-sheet.csv'"  # Excel's limit: 31 characters
RELOAD_HEADER = "y\" varchar; copy (select 2) to 'pwned-reload.csv'; --"


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory of its own: a relative COPY TO that ran would land here."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def hostile_data(root: Path) -> Path:
    data = fx.make_data_dir(root)
    header, *rows = fx.MEASURES_2007
    rows[0] = [*rows[0][:3], HOSTILE_VALUE, *rows[0][4:]]
    fx.write_csv(
        data / "reporting" / "2007" / "tiltak.csv",
        [header + HOSTILE_HEADERS, *[row + [HOSTILE_VALUE] * len(HOSTILE_HEADERS) for row in rows]],
    )
    fx.write_sav(
        data / "survey" / "survey.sav",
        [{**r, "q1.a": 1, "x.y.z": 2} for r in fx.SURVEY_ROWS],
        value_labels={"rolle": {1: HOSTILE_VALUE}, "q1.a": {1: HOSTILE_VALUE}},
    )
    return data


def columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
            "ORDER BY column_index",
            [schema, table],
        ).fetchall()
    ]


def test_hostile_names_and_values_are_loaded_as_data(tmp_path: Path, cwd: Path) -> None:
    data = hostile_data(tmp_path / "data")
    warehouse = tmp_path / "out" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    assert build(data, warehouse, None, progress=lambda _m: None) == []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert [c for c in columns(con, "raw", "tiltak") if c in HOSTILE_HEADERS] == HOSTILE_HEADERS
        assert {"q1.a", "x.y.z"} <= set(columns(con, "raw", "survey"))
        assert con.execute(
            "SELECT tiltak_navn FROM staging.tiltak WHERE enhet_id = '1201' AND ordning = 'BLD'"
        ).fetchall() == [(HOSTILE_VALUE,)]
        labels = con.execute("SELECT variable, code, label FROM staging.survey_value_labels ORDER BY 1")
        # a code's label is a value (the extra variable's labels are not kept)
        assert [r for r in labels.fetchall() if r[2] == HOSTILE_VALUE] == [("rolle", 1, HOSTILE_VALUE)]
        assert con.execute(f"SELECT DISTINCT {ident(HOSTILE_HEADERS[0])} FROM raw.tiltak").fetchall() == [
            (HOSTILE_VALUE,)
        ]
        # contract columns keep their meaning; the file's own columns carry none
        comments = dict(
            con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'raw' "
                "AND table_name = 'tiltak'"
            ).fetchall()
        )
        assert comments["tiltak_navn"].startswith("tiltak")
        assert [comments[h] for h in HOSTILE_HEADERS] == [None] * len(HOSTILE_HEADERS)
    assert list(cwd.iterdir()) == []


def test_a_years_reload_adds_hostile_headers_and_sheets_as_names(tmp_path: Path, cwd: Path) -> None:
    data = hostile_data(tmp_path / "data")
    warehouse = tmp_path / "warehouse.duckdb"
    assert build(data, warehouse, None, progress=lambda _m: None) == []
    # 2008 as two workbooks whose sheets have hostile names, with a header 2007 lacked
    reports = [fx.REPORT_HEADER, *[[*r[:2], "2008", *r[3:]] for r in fx.REPORTS_2007[1:]]]
    measures = [
        [*fx.MEASURE_HEADER, RELOAD_HEADER],
        *[[*r[:2], "2008", *r[3:], "z"] for r in fx.MEASURES_2007[1:]],
    ]
    fx.write_xlsx(data / "reporting" / "2008" / "rapporter.xlsx", {HOSTILE_SHEET: reports})
    fx.write_xlsx(data / "reporting" / "2008" / "tiltak.xlsx", {HOSTILE_SHEET: measures})
    loaded = load_inputs(data, years=[2008])
    with duckdb.connect(str(warehouse), config=dict(CONNECTION_CONFIG)) as con:
        write_loaded(con, loaded, "reload", staging.YEARLY_SOURCES, every_year=False)
        assert RELOAD_HEADER in columns(con, "raw", "tiltak")
        assert con.execute(
            f"SELECT _year, {ident(RELOAD_HEADER)}, count(*) FROM raw.tiltak GROUP BY ALL ORDER BY 1"
        ).fetchall() == [(2007, None, 3), (2008, "z", 3)]
        assert con.execute(
            "SELECT DISTINCT _loc FROM raw.tiltak WHERE _year = 2008 ORDER BY 1"
        ).fetchall() == [(f"sheet '{HOSTILE_SHEET}', row {n}",) for n in (2, 3, 4)]
    assert list(cwd.iterdir()) == []


def test_comments_quote_names_and_texts(tmp_path: Path, cwd: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("CREATE SCHEMA raw")
        con.execute(f"CREATE TABLE raw.t ({', '.join(f'{ident(h)} VARCHAR' for h in HOSTILE_HEADERS)})")
        texts = {h: f"{h} — it's {HOSTILE_VALUE}" for h in HOSTILE_HEADERS}
        comment(con, "raw.t", HOSTILE_VALUE, texts)
        assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 't'").fetchall() == [
            (HOSTILE_VALUE,)
        ]
        assert (
            dict(
                con.execute(
                    "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 't'"
                ).fetchall()
            )
            == texts
        )
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("name", ["x'; COPY marts.a TO 'pwned.csv' --", "../pwned", 'a"b'])
def test_parquet_copies_refuse_a_name_that_is_not_a_file_name(tmp_path: Path, cwd: Path, name: str) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute(f"CREATE TABLE {qualified('marts', name)} AS SELECT 1 AS a")
        with pytest.raises(ValueError, match="not a plain file name"):
            write_parquet_copies(con, tmp_path / "marts")
    assert list((tmp_path / "marts").iterdir()) == []
    assert list(cwd.iterdir()) == [] and not (tmp_path / "pwned.parquet").exists()


def test_parquet_copy_goes_to_a_folder_with_quotes_in_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "it's; --" / "marts"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.projects AS SELECT 1 AS a")
        write_parquet_copies(con, folder)
        assert con.execute(
            "SELECT * FROM read_parquet(?)", [str(folder / "projects.parquet")]
        ).fetchall() == [(1,)]


def test_quoting_helpers() -> None:
    assert ident('a"b') == '"a""b"'
    assert qualified("raw", "x.y") == '"raw"."x.y"'
    assert table_ref("raw.tiltak") == '"raw"."tiltak"'
    assert literal("it's") == "'it''s'"
    assert sql_type("VARCHAR[]") == "VARCHAR[]"
    for bad in ("VARCHAR); DROP TABLE x; --", "varchar"):
        with pytest.raises(ValueError):
            sql_type(bad)
    with pytest.raises(ValueError):
        table_ref("tiltak")
    with pytest.raises(ValueError):
        ident("a\x00b")

"""The warehouse on the bundled sample: every row of every file in raw and staging."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pyreadstat
import pytest

from pipelines.settings import DEFAULT_DATA_DIR
from tests.conftest import Built
from tests.helpers import GRANT_EVAL

SAMPLE = DEFAULT_DATA_DIR


def query(built: Built, sql: str) -> list[tuple]:
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def csv_rows(relative: str) -> int:
    lines = (SAMPLE / relative).read_text(encoding="utf-8-sig").splitlines()
    return sum(1 for line in lines[1:] if line.strip())


def xlsx_rows(relative: str, sheet: str | None = None) -> int:
    frames = pd.read_excel(SAMPLE / relative, sheet_name=None)
    return sum(len(f) for name, f in frames.items() if sheet is None or name == sheet)


def test_raw_and_staging_hold_every_row(sample_build: Built) -> None:
    expected = {
        "units": csv_rows("units.csv"),
        "grants": csv_rows("grants.csv"),
        "informants": csv_rows("interviews/informants.csv"),
        "lavinntekt": csv_rows("context/lavinntekt.csv"),
        "survey": pyreadstat.read_sav(str(SAMPLE / "survey/sporreskjema_2009.sav"))[0].shape[0],
        "rapporter": csv_rows("reporting/2006/rapporter.csv")
        + xlsx_rows("reporting/2007/rapporter.xlsx")
        + xlsx_rows("reporting/2008/rapportering_2008.xlsx", "rapporter"),
        "tiltak": csv_rows("reporting/2006/tiltak.csv")
        + xlsx_rows("reporting/2007/tiltak.xlsx")
        + xlsx_rows("reporting/2008/rapportering_2008.xlsx", "tiltak"),
    }
    assert expected["units"] == 67 and expected["survey"] == 62 and expected["informants"] == 41
    for table, n in expected.items():
        assert query(sample_build, f"SELECT count(*) FROM raw.{table}") == [(n,)], table
        assert query(sample_build, f"SELECT count(*) FROM staging.{table}") == [(n,)], table


def test_projects_and_published_counts(sample_build: Built) -> None:
    assert query(sample_build, "SELECT ordning, count(*) FROM staging.projects GROUP BY 1 ORDER BY 1") == [
        ("AVDIR", 57),
        ("BLD", 29),
    ]
    assert query(sample_build, "SELECT count(DISTINCT enhet_id) FROM staging.projects") == [(67,)]
    assert query(sample_build, "SELECT count(*) FROM staging.projects WHERE responded") == [(62,)]
    assert query(
        sample_build,
        """SELECT count(DISTINCT intervju_id), count(*), count(DISTINCT enhet_id)
                                  FROM staging.informants""",
    ) == [(30, 41, 11)]


def test_load_log_records_every_file(sample_build: Built) -> None:
    rows = query(sample_build, "SELECT path, size_bytes, sha256, n_rows FROM meta.load_log ORDER BY path")
    files = sorted(p for p in SAMPLE.rglob("*") if p.is_file())
    assert [r[0] for r in rows] == sorted(str(p.relative_to(SAMPLE)) for p in files)
    for path, size, digest, _n in rows:
        data = (SAMPLE / path).read_bytes()
        assert size == len(data)
        assert digest == hashlib.sha256(data).hexdigest()
    assert dict((r[0], r[3]) for r in rows)["units.csv"] == 67


def test_no_informant_name_reaches_the_warehouse(sample_build: Built) -> None:
    names = pd.read_csv(SAMPLE / "interviews/informants.csv", dtype=str)["navn"].tolist()
    columns = query(
        sample_build,
        """SELECT table_schema, table_name, column_name
                                     FROM information_schema.columns
                                     WHERE data_type = 'VARCHAR' OR data_type LIKE '%[]'""",
    )
    assert columns
    with duckdb.connect(str(sample_build.warehouse), read_only=True) as con:
        for schema, table, column in columns:
            text = " ".join(
                str(v[0]) for v in con.execute(f'SELECT "{column}" FROM {schema}."{table}"').fetchall()
            )
            for name in names:
                assert name not in text, (schema, table, column)
    assert not any(c[2] == "navn" and c[1] == "informants" for c in columns)


def test_file_opens_in_duckdb_1x_storage(sample_build: Built) -> None:
    tags = query(sample_build, "SELECT tags FROM duckdb_databases() WHERE NOT internal")
    assert tags[0][0]["storage_version"].startswith("v1.4.0")


@pytest.mark.slow
def test_cli_entry_point_runs_as_a_program(tmp_path) -> None:
    """The installed `grant-eval` command: a real process, exit status and output."""
    result = subprocess.run([GRANT_EVAL, "check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 11 files")
    assert "reading survey/sporreskjema_2009.sav" in result.stderr


def test_the_fingerprint_follows_every_input_file(tmp_path: Path) -> None:
    """Any file of the data directory, by name or content, changes the fingerprint a rerun
    compares; a dangling link inside it does not."""
    from pipelines.ingest.walk import walk_data_dir
    from pipelines.warehouse.fingerprint import build_fingerprints
    from tests import fixtures as fx

    def input_fingerprint(data: Path) -> str:
        return build_fingerprints(walk_data_dir(data)).input

    data = fx.make_data_dir(tmp_path / "data")
    first = input_fingerprint(data)
    assert input_fingerprint(data) == first
    (data / "warehouse.duckdb").symlink_to(tmp_path / "elsewhere.duckdb")
    assert input_fingerprint(data) == first
    units = data / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("Bergen", "Bergen kommune"), encoding="utf-8")
    changed = input_fingerprint(data)
    assert changed != first
    (data / "reporting" / "2007" / "tiltak.csv").rename(data / "reporting" / "2007" / "Tiltak.csv")
    assert input_fingerprint(data) != changed

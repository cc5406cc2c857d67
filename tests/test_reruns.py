"""Yearly reruns: a new year folder, --year runs, determinism, and safe use alongside others."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.settings import DEFAULT_DATA_DIR
from tests import fixtures as fx
from tests.conftest import Built
from tests.helpers import GRANT_EVAL, files, marts, paths

pytestmark = pytest.mark.slow  # every test here runs the whole pipeline, often several times


def run(cli, data: Path, out: Path, *extra: str):
    return cli("run", "-q", *paths(data, out), *extra)


def add_year(data: Path, year: int, source_year: int = 2006) -> None:
    """A new year folder: the source year's reports and measures, relabelled."""
    folder = data / "reporting" / str(year)
    folder.mkdir(parents=True)
    for name in ("rapporter.csv", "tiltak.csv"):
        text = (data / "reporting" / str(source_year) / name).read_text(encoding="utf-8-sig")
        text = re.sub(rf";{source_year};", f";{year};", text)
        text = re.sub(rf";{source_year}$", f";{year - 1}", text, flags=re.M)  # forste_aar
        (folder / name).write_text(text, encoding="utf-8")


def test_new_year_and_year_runs(cli, sample_build: Built, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    out = tmp_path / "out"
    assert run(cli, data, out).code == 0
    before = marts(out / "warehouse.duckdb")
    # `grant-eval run` (Dagster, build-and-swap) publishes what the plain build computes.
    assert before == marts(sample_build.warehouse)
    assert files(out / "site") == files(sample_build.reports_dir)
    assert [p.name for p in out.iterdir() if "building" in p.name or ".old-" in p.name] == []

    add_year(data, 2009)
    assert run(cli, data, out).code == 0
    after = marts(out / "warehouse.duckdb")
    assert {r[0] for r in after["goal_attainment"]} == {2006, 2007, 2008, 2009}
    assert [r for r in after["goal_attainment"] if r[0] == 2009 and r[1] == "ALLE"][0][2:4] == (61, 27)
    assert {r[0] for r in after["measures_by_year"]} == {2006, 2007, 2008, 2009}
    page = (out / "site" / "kapittel-4-maloppnaelse.html").read_text(encoding="utf-8")
    assert "2006–2009" in page and 'id="tiltak-2009"' in (out / "site" / "tiltak-2009.html").read_text(
        encoding="utf-8"
    )
    assert [r for r in after["goal_attainment"] if r[0] < 2009] == before["goal_attainment"]

    # --year 2009 loads only 2009: a change to 2009 shows, a change to 2008 does not.
    reports = data / "reporting" / "2009" / "rapporter.csv"
    lines = reports.read_text(encoding="utf-8").splitlines()
    changed = [ln.replace(";ikke_alle;", ";alle;", 1) if ";ikke_alle;" in ln else ln for ln in lines]
    reports.write_text("\n".join(changed) + "\n", encoding="utf-8")
    shutil.rmtree(data / "reporting" / "2008")
    fx.write_csv(data / "reporting" / "2008" / "rapporter.csv", [fx.REPORT_HEADER])
    fx.write_csv(data / "reporting" / "2008" / "tiltak.csv", [fx.MEASURE_HEADER])
    assert run(cli, data, out, "--year", "2009").code == 0
    partial = marts(out / "warehouse.duckdb")
    row_2009 = [r for r in partial["goal_attainment"] if r[0] == 2009 and r[1] == "ALLE"][0]
    assert row_2009[2:4] == (61, 61)
    assert [r for r in partial["goal_attainment"] if r[0] < 2009] == before["goal_attainment"]
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        loaded = con.execute("""SELECT path FROM meta.load_log WHERE path LIKE 'reporting/%'
                                AND loaded_at = (SELECT max(loaded_at) FROM meta.load_log
                                                 WHERE path LIKE 'reporting/%') ORDER BY 1""").fetchall()
    assert loaded == [("reporting/2009/rapporter.csv",), ("reporting/2009/tiltak.csv",)]

    # That run did not load 2008's change, so its build does not claim to match the files: the
    # next whole run finds 2008 changed and loads it (it must never say «nothing changed»).
    rerun = run(cli, data, out)
    assert rerun.code == 0 and "Nothing changed" not in rerun.out
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM staging.rapporter WHERE aar = 2008").fetchall() == [(0,)]
    assert "Nothing changed" in run(cli, data, out).out


def test_reader_does_not_block_a_run_and_sees_no_half_state(
    fresh_home: Path, fixture_build: Built, tmp_path: Path
) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy2(fixture_build.warehouse, out / "warehouse.duckdb")  # the published warehouse
    env = {**os.environ, "DAGSTER_HOME": str(fresh_home)}
    args = paths(data, out)
    # An analyst keeps a read-only connection open and reads while the next run replaces the file.
    analyst = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, sys, time\n"
                f"con = duckdb.connect({str(out / 'warehouse.duckdb')!r}, read_only=True)\n"
                "print('ready', flush=True)\n"
                "counts = set()\n"
                "import threading\n"
                "done = threading.Event()\n"
                "threading.Thread(target=lambda: (sys.stdin.readline(), done.set()), daemon=True).start()\n"
                "while not done.is_set():\n"
                "    counts.add(con.execute('SELECT count(*) FROM marts.projects').fetchall()[0][0])\n"
                "    time.sleep(0.05)\n"
                "print(sorted(counts), flush=True)\n"
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert analyst.stdout.readline().strip() == "ready"
    fx.write_csv(data / "grants.csv", [*fx.GRANTS, ["1902", "AVDIR", "2007", "5000"]])
    result = subprocess.run(
        [GRANT_EVAL, "run", "-q", *args], env=env, timeout=300, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # The analyst reads on, through the swap, until told to stop.
    seen = analyst.communicate("stop\n", timeout=60)[0].strip()
    assert seen == "[5]"  # the analyst's open file never changed under it
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.projects").fetchall() == [(6,)]


def test_a_rerun_with_nothing_changed_does_nothing(cli, fixture_build: Built, tmp_path: Path) -> None:
    """Same input files, same code: the rerun says so and leaves the published build as it is;
    --force rebuilds."""
    out = tmp_path / "out"
    assert run(cli, fixture_build.data_dir, out).code == 0
    published = (out / "warehouse.duckdb").resolve()
    again = run(cli, fixture_build.data_dir, out)
    assert again.code == 0 and again.out.startswith("Nothing changed since build ")
    assert (out / "warehouse.duckdb").resolve() == published
    # --year does not ask before it starts; the run finds nothing changed once it holds the
    # lock, skips the work and says so in the same words
    year = run(cli, fixture_build.data_dir, out, "--year", "2007")
    assert year.code == 0 and year.out.startswith("Nothing changed since build ")
    assert (out / "warehouse.duckdb").resolve() == published
    forced = run(cli, fixture_build.data_dir, out, "--force")
    assert forced.code == 0 and (out / "warehouse.duckdb").resolve() != published
    assert marts(out / "warehouse.duckdb") == marts(fixture_build.warehouse)


def test_a_year_run_reloads_only_what_changed(cli, tmp_path: Path) -> None:
    """`--year` with the registers and code as published loads that year and rebuilds only what
    depends on it; with a register file changed it reloads the registers too. Either way the
    published marts equal a full build's of the same files."""
    from tests.conftest import build_plain

    data = fx.make_data_dir(tmp_path / "data")
    fx.copy_year(data, 2008)
    out = tmp_path / "out"
    assert run(cli, data, out).code == 0

    def register_loads() -> list[tuple]:
        with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
            return con.execute(
                "SELECT path, loaded_at FROM meta.load_log WHERE path NOT LIKE 'reporting/%' ORDER BY 1"
            ).fetchall()

    first = register_loads()
    reports = data / "reporting" / "2008" / "rapporter.csv"
    reports.write_text(
        reports.read_text(encoding="utf-8").replace(
            "030101,AVDIR,2008,ikke_alle,", "030101,AVDIR,2008,alle,"
        ),
        encoding="utf-8",
    )
    assert run(cli, data, out, "--year", "2008").code == 0
    assert register_loads() == first  # the registers were not reloaded
    full = build_plain(data, tmp_path / "full-1")
    assert marts(out / "warehouse.duckdb") == marts(full.warehouse)

    units = data / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("Bergen", "Bergen kommune"), encoding="utf-8")
    assert run(cli, data, out, "--year", "2008").code == 0
    assert register_loads() != first  # a register file changed: reloaded
    full = build_plain(data, tmp_path / "full-2")
    assert marts(out / "warehouse.duckdb") == marts(full.warehouse)
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT DISTINCT navn FROM marts.projects WHERE enhet_id = '1201'").fetchall() == [
            ("Bergen kommune",)
        ]

    # A whole run (no --year) finds by itself which year folder changed, and loads only it.
    def year_loads() -> dict[str, object]:
        with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
            rows = con.execute(
                "SELECT path, max(loaded_at) FROM meta.load_log WHERE path LIKE 'reporting/%' GROUP BY path"
            ).fetchall()
        return dict(rows)

    loads, registers = year_loads(), register_loads()
    measures = data / "reporting" / "2007" / "tiltak.csv"
    measures.write_text(
        measures.read_text(encoding="utf-8").replace("Leksehjelp", "Lekser"), encoding="utf-8"
    )
    assert run(cli, data, out).code == 0
    now = year_loads()
    assert sorted(p for p in now if now[p] != loads[p]) == [
        "reporting/2007/rapporter.csv",
        "reporting/2007/tiltak.csv",
    ]
    assert register_loads() == registers
    full = build_plain(data, tmp_path / "full-3")
    assert marts(out / "warehouse.duckdb") == marts(full.warehouse)
    # --force reloads everything
    assert run(cli, data, out, "--force").code == 0
    assert register_loads() != registers and all(year_loads()[p] != now[p] for p in now)

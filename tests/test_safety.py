"""Clumsy or hostile use loses nothing: paths that would overwrite a user's files are refused
before anything is written, and a run killed at any step of its publication leaves readers
the old pair or the new pair of warehouse and site, never a mix. Real processes throughout."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse.files import SITE_MARK
from tests import fixtures as fx
from tests.conftest import Built
from tests.helpers import GRANT_EVAL, files, marts, paths, tree


def grant_eval(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GRANT_EVAL, *args], capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    data = fx.make_data_dir(tmp_path / "data")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "budsjett-2009.xlsx").write_bytes(b"PK\x03\x04 a workbook")
    (tmp_path / "report.html").write_text("<p>my notes</p>", encoding="utf-8")
    (tmp_path / "mine" / "marts").mkdir(parents=True)
    (tmp_path / "mine" / "marts" / "plan.txt").write_text("my own marts", encoding="utf-8")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "letter.docx").write_bytes(b"a letter")
    return data


REFUSED = [
    # (what, --warehouse, --reports-dir), relative to tmp_path
    ("site over the data directory", "out/w.duckdb", "data"),
    ("site inside the data directory", "out/w.duckdb", "data/site"),
    ("site over the warehouse's folder", "out/w.duckdb", "out"),
    ("site over a folder holding the warehouse", "out/sub/w.duckdb", "out"),
    ("warehouse over a workbook", "out/budsjett-2009.xlsx", "site"),
    ("warehouse over a folder", "documents", "site"),
    ("site over a file", "out/w.duckdb", "report.html"),
    ("site over a folder of other files", "out/w.duckdb", "documents"),
    ("warehouse inside the site", "site/w.duckdb", "site"),
    ("parquet copies over a folder of other files", "mine/w.duckdb", "site"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("warehouse", "reports"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_unsafe_paths_are_refused(workspace: Path, warehouse: str, reports: str) -> None:
    root = workspace.parent
    before = tree(root)
    result = grant_eval(
        "run",
        "--data-dir",
        str(workspace),
        "--warehouse",
        str(root / warehouse),
        "--reports-dir",
        str(root / reports),
    )
    assert result.returncode == 2, result.stderr
    assert "refused" in result.stderr and "Nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(root) == before  # not a file added, changed or removed


@pytest.mark.slow
@pytest.mark.parametrize("reports", ["/", str(PROJECT_ROOT)])
def test_site_over_the_root_or_the_project_is_refused(workspace: Path, reports: str) -> None:
    result = grant_eval(
        "run",
        "--data-dir",
        str(workspace),
        "--warehouse",
        str(workspace.parent / "w.duckdb"),
        "--reports-dir",
        reports,
    )
    assert result.returncode == 2, result.stderr
    assert "would replace" in result.stderr


# -- a run killed at every step of its publication --------------------------------------------------
def published_pair(out: Path) -> tuple[str | None, str | None]:
    """The build id a reader finds in the warehouse and in the site now (None: before builds had
    one); a missing warehouse or site fails."""
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        has_info = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'meta' AND table_name = 'build_info'"
        ).fetchall()[0][0]
        in_warehouse = (
            con.execute("SELECT build_id FROM meta.build_info").fetchall()[0][0] if has_info else None
        )
    assert (out / "site" / "index.html").is_file()
    mark = out / "site" / SITE_MARK
    return in_warehouse, mark.read_text(encoding="utf-8").strip() if mark.exists() else None


PUBLISH = """
import shutil, sys, duckdb
from pathlib import Path
from pipelines.warehouse import files
from pipelines.warehouse.write import write_build_info
source, out = Path(sys.argv[1]), Path(sys.argv[2])
store = files.Store(out / "warehouse.duckdb", out / "site")
with files.exclusive_run(store.warehouse), files.building(store, keep_existing=False) as build:
    shutil.copyfile(source / "warehouse.duckdb", build.warehouse)
    with duckdb.connect(str(build.warehouse)) as con:
        write_build_info(con, {"build_id": build.build_id})
    shutil.copytree(source / "site", build.site)
    files.publish(store, build)
"""


def publish_in_a_process(built: Built, out: Path, kill_at: str) -> subprocess.CompletedProcess[str]:
    """The publication step alone, in its own process, killed with SIGKILL at `kill_at`."""
    return subprocess.run(
        [sys.executable, "-c", PUBLISH, str(built.warehouse.parent), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
        env={**os.environ, "GRANT_EVAL_KILL_AT": kill_at},
    )


@pytest.mark.slow
def test_a_killed_publication_leaves_the_old_pair_or_the_new(
    fresh_home: Path, fixture_build: Built, tmp_path: Path
) -> None:
    """Starting from a warehouse file and a site folder of an earlier version (no store yet),
    publications are killed with SIGKILL at each of their steps in turn; after each, readers
    find a whole pair. The next run cleans up and publishes, while a reader that has the old
    file open keeps reading it; the published file is read-only."""
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy2(fixture_build.warehouse, out / "warehouse.duckdb")
    shutil.copytree(fixture_build.reports_dir, out / "site")
    old_site = tree(out / "site")
    home = fresh_home
    args = ["run", "-q", *paths(fixture_build.data_dir, out)]

    for point in ("adopted", "warehouse-linked", "built"):  # before the switch: the old pair
        killed = publish_in_a_process(fixture_build, out, point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert published_pair(out) == (None, None), point
        assert tree(out / "site") == old_site, point
    killed = publish_in_a_process(fixture_build, out, "current")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    in_warehouse, in_site = published_pair(out)
    assert in_warehouse is not None and in_warehouse == in_site  # after the switch: the new pair

    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as reader:
        done = grant_eval(*args, env={"DAGSTER_HOME": str(home)})
        assert done.returncode == 0, done.stderr
        assert reader.execute("SELECT build_id FROM meta.build_info").fetchall() == [(in_warehouse,)]
    newest, in_site = published_pair(out)
    assert newest is not None and newest == in_site and newest != in_warehouse
    assert (out / "warehouse.duckdb").resolve().stat().st_mode & 0o222 == 0  # read-only
    store = out / ".warehouse.duckdb.builds"
    assert not [p.name for p in store.iterdir() if p.name.endswith(".building")]
    assert len([p for p in store.iterdir() if p.is_dir() and not p.is_symlink()]) == 2
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert dg.DagsterRunStatus.STARTED not in [r.status for r in instance.get_runs()]


@pytest.mark.slow
def test_a_run_killed_mid_run_is_marked_failed(
    fresh_home: Path, fixture_build: Built, tmp_path: Path
) -> None:
    """kill -9 while Dagster materialises: nothing is published, and the next run marks the
    dead run failed in the run history, removes its build folder, and publishes what any run
    on the same inputs publishes."""
    out = tmp_path / "out"
    home = fresh_home
    args = [GRANT_EVAL, "run", "-q", *paths(fixture_build.data_dir, out)]
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    started = False
    while not started and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        # Read the run storage directly: opening an instance here would race the run's own
        # creation of the storage, the very thing the run guards against with its lock.
        with contextlib.suppress(sqlite3.Error):
            uri = f"file:{home / 'history' / 'runs.db'}?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=1)) as con:
                started = bool(
                    con.execute("SELECT count(*) FROM runs WHERE status = 'STARTED'").fetchone()[0]
                )
    assert started, "the run never started"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert not (out / "warehouse.duckdb").exists() and not (out / "site").exists()

    time.sleep(1.1)  # a later run time than the session's build, which must not matter
    assert subprocess.run(args, env=env, timeout=600).returncode == 0
    with dg.DagsterInstance.from_config(str(home)) as instance:
        statuses = sorted(r.status.value for r in instance.get_runs())
    assert statuses == ["FAILURE", "SUCCESS"]
    # Deterministic: the run publishes what the plain build made earlier from the same inputs.
    assert marts(out / "warehouse.duckdb") == marts(fixture_build.warehouse)
    assert files(out / "site") == files(fixture_build.reports_dir)
    store = out / ".warehouse.duckdb.builds"
    assert not [p.name for p in store.iterdir() if p.name.endswith(".building")]


@pytest.mark.slow
def test_concurrent_first_runs_share_a_fresh_dagster_home(fresh_home: Path, tmp_path: Path) -> None:
    """Four processes open the run history at once on a DAGSTER_HOME that does not exist yet:
    its storage is created once (one schema version, not two heads), and all can record runs."""
    home = fresh_home
    script = (
        "from pipelines.defs.instance import dagster_instance\n"
        "with dagster_instance() as instance:\n"
        "    instance.get_runs(limit=1)\n"
    )
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=300)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], errors
    for database in sorted(home.rglob("*.db")):
        with contextlib.closing(sqlite3.connect(database)) as con:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" in tables:
                assert con.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1, database
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.get_runs() == []

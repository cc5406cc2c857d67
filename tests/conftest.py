from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.build import build as plain_build
from pipelines.cli import main
from pipelines.settings import DEFAULT_DATA_DIR
from tests.fixtures import make_data_dir


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Runs in tests record into a throwaway Dagster instance, not the project's."""
    with scratch_home() as home:
        os.environ["DAGSTER_HOME"] = str(home)
        for name in ("GRANT_EVAL_DATA_DIR", "GRANT_EVAL_WAREHOUSE", "GRANT_EVAL_REPORTS_DIR"):
            os.environ.pop(name, None)
        yield home


@contextlib.contextmanager
def scratch_home() -> Iterator[Path]:
    """A fresh DAGSTER_HOME in memory where the machine has /dev/shm: Dagster writes each run
    event to SQLite with a sync to disk, which costs tests half their run time and tests
    nothing of ours."""
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="grant-eval-dagster-", dir=shm if shm.is_dir() else None) as home:
        yield Path(home)


@pytest.fixture
def fresh_home() -> Iterator[Path]:
    """A DAGSTER_HOME of a test's own, not yet created (its runs are read back by the test)."""
    with scratch_home() as parent:
        yield parent / "dagster"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    def invoke(*argv: str) -> CliResult:
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path / "data")


@dataclass
class Built:
    data_dir: Path
    warehouse: Path
    reports_dir: Path


def build(data: Path, out: Path) -> Built:
    """The whole pipeline through `grant-eval run`: Dagster, build-and-swap, publication."""
    warehouse = out / "warehouse.duckdb"
    reports = out / "site"
    code = main(
        ["run", "-q", "--data-dir", str(data), "--warehouse", str(warehouse), "--reports-dir", str(reports)]
    )
    assert code == 0
    return Built(data, warehouse, reports)


def build_plain(data: Path, out: Path) -> Built:
    """The same warehouse and site in plain code, without Dagster (pipelines/build.py); a slow
    test keeps the two equal on the sample."""
    out.mkdir(parents=True, exist_ok=True)
    built = Built(data, out / "warehouse.duckdb", out / "site")
    assert plain_build(data, built.warehouse, built.reports_dir, progress=lambda _m: None) == []
    return built


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The whole evaluation computed once on the bundled sample, in plain code."""
    return build_plain(DEFAULT_DATA_DIR, tmp_path_factory.mktemp("sample_build"))


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The whole evaluation computed once on the tiny hand-made fixture, in plain code."""
    root = tmp_path_factory.mktemp("fixture_build")
    return build_plain(make_data_dir(root / "data"), root)


@pytest.fixture
def last_good(fixture_build: Built, tmp_path: Path) -> Built:
    """A copy of a good warehouse and site, to show a failed run leaves them untouched."""
    out = tmp_path / "published"
    out.mkdir()
    shutil.copy2(fixture_build.warehouse, out / "warehouse.duckdb")
    if fixture_build.reports_dir.exists():
        shutil.copytree(fixture_build.reports_dir, out / "site")
    else:
        (out / "site").mkdir()
        (out / "site" / "index.html").write_text("last good report", encoding="utf-8")
    return Built(fixture_build.data_dir, out / "warehouse.duckdb", out / "site")

"""A newcomer's first UI start: on a fresh clone, scripts/setup.sh has made `.dagster/` (no run
yet), and the README's `DAGSTER_HOME=$PWD/.dagster .venv/bin/dagster dev -w workspace.yaml`
starts with the warehouse's pool; `dg dev` with the same DAGSTER_HOME shows the same pool and
the same run history."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.commands import dagster_dev
from pipelines.settings import PROJECT_ROOT
from tests import fixtures as fx
from tests.helpers import GRANT_EVAL, paths
from tests.test_dagster_graphql import UI, _free_port, wait_for

pytestmark = pytest.mark.slow

RUNS = "{ runsOrError { ... on Runs { results { runId status } } } }"
SETUP_LINE = "[ -f .dagster/dagster.yaml ] || .venv/bin/python -m pipelines.defs.instance .dagster"


def test_the_first_ui_start_and_dg_dev_share_the_history(tmp_path: Path) -> None:
    assert SETUP_LINE in (PROJECT_ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    home = tmp_path / ".dagster"
    subprocess.run([sys.executable, "-m", "pipelines.defs.instance", str(home)], check=True)  # as setup.sh
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "GRANT_EVAL_DATA_DIR": str(data),
        "GRANT_EVAL_WAREHOUSE": str(out / "warehouse.duckdb"),
        "GRANT_EVAL_REPORTS_DIR": str(out / "site"),
    }
    port = _free_port()
    ui = UI(port)
    with dagster_dev(port, env, PROJECT_ROOT):  # before any run
        assert wait_for(ui.pool_config, lambda c: c is not None, 180) == {
            "poolGranularity": "run",
            "defaultPoolLimit": 1,
        }
        assert ui.ask(RUNS)["runsOrError"]["results"] == []

    done = subprocess.run(
        [GRANT_EVAL, "run", "-q", *paths(data, out)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr

    port = _free_port()
    ui = UI(port)
    with dagster_dev(port, env, PROJECT_ROOT, dg=True):
        assert wait_for(ui.pool_config, lambda c: c is not None, 180) == {
            "poolGranularity": "run",
            "defaultPoolLimit": 1,
        }
        assert [run["status"] for run in ui.ask(RUNS)["runsOrError"]["results"]] == ["SUCCESS"]

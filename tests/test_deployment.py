"""docs/deployment.md as a server runs it: a real PostgreSQL server (Debian's package, a
throwaway cluster on a free local port), the page's own dagster.yaml, and `dagster-webserver`
and `dagster-daemon` as two processes. Runs are launched over GraphQL as the UI launches them,
and with `grant-eval run` beside them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from devtools.commands import dagster_server, postgres_server
from pipelines.settings import PROJECT_ROOT
from tests import fixtures as fx
from tests.helpers import GRANT_EVAL, paths, tree
from tests.test_dagster_graphql import UI, _free_port, build_id, wait_for

pytestmark = pytest.mark.slow

DOC = PROJECT_ROOT / "docs" / "deployment.md"
DOC_LOG = "/var/log/grant-eval/runs.jsonl"  # the page's log path; the test's is its own
GOALS_CHECK = {"assetKey": {"path": ["marts", "goal_attainment"]}, "name": "every_reporting_year_present"}


def documented_config() -> str:
    """The page's dagster.yaml: its fenced yaml block headed `# $DAGSTER_HOME/dagster.yaml`."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    [config] = [b for b in blocks if b.startswith("# $DAGSTER_HOME/dagster.yaml")]
    return config


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A folder PostgreSQL's own user can reach (pytest's are the test user's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="grant-eval-pg-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _published(out: Path) -> tuple[str, dict[str, str]]:
    return tree(out / ".warehouse.duckdb.builds" / "current"), tree(out / "site")


def test_the_documented_server(scratch: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    pg_port, ui_port = _free_port(), _free_port()
    home, logs = tmp_path / "dagster_home", tmp_path / "logs"
    home.mkdir()
    logs.mkdir()
    config = documented_config()
    assert DOC_LOG in config
    assert "config" not in yaml.safe_load(config)["run_coordinator"]  # no run limits beside the pool
    (home / "dagster.yaml").write_text(config.replace(DOC_LOG, str(logs / "runs.jsonl")), encoding="utf-8")
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_HOST": "127.0.0.1",
        "DAGSTER_PG_PORT": str(pg_port),
        "DAGSTER_PG_USER": "dagster",
        "DAGSTER_PG_PASSWORD": "not-needed-on-loopback-trust",
        "DAGSTER_PG_DB": "dagster",
        "GRANT_EVAL_DATA_DIR": str(data),
        "GRANT_EVAL_WAREHOUSE": str(out / "warehouse.duckdb"),
        "GRANT_EVAL_REPORTS_DIR": str(out / "site"),
    }
    ui = UI(ui_port)
    with postgres_server(scratch / "pg", pg_port), dagster_server(ui_port, env, PROJECT_ROOT, logs):
        assert wait_for(ui.pool_config, lambda c: c is not None, 180) == {
            "poolGranularity": "run",
            "defaultPoolLimit": 1,
        }
        assert ui.finished(ui.materialise_all("2007", "2007"), 600) == "SUCCESS"

        # Two UI runs: the second waits in the queue for the pool while the first runs.
        first, second = (
            ui.materialise_all("2007", "2007", force=True),
            ui.materialise_all("2007", "2007", force=True),
        )
        seen = wait_for(
            lambda: (ui.run_status(first), ui.run_status(second)),
            lambda s: s == ("STARTED", "QUEUED") or s[0] in ("SUCCESS", "FAILURE"),
            300,
        )
        assert seen == ("STARTED", "QUEUED")
        assert (ui.finished(first, 600), ui.finished(second, 600)) == ("SUCCESS", "SUCCESS")
        (_, end_1), (start_2, _) = ui.run_times(first), ui.run_times(second)
        assert end_1 <= start_2

        # A UI run and a command-line run at once: one waits for the other's lock; both publish.
        builds_before = {p.name for p in (out / ".warehouse.duckdb.builds").iterdir() if not p.is_symlink()}
        cli = subprocess.Popen(
            [GRANT_EVAL, "run", "-q", "--force", *paths(data, out)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        ui_run = ui.materialise_all("2007", "2007", force=True)
        assert cli.wait(timeout=600) == 0, cli.stderr.read() if cli.stderr else ""
        assert ui.finished(ui_run, 600) == "SUCCESS"
        builds = {p.name for p in (out / ".warehouse.duckdb.builds").iterdir() if not p.is_symlink()}
        assert len(builds - builds_before) == 2 and build_id(out / "warehouse.duckdb") == max(builds)

        # A check executed alone (the Checks tab's «Execute»): it passes and publishes nothing.
        before = _published(out)
        location, repository = ui.location()
        launched = ui.ask(
            """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
                 __typename ... on LaunchRunSuccess { run { runId } } } }""",
            {
                "params": {
                    "selector": {
                        "repositoryLocationName": location,
                        "repositoryName": repository,
                        "jobName": "__ASSET_JOB",
                        "assetSelection": [],
                        "assetCheckSelection": [GOALS_CHECK],
                    }
                }
            },
        )["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        check_run = launched["run"]["runId"]
        assert ui.finished(check_run, 600) == "SUCCESS"
        assert _published(out) == before

        # A run that fails (2007's reports made invalid) publishes nothing.
        reports = data / "reporting" / "2007" / "rapporter.csv"
        reports.write_text(
            reports.read_text(encoding="utf-8").replace(",ja,", ",kanskje,", 1), encoding="utf-8"
        )
        failed = ui.materialise_all("2007", "2007")
        assert ui.finished(failed, 600) == "FAILURE"
        assert _published(out) == before

        # The run history in the UI: every run, the command line's too, from PostgreSQL.
        runs = ui.ask("{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }")
        history = {r["runId"]: r["status"] for r in runs["runsOrError"]["results"]}
        ui_runs = [first, second, ui_run, check_run, failed]
        assert {run: history[run] for run in ui_runs} == {
            first: "SUCCESS",
            second: "SUCCESS",
            ui_run: "SUCCESS",
            check_run: "SUCCESS",
            failed: "FAILURE",
        }
        assert len(history) == 7  # the first UI run and the command line's besides
        said = ui.ask(
            "query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection "
            "{ events { ... on MessageEvent { message } } } } }",
            {"id": check_run},
        )
        messages = [e.get("message") for e in said["logsForRun"]["events"]]
        assert "checks only: nothing was published" in messages

    # The JSON-lines logs: every line one JSON object; grant_eval's messages among the runs'.
    lines = [json.loads(line) for line in (logs / "runs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {line["run_id"] for line in lines if "run_id" in line} >= set(ui_runs)
    said_by = {(line["logger"], line["step"], line["message"]) for line in lines if line["run_id"] == first}
    assert ("grant_eval", "load_reporting", "reading reporting/2007") in said_by  # a managed logger
    # The services' own lines are JSON (--log-format json); the code server and the run workers
    # they start print theirs as text (the runs' are in the JSON-lines file above).
    services = {
        service: [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        for service in ("webserver", "daemon")
        for text in [(logs / f"{service}.log").read_text(encoding="utf-8")]
    }
    assert f"Serving dagster-webserver on http://127.0.0.1:{ui_port}" in services["webserver"][0]["event"]
    assert services["daemon"][0]["event"].startswith("Instance is configured with the following daemons")
    print(f"the documented server, PostgreSQL and all: {time.monotonic() - started:.0f} s")
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT DISTINCT aar FROM staging.rapporter").fetchall() == [(2007,)]

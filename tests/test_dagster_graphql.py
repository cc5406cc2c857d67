"""The Dagster UI's path, driven as the UI drives it: `dagster dev` (web server and daemon)
started by the test, runs launched over GraphQL and run by the daemon in their own processes,
with GRANT_EVAL_YEAR_PARTITIONS=dynamic so that the sensor turns new year folders into
partitions without a reload."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from devtools.commands import dagster_dev
from pipelines.defs.instance import write_default_config
from pipelines.settings import PROJECT_ROOT
from tests import fixtures as fx
from tests.helpers import GRANT_EVAL, paths, tree

pytestmark = pytest.mark.slow

ASSET_JOB = "__ASSET_JOB"
RANGE = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class UI:
    """What the UI's pages ask the web server, over its GraphQL endpoint."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/graphql"

    def ask(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    def year_partitions(self) -> list[str]:
        data = self.ask(
            '{ assetNodeOrError(assetKey: {path: ["raw", "rapporter"]}) '
            "{ ... on AssetNode { partitionKeys } } }"
        )
        return data["assetNodeOrError"]["partitionKeys"]

    def location(self) -> tuple[str, str]:
        data = self.ask(
            "{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name } } } } }"
        )
        node = data["repositoriesOrError"]["nodes"][0]
        return node["location"]["name"], node["name"]

    def materialise_all(self, first: str, last: str, force: bool = False) -> str:
        """«Materialize all» for a range of years: one run of the asset job, queued for the daemon;
        `force`: with the tag that makes it do the work even when nothing changed."""
        location, repository = self.location()
        data = self.ask(
            """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
                 __typename ... on LaunchRunSuccess { run { runId } }
                 ... on PythonError { message } ... on InvalidSubsetError { message } } }""",
            {
                "params": {
                    "selector": {
                        "repositoryLocationName": location,
                        "repositoryName": repository,
                        "jobName": ASSET_JOB,
                    },
                    "executionMetadata": {
                        "tags": [
                            {"key": RANGE[0], "value": first},
                            {"key": RANGE[1], "value": last},
                            *([{"key": "grant-eval/force", "value": "true"}] if force else []),
                        ]
                    },
                }
            },
        )
        launched = data["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        return launched["run"]["runId"]

    def launch_job(self, job: str) -> str:
        location, repository = self.location()
        data = self.ask(
            """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
                 __typename ... on LaunchRunSuccess { run { runId } } } }""",
            {
                "params": {
                    "selector": {
                        "repositoryLocationName": location,
                        "repositoryName": repository,
                        "jobName": job,
                    }
                }
            },
        )
        return data["launchRun"]["run"]["runId"]

    def stale_status(self, path: list[str], partition: str | None = None) -> str:
        data = self.ask(
            "query($path: [String!]!, $partition: String) { assetNodeOrError(assetKey: {path: $path}) "
            "{ ... on AssetNode { staleStatus(partition: $partition) } } }",
            {"path": path, "partition": partition},
        )
        return data["assetNodeOrError"]["staleStatus"]

    def backfill_everything(self) -> str:
        """«Materialize all» over every year partition: a backfill, which the daemon splits into
        runs in the order of the asset graph."""
        nodes = self.ask("{ assetNodes { assetKey { path } isMaterializable } }")["assetNodes"]
        keys = [{"path": n["assetKey"]["path"]} for n in nodes if n["isMaterializable"]]
        data = self.ask(
            """mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
                 __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }""",
            {"params": {"allPartitions": True, "assetSelection": keys}},
        )
        launched = data["launchPartitionBackfill"]
        assert launched["__typename"] == "LaunchBackfillSuccess", launched
        return launched["backfillId"]

    def backfill_status(self, backfill_id: str) -> str:
        data = self.ask(
            "query($id: String!) { partitionBackfillOrError(backfillId: $id) "
            "{ ... on PartitionBackfill { status } } }",
            {"id": backfill_id},
        )
        return data["partitionBackfillOrError"]["status"]

    def run_status(self, run_id: str) -> str:
        data = self.ask(
            "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }", {"id": run_id}
        )
        return data["runOrError"]["status"]

    def run_times(self, run_id: str) -> tuple[float, float]:
        data = self.ask(
            "query($id: ID!) { runOrError(runId: $id) { ... on Run { startTime endTime } } }", {"id": run_id}
        )
        return data["runOrError"]["startTime"], data["runOrError"]["endTime"]

    def pool_config(self) -> dict[str, Any]:
        return self.ask("{ instance { poolConfig { poolGranularity defaultPoolLimit } } }")["instance"][
            "poolConfig"
        ]

    def finished(self, run_id: str, timeout: float = 240) -> str:
        status = wait_for(
            lambda: self.run_status(run_id), lambda s: s in ("SUCCESS", "FAILURE", "CANCELED"), timeout
        )
        return status


def wait_for(get: Callable[[], Any], done: Callable[[Any], bool], timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    value: Any = None
    while time.monotonic() < deadline:
        try:
            value = get()
        except (OSError, KeyError, TypeError, ValueError):  # the server is still starting
            value = None
        if value is not None and done(value):
            return value
        time.sleep(1)
    raise AssertionError(f"waited {timeout} s; last seen: {value!r}")


def build_id(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT build_id FROM meta.build_info").fetchall()[0][0]


def published(out: Path) -> tuple[str, dict[str, str]]:
    return hashlib.sha256((out / "warehouse.duckdb").read_bytes()).hexdigest(), tree(out / "site")


def test_runs_launched_from_the_ui(tmp_path: Path) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    home = tmp_path / "dagster_home"
    write_default_config(home)  # the one a `grant-eval run` gives a fresh DAGSTER_HOME
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "GRANT_EVAL_DATA_DIR": str(data),
        "GRANT_EVAL_WAREHOUSE": str(out / "warehouse.duckdb"),
        "GRANT_EVAL_REPORTS_DIR": str(out / "site"),
        "GRANT_EVAL_YEAR_PARTITIONS": "dynamic",
    }
    port = _free_port()
    ui = UI(port)
    with dagster_dev(port, env, PROJECT_ROOT):
        # The sensor makes the year folder a partition.
        wait_for(ui.year_partitions, lambda keys: keys == ["2007"], 180)
        assert ui.finished(ui.materialise_all("2007", "2007")) == "SUCCESS"
        first = build_id(out / "warehouse.duckdb")

        # A new year folder becomes a partition without a reload; a run over both years, with
        # an analyst reading the published warehouse the whole time, succeeds, and the analyst
        # keeps reading the build they opened.
        fx.copy_year(data, 2008)
        wait_for(ui.year_partitions, lambda keys: keys == ["2007", "2008"], 120)
        with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as analyst:
            assert ui.finished(ui.materialise_all("2007", "2008")) == "SUCCESS"
            assert analyst.execute("SELECT build_id FROM meta.build_info").fetchall() == [(first,)]
            assert analyst.execute("SELECT DISTINCT aar FROM staging.rapporter").fetchall() == [(2007,)]
        with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
            assert con.execute("SELECT DISTINCT aar FROM staging.rapporter ORDER BY 1").fetchall() == [
                (2007,),
                (2008,),
            ]
            assert con.execute(
                "SELECT aar FROM marts.goal_attainment WHERE ordning = 'ALLE' ORDER BY 1"
            ).fetchall() == [
                (2007,),
                (2008,),
            ]

        # Two UI runs at once: the warehouse's pool (limit 1) keeps the second in the queue
        # until the first has ended, so they never run side by side.
        assert ui.pool_config() == {"poolGranularity": "run", "defaultPoolLimit": 1}
        first_run, second_run = ui.materialise_all("2007", "2008"), ui.materialise_all("2007", "2008")
        assert (ui.finished(first_run), ui.finished(second_run)) == ("SUCCESS", "SUCCESS")
        (start_1, end_1), (start_2, end_2) = ui.run_times(first_run), ui.run_times(second_run)
        assert end_1 <= start_2 or end_2 <= start_1

        # An edited file shows its tables as stale once the inputs are observed (the
        # «Observe sources» button, or the observe_inputs job its schedule runs).
        assert ui.stale_status(["raw", "units"]) == "FRESH"
        units = data / "units.csv"
        units.write_text(
            units.read_text(encoding="utf-8").replace("Bergen", "Bergen kommune"), encoding="utf-8"
        )
        assert ui.finished(ui.launch_job("observe_inputs")) == "SUCCESS"
        assert ui.stale_status(["raw", "units"]) == "STALE"
        assert ui.stale_status(["raw", "grants"]) == "FRESH"
        assert ui.stale_status(["raw", "rapporter"], "2008") == "FRESH"
        assert ui.stale_status(["staging", "rapporter"], "2008") == "STALE"  # checked against units

        # A UI run and a command-line run at once: one waits for the other's lock, both
        # publish, one after the other (both forced: the second would find nothing changed).
        store = out / ".warehouse.duckdb.builds"
        builds_before = {p.name for p in store.iterdir() if p.is_dir() and not p.is_symlink()}
        cli = subprocess.Popen(
            [GRANT_EVAL, "run", "-q", "--force", *paths(data, out)],
            env={**env, "GRANT_EVAL_LOCK_WAIT": "300"},
            stderr=subprocess.PIPE,
            text=True,
        )
        ui_run = ui.materialise_all("2007", "2008", force=True)
        assert cli.wait(timeout=300) == 0, cli.stderr.read() if cli.stderr else ""
        assert ui.finished(ui_run) == "SUCCESS"
        builds = {p.name for p in store.iterdir() if p.is_dir() and not p.is_symlink()}
        assert len(builds - builds_before) == 2 and build_id(out / "warehouse.duckdb") == max(builds)
        with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
            assert con.execute("SELECT navn FROM staging.units WHERE enhet_id = '1201'").fetchall() == [
                ("Bergen kommune",)
            ]

        # A run that fails (2008's reports made invalid: its loading step fails) leaves the
        # published warehouse and site byte-identical.
        before = published(out)
        reports = data / "reporting" / "2008" / "rapporter.csv"
        reports.write_text(
            reports.read_text(encoding="utf-8").replace(",ja,", ",kanskje,", 1), encoding="utf-8"
        )
        assert ui.finished(ui.materialise_all("2007", "2008")) == "FAILURE"
        assert published(out) == before
        assert not [
            p.name for p in (out / ".warehouse.duckdb.builds").iterdir() if p.name.endswith(".building")
        ]

        # «Materialize all» as the UI launches it for partitioned assets: a backfill, whose runs
        # take the lock one after another; at the end the edited 2008 reports are in every layer.
        reports.write_text(
            reports.read_text(encoding="utf-8")
            .replace(",kanskje,", ",ja,", 1)
            .replace("030101,AVDIR,2008,ikke_alle,", "030101,AVDIR,2008,alle,"),
            encoding="utf-8",
        )
        before_backfill = build_id(out / "warehouse.duckdb")
        backfill = ui.backfill_everything()
        status = wait_for(
            lambda: ui.backfill_status(backfill),
            lambda s: s not in ("REQUESTED", "CANCELING", "FAILING"),
            300,
        )
        assert status in ("COMPLETED", "COMPLETED_SUCCESS"), status
        with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
            reached = "SELECT aar, n_all, n FROM marts.goal_attainment WHERE ordning = 'ALLE' ORDER BY 1"
            assert con.execute(reached).fetchall() == [(2007, 1, 3), (2008, 2, 3)]
        assert build_id(out / "warehouse.duckdb") != before_backfill
        assert not [
            p.name for p in (out / ".warehouse.duckdb.builds").iterdir() if p.name.endswith(".building")
        ]

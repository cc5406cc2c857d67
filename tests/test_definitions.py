"""The Dagster code location loads, and `dagster dev -w workspace.yaml` serves the asset graph."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg
import pytest

from devtools.commands import dagster_dev
from pipelines.definitions import defs
from pipelines.defs.instance import write_default_config
from pipelines.settings import PROJECT_ROOT

EXPECTED = {
    "raw/units",
    "raw/rapporter",
    "raw/survey",
    "staging/units",
    "staging/rapporter",
    "staging/survey",
    "staging/segments",
    "staging/projects",
}


def test_definitions_load() -> None:
    loaded = defs()
    dg.Definitions.validate_loadable(loaded)
    keys = {key.to_user_string() for key in loaded.resolve_asset_graph().get_all_asset_keys()}
    assert keys >= EXPECTED


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_dagster_dev_lists_the_assets(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    write_default_config(tmp_path)
    with dagster_dev(port, env, PROJECT_ROOT):
        query = json.dumps({"query": "{ assetNodes { assetKey { path } } }"}).encode()
        deadline = time.monotonic() + 120
        keys: set[str] = set()
        while time.monotonic() < deadline and not keys >= EXPECTED:
            time.sleep(1)
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/graphql",
                    data=query,
                    headers={"Content-Type": "application/json"},
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    nodes = json.load(response)["data"]["assetNodes"]
                keys = {"/".join(n["assetKey"]["path"]) for n in nodes}
            except (OSError, KeyError, TypeError, ValueError):
                continue
        assert keys >= EXPECTED


@pytest.mark.slow
def test_cli_runs_are_recorded_for_the_dagster_ui(cli, data_dir: Path, tmp_path: Path) -> None:
    """grant-eval run records into DAGSTER_HOME, which `dagster dev` reads: history, checks and
    the reporting layer's partitions, one per year folder."""
    from pipelines.definitions import build_definitions
    from pipelines.settings import Settings
    from tests import fixtures as fx

    fx.write_csv(
        data_dir / "reporting/2012/rapporter.csv",
        [fx.REPORT_HEADER, ["1201", "BLD", "2012", "alle", "", "", "alle", "ja", "ja"]],
    )
    fx.write_csv(data_dir / "reporting/2012/tiltak.csv", [fx.MEASURE_HEADER])
    settings = Settings(data_dir=data_dir, warehouse=tmp_path / "w.duckdb", reports_dir=tmp_path / "s")
    graph = build_definitions(settings).resolve_asset_graph()
    for key in (["raw", "rapporter"], ["staging", "tiltak"]):
        node = graph.get(dg.AssetKey(key))
        assert node.partitions_def.get_partition_keys() == ["2007", "2012"]
    assert graph.get(dg.AssetKey(["marts", "goal_attainment"])).partitions_def is None

    home = Path(os.environ["DAGSTER_HOME"])
    result = cli(
        "run",
        "-q",
        "--data-dir",
        str(data_dir),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        "--reports-dir",
        str(tmp_path / "s"),
    )
    assert result.code == 0, result.err
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs(limit=1)
        assert runs and runs[0].status == dg.DagsterRunStatus.SUCCESS
        assert runs[0].tags["grant-eval/warehouse"] == str(tmp_path / "w.duckdb")
        record = instance.get_latest_materialization_event(dg.AssetKey(["marts", "goal_attainment"]))
        assert record is not None and record.run_id == runs[0].run_id
        done = instance.get_materialized_partitions(dg.AssetKey(["staging", "rapporter"]))
        assert {"2007", "2012"} <= done


def test_every_writing_step_is_in_the_warehouse_pool() -> None:
    """The UI shows which steps write the warehouse, and an instance can limit them to one."""
    from pipelines.defs.resources import WAREHOUSE_POOL

    job = defs().resolve_implicit_global_asset_job_def()
    pools = {node.name: node.definition.pool for node in job.graph.nodes}
    # observing the input files only reads them
    writing = {name: pool for name, pool in pools.items() if not name.startswith(("source__", "observe_"))}
    assert writing and set(writing.values()) == {WAREHOUSE_POOL}, pools
    assert {name for name in pools if name.startswith(("source__", "observe_"))} == {
        "observe_register_files",
        "source__reporting",
    }


def test_every_asset_has_owners_tags_and_checks() -> None:
    """Each asset page names who answers for it and its layer; every table has checks (the raw
    tables their input validation; staging tables are made by the same validated load, or in
    SQL from them, and marts their own); the failure sensor is there, stopped."""
    loaded = defs()
    graph = loaded.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert {graph.get(k).owners[0] for k in keys} == {"team:grant-eval"}
    assert {k.path[0] for k in keys} == {graph.get(k).tags["grant-eval/layer"] for k in keys}
    checked = {c.asset_key for c in graph.asset_check_keys}
    assert {k for k in keys if k.path[0] in ("raw", "marts")} <= checked
    sensor = loaded.resolve_sensor_def("failed_run_alert")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED


@pytest.mark.slow
@pytest.mark.parametrize("years", ["static", "dynamic"])
def test_dg_check_defs(years: str) -> None:
    """`dg check defs` (the dg CLI, dg.toml) loads the same code location as workspace.yaml,
    with the year partitions static or dynamic (with the sensor that feeds them)."""
    dg_cli = Path(sys.executable).with_name("dg")
    env = {**os.environ, "GRANT_EVAL_YEAR_PARTITIONS": years}
    done = subprocess.run(
        [str(dg_cli), "check", "defs"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All definitions loaded successfully" in done.stdout + done.stderr
    assert "does not match" not in done.stdout + done.stderr  # dg.toml silences the venv warning

"""Checks that run as the UI runs them: a check executed alone (the Checks tab's «Execute»)
evaluates the published build and publishes nothing; input validation is an asset check on
each raw table, with its history, as well as the step's failure; a failed run gives the
failure sensor one clear line."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import dagster as dg
import pytest

from pipelines.defs import alerts
from pipelines.defs.assets.ingest import INPUT_CHECK
from pipelines.marts import checks as mart_checks
from pipelines.run import all_years_tags
from pipelines.warehouse import staging
from tests import fixtures as fx
from tests.helpers import tree

pytestmark = pytest.mark.slow

GOALS = dg.AssetKey(["marts", "goal_attainment"])


def _job(data: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> dg.JobDefinition:
    monkeypatch.setenv("GRANT_EVAL_DATA_DIR", str(data))
    monkeypatch.setenv("GRANT_EVAL_WAREHOUSE", str(out / "warehouse.duckdb"))
    monkeypatch.setenv("GRANT_EVAL_REPORTS_DIR", str(out / "site"))
    from pipelines.definitions import defs

    return defs().resolve_implicit_global_asset_job_def()


def _published(out: Path) -> tuple[str, dict[str, str], list[str]]:
    builds = sorted(p.name for p in (out / ".warehouse.duckdb.builds").iterdir())
    return hashlib.sha256((out / "warehouse.duckdb").read_bytes()).hexdigest(), tree(out / "site"), builds


def test_a_check_executed_alone_reads_the_published_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    instance = dg.DagsterInstance.ephemeral()
    job = _job(data, out, monkeypatch)
    assert job.execute_in_process(
        instance=instance, raise_on_error=False, tags=all_years_tags([2007])
    ).success
    before = _published(out)

    check = dg.AssetCheckKey(GOALS, "every_reporting_year_present")
    alone = job.get_subset(asset_selection=set(), asset_check_selection={check})
    result = alone.execute_in_process(instance=instance, raise_on_error=False)
    assert result.success
    assert [(e.asset_check_key, e.passed) for e in result.get_asset_check_evaluations()] == [(check, True)]
    assert result.get_asset_materialization_events() == []
    assert _published(out) == before  # no new build, the same files
    said = [e.user_message for e in instance.all_logs(result.run_id)]
    assert "evaluating 1 checks on the published marts; no mart is computed" in said
    assert "no asset was materialised: nothing was published" in said

    # A blocking check that fails, alone: its run fails, and still nothing is published.
    failing = [
        mart_checks.Check(c.name, c.description, lambda con, spec: ["broken"])
        if c.name == "table_rules"
        else c
        for c in mart_checks.GENERAL
    ]
    monkeypatch.setattr(mart_checks, "GENERAL", failing)
    rules = dg.AssetCheckKey(GOALS, "table_rules")
    result = job.get_subset(asset_selection=set(), asset_check_selection={rules}).execute_in_process(
        instance=instance, raise_on_error=False
    )
    assert not result.success
    evaluations = result.get_asset_check_evaluations()
    assert [(e.asset_check_key, e.passed, e.metadata["examples"].value) for e in evaluations] == [
        (rules, False, "broken")
    ]
    assert _published(out) == before


def test_input_validation_is_an_asset_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    instance = dg.DagsterInstance.ephemeral()
    job = _job(data, out, monkeypatch)
    good = job.execute_in_process(instance=instance, raise_on_error=False, tags=all_years_tags([2007]))
    assert good.success
    raw_checks = {
        e.asset_check_key.asset_key.path[1]: e.passed
        for e in good.get_asset_check_evaluations()
        if e.asset_check_key.name == INPUT_CHECK
    }
    assert raw_checks == dict.fromkeys(staging.RAW_SOURCES, True)

    reports = data / "reporting" / "2007" / "rapporter.csv"
    reports.write_text(reports.read_text(encoding="utf-8").replace(",ja,", ",kanskje,", 1), encoding="utf-8")
    bad = job.execute_in_process(instance=instance, raise_on_error=False, tags=all_years_tags([2007]))
    assert not bad.success
    found = {
        e.asset_check_key.asset_key.path[1]: (e.passed, e.metadata["errors"].value)
        for e in bad.get_asset_check_evaluations()
        if e.asset_check_key.name == INPUT_CHECK
    }
    # both loading steps ran: the register's tables passed, 2007's reports did not
    assert found == {**dict.fromkeys(staging.RAW_SOURCES, (True, 0)), "rapporter": (False, 1)}
    failed = next(
        e for e in bad.get_asset_check_evaluations() if e.asset_check_key.asset_key.path[1] == "rapporter"
    )
    assert failed.metadata["examples"].value.startswith("reporting/2007/rapporter.csv: line ")
    history = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey(["raw", "rapporter"]), INPUT_CHECK), limit=10
    )
    assert [record.status.value for record in history] == ["FAILED", "SUCCEEDED"]  # newest first

    # The failure sensor's line for that run.
    failure = bad.get_run_failure_event()
    run = instance.get_run_by_id(bad.run_id)
    assert run is not None
    context = dg.build_run_status_sensor_context(
        sensor_name="failed_run_alert", dagster_event=failure, dagster_instance=instance, dagster_run=run
    ).for_run_failure()
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("grant_eval")
    logger.addHandler(handler)
    try:
        alerts.failed_run_alert(context)
    finally:
        logger.removeHandler(handler)
    warehouse = run.tags["grant-eval/warehouse"]
    assert lines == [
        f"grant-eval run {bad.run_id} failed (warehouse {warehouse}): step load_reporting failed: "
        f"1 input error(s); nothing was written: {failed.metadata['examples'].value}; nothing was published"
    ]

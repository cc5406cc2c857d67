"""Runs launched the way the Dagster UI launches them (the code location's own definitions, the
job run with its configured resources) go through the same door as `grant-eval run`: lock,
build, and publication only when the whole run succeeded."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.resources import FORCE_TAG
from pipelines.marts import checks as mart_checks
from pipelines.marts.catalog import MARTS
from pipelines.run import all_years_tags
from tests.conftest import Built
from tests.helpers import GRANT_EVAL, paths, tree

pytestmark = pytest.mark.slow


def ui_run(
    data: Path,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    instance: dg.DagsterInstance | None = None,
    force: bool = False,
    selection: list[dg.AssetKey] | None = None,
) -> dg.ExecuteInProcessResult:
    """Materialise every asset from the code location, as "Materialize all" in the UI does (or
    the `selection`, as «Materialize selected»); `force`: with the tag that makes it do the
    work even when nothing changed."""
    monkeypatch.setenv("GRANT_EVAL_DATA_DIR", str(data))
    monkeypatch.setenv("GRANT_EVAL_WAREHOUSE", str(out / "warehouse.duckdb"))
    monkeypatch.setenv("GRANT_EVAL_REPORTS_DIR", str(out / "site"))
    from pipelines.definitions import defs

    job = defs().resolve_implicit_global_asset_job_def()
    return job.execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        tags={**all_years_tags([2007]), **({FORCE_TAG: "true"} if force else {})},
        asset_selection=selection,
    )


def build_id(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT build_id FROM meta.build_info").fetchall()[0][0]


def test_a_ui_run_publishes_only_when_it_succeeds(
    fixture_build: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    instance = dg.DagsterInstance.ephemeral()
    result = ui_run(fixture_build.data_dir, out, monkeypatch, instance)
    assert result.success
    # tagged with what it wrote and read, as a command-line run is
    recorded = instance.get_run_by_id(result.run_id)
    assert recorded is not None
    assert recorded.tags["grant-eval/warehouse"] == str(out.resolve() / "warehouse.duckdb")
    assert recorded.tags["grant-eval/data-dir"] == str(fixture_build.data_dir.resolve())
    first = build_id(out / "warehouse.duckdb")
    with duckdb.connect() as con:  # a Parquet copy of every mart beside the warehouse
        copied = con.execute(
            f"SELECT * FROM '{out / 'marts' / 'goal_attainment.parquet'}' ORDER BY ALL"
        ).fetchall()
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert copied == con.execute("SELECT * FROM marts.goal_attainment ORDER BY ALL").fetchall()
        assert (
            len(list((out / "marts").glob("*.parquet")))
            == con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall()[0][
                0
            ]
        )
    before = (hashlib.sha256((out / "warehouse.duckdb").read_bytes()).hexdigest(), tree(out / "site"))

    # A run whose marts step fails (a blocking check) publishes nothing.
    failing = [
        mart_checks.Check(c.name, c.description, lambda con, spec: ["broken"])
        if c.name == "table_rules"
        else c
        for c in mart_checks.GENERAL
    ]
    monkeypatch.setattr(mart_checks, "GENERAL", failing)
    assert not ui_run(fixture_build.data_dir, out, monkeypatch).success
    after = (hashlib.sha256((out / "warehouse.duckdb").read_bytes()).hexdigest(), tree(out / "site"))
    assert after == before
    store = out / ".warehouse.duckdb.builds"
    assert not [p.name for p in store.iterdir() if p.name.endswith(".building")]
    monkeypatch.undo()

    # An analyst keeps a connection open; the next run (forced: the files are the same) succeeds
    # and the analyst keeps reading the build it opened.
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as analyst:
        assert ui_run(fixture_build.data_dir, out, monkeypatch, force=True).success
        assert analyst.execute("SELECT build_id FROM meta.build_info").fetchall() == [(first,)]
    assert build_id(out / "warehouse.duckdb") != first


def test_a_ui_run_and_a_command_line_run_at_once(
    fresh_home: Path, fixture_build: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    """The UI run waits for the command-line run's lock, says so, and then builds on what that
    run published: both publish, one after the other, and nothing is lost. (The UI run is forced:
    without changes of its own it would find nothing to do, as the next test shows.)"""
    out = tmp_path / "out"
    env = {**os.environ, "DAGSTER_HOME": str(fresh_home), "GRANT_EVAL_LOCK_WAIT": "300"}
    cli = subprocess.Popen(
        [GRANT_EVAL, "run", "-q", *paths(fixture_build.data_dir, out)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    store = out / ".warehouse.duckdb.builds"
    deadline = time.monotonic() + 120
    while not (store.is_dir() and any(p.name.endswith(".building") for p in store.iterdir())):
        assert time.monotonic() < deadline and cli.poll() is None, "the command-line run never started"
        time.sleep(0.05)
    logger = logging.getLogger("grant_eval")  # the command line's logger does not propagate
    logger.addHandler(caplog.handler)
    try:
        assert ui_run(fixture_build.data_dir, out, monkeypatch, force=True).success
    finally:
        logger.removeHandler(caplog.handler)
    assert cli.wait(timeout=300) == 0, cli.stderr.read() if cli.stderr else ""
    assert "another grant-eval run is writing" in caplog.text and "waiting" in caplog.text
    builds = sorted(p.name for p in store.iterdir() if p.is_dir() and not p.is_symlink())
    assert len(builds) == 2  # both published: the current one and the one before it
    assert build_id(out / "warehouse.duckdb") == max(builds)
    assert not [p.name for p in store.iterdir() if p.name.endswith(".building")]


def test_an_edited_input_shows_as_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run observes the input files (data version: their SHA-256) before loading them;
    observing again after an edit marks exactly the tables loaded from the edited files as
    stale, as the UI shows them («has a new dependency data version»)."""

    from dagster._core.definitions.data_version import CachingStaleStatusResolver, StaleStatus
    from dagster._core.loader import LoadingContextForTest

    from tests import fixtures as fx

    data = fx.make_data_dir(tmp_path / "data")
    fx.copy_year(data, 2008)
    out = tmp_path / "out"
    monkeypatch.setenv("GRANT_EVAL_DATA_DIR", str(data))
    monkeypatch.setenv("GRANT_EVAL_WAREHOUSE", str(out / "warehouse.duckdb"))
    monkeypatch.setenv("GRANT_EVAL_REPORTS_DIR", str(out / "site"))
    from pipelines.definitions import defs

    definitions = defs()
    instance = dg.DagsterInstance.ephemeral()
    job = definitions.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(
        instance=instance, raise_on_error=False, tags=all_years_tags([2007, 2008])
    )
    assert result.success
    observed = {e.asset_key.path[-1] for e in result.all_events if e.event_type_value == "ASSET_OBSERVATION"}
    assert {"units", "grants", "reporting"} <= observed
    measures = next(
        m
        for m in result.asset_materializations_for_node("load_reporting")
        if m.asset_key == dg.AssetKey(["staging", "tiltak"])
    )
    assert measures.metadata["rows_by_year"].value == {"2007": 3, "2008": 3}  # each partition's rows

    def status(key: list[str], partition: str | None = None) -> StaleStatus:
        resolver = CachingStaleStatusResolver(
            instance, definitions.resolve_asset_graph(), LoadingContextForTest(instance)
        )
        return resolver.get_status(dg.AssetKey(key), partition)

    assert status(["raw", "units"]) == StaleStatus.FRESH
    assert status(["raw", "tiltak"], "2007") == StaleStatus.FRESH
    assert status(["staging", "tiltak"], "2008") == StaleStatus.FRESH
    units = data / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("Bergen", "Bergen kommune"), encoding="utf-8")
    measures = data / "reporting" / "2007" / "tiltak.csv"
    measures.write_text(
        measures.read_text(encoding="utf-8").replace("Leksehjelp", "Lekser"), encoding="utf-8"
    )
    # what «Observe sources» and the observe_inputs schedule run
    assert definitions.resolve_job_def("observe_inputs").execute_in_process(instance=instance).success
    assert status(["raw", "units"]) == StaleStatus.STALE
    assert status(["raw", "grants"]) == StaleStatus.FRESH
    assert status(["raw", "tiltak"], "2007") == StaleStatus.STALE
    assert status(["raw", "tiltak"], "2008") == StaleStatus.FRESH
    # every year's reports are checked against the units: reloaded when they change
    assert status(["staging", "tiltak"], "2008") == StaleStatus.STALE


def test_a_ui_run_with_nothing_changed_repeats_no_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Materialize all» again on the same files with the same code: the run succeeds, says that
    nothing changed, loads no file, computes no mart, renders no site, checks the tables as
    published, and leaves the published build as it was. After an edit, the next run does the
    work again and publishes."""
    from tests import fixtures as fx

    data = fx.make_data_dir(tmp_path / "data")
    out = tmp_path / "out"
    instance = dg.DagsterInstance.ephemeral()
    initial = ui_run(data, out, monkeypatch, instance)
    assert initial.success
    first = build_id(out / "warehouse.duckdb")
    before = (hashlib.sha256((out / "warehouse.duckdb").read_bytes()).hexdigest(), tree(out / "site"))

    again = ui_run(data, out, monkeypatch, instance)
    assert again.success
    assert (hashlib.sha256((out / "warehouse.duckdb").read_bytes()).hexdigest(), tree(out / "site")) == before
    recorded = instance.get_run_by_id(again.run_id)
    assert recorded is not None and recorded.tags["grant-eval/unchanged-since"] == first
    messages = [e.user_message for e in instance.all_logs(again.run_id)]
    said = f"Nothing changed since build {first} (same input files, same code)"
    assert sum(said in m for m in messages) == 5  # both loading steps, the marts, the site, the publisher
    assert not [m for m in messages if m.startswith("reading ")]  # no file was read
    # every check ran again, on the tables as published, with the same outcome
    assert [(e.asset_check_key, e.passed) for e in again.get_asset_check_evaluations()] == [
        (e.asset_check_key, e.passed) for e in initial.get_asset_check_evaluations()
    ]
    site = [
        m for m in again.get_asset_materialization_events() if m.asset_key == dg.AssetKey(["report", "site"])
    ]
    assert [m.materialization.metadata["unchanged_since"].value for m in site] == [first]

    # «Materialize selected» on the marts alone: it publishes a new build with the site as
    # published (not an empty one), and the build is still a full build of these files, so the
    # next whole run again finds nothing changed.
    marts = [dg.AssetKey(["marts", spec.name]) for spec in MARTS]
    assert ui_run(data, out, monkeypatch, instance, selection=marts).success
    second = build_id(out / "warehouse.duckdb")
    assert second != first
    assert {p: h for p, h in tree(out / "site").items() if p != ".grant-eval-site"} == {
        p: h for p, h in before[1].items() if p != ".grant-eval-site"
    }
    recorded = instance.get_run_by_id(ui_run(data, out, monkeypatch, instance).run_id)
    assert recorded is not None and recorded.tags["grant-eval/unchanged-since"] == second

    units = data / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("Bergen", "Bergen kommune"), encoding="utf-8")
    edited = ui_run(data, out, monkeypatch, instance)
    assert edited.success
    recorded = instance.get_run_by_id(edited.run_id)
    assert recorded is not None and "grant-eval/unchanged-since" not in recorded.tags
    assert build_id(out / "warehouse.duckdb") != first
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT navn FROM staging.units WHERE enhet_id = '1201'").fetchall() == [
            ("Bergen kommune",)
        ]

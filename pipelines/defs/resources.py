"""The Dagster resources, configured in one place from the run's Settings
(pipelines/settings.py: command line, environment, defaults).

`Warehouse` is the one door every run writes through, whether `grant-eval run`, the Dagster
UI, a schedule or a sensor launched it: the run takes the warehouse's lock, builds into a new
build folder (pipelines/warehouse/files.py), and publishes the warehouse and the site together
only when every step and every blocking check of the run succeeded.
"""

# No `from __future__ import annotations`: Dagster reads the plan's ResourceDependency annotation
# at runtime.
import contextlib
import datetime as dt
import logging
import os
import socket
from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.contract import CONTRACT_VERSION
from pipelines.defs.progress import tell
from pipelines.ingest.unit_history import history_version
from pipelines.settings import Settings
from pipelines.warehouse import files, staging
from pipelines.warehouse.database import CONNECTION_CONFIG, STORAGE_VERSION
from pipelines.warehouse.fingerprint import nothing_changed, published_build, unchanged_build
from pipelines.warehouse.plan import InputChanged, ReadFile, RunPlan, plan_run
from pipelines.warehouse.write import write_build_info, write_parquet_copies

# The Dagster concurrency pool of every step that writes the warehouse: the UI shows it, and the
# default dagster.yaml (pipelines/defs/instance.py) queues a second UI run until the first ends.
# The lock the warehouse resource takes is what guarantees one writer, from every door.
WAREHOUSE_POOL = "grant_eval_warehouse"
# Tags of a run's partition range (a run over several year folders at once).
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


class DataDirectory(dg.ConfigurableResource):
    """The data directory a run reads. Which reporting years it loads is its partitions."""

    data_dir: str


# Run tags naming what a run writes and reads.
WAREHOUSE_TAG = "grant-eval/warehouse"
DATA_DIR_TAG = "grant-eval/data-dir"
# Set by `grant-eval run`: "true" when the run leaves the warehouse as a full build of the data
# directory would be, so its build may claim the input fingerprint (a rerun with the same one
# does nothing); "false" for a run that leaves a change unloaded (another year's, under --year).
COMPLETE_TAG = "grant-eval/complete"
# Set by `grant-eval run --force` (or by hand in the UI's launchpad): do the work even when
# nothing changed since the published build.
FORCE_TAG = "grant-eval/force"
# Set on a run that found nothing changed since the published build (its id): it skips the
# loading, the marts and the site, runs the checks on the published tables, and publishes nothing.
UNCHANGED_TAG = "grant-eval/unchanged-since"
# Set on a run that published its build (its id): a failure in the publication, which Dagster
# reports only as a failed teardown of the run's resources, leaves the run without it.
PUBLISHED_TAG = "grant-eval/published"


class Warehouse(dg.ConfigurableResource):
    """The warehouse and report site a run builds, and publishes when the run succeeded."""

    path: str  # the published warehouse (a link to the current build)
    reports_dir: str  # the published report site (a link to the current build's site)
    data_dir: str
    # The command line's plan of its run (targets checked, files hashed); None from the UI,
    # where the run makes its own when it starts.
    plan: dg.ResourceDependency[RunPlan | None] = None  # type: ignore[assignment]

    _stack: contextlib.ExitStack | None = PrivateAttr(default=None)
    _plan: RunPlan | None = PrivateAttr(default=None)
    _build: files.Build | None = PrivateAttr(default=None)
    _unchanged_since: str | None = PrivateAttr(default=None)
    _from_full_build: bool = PrivateAttr(default=False)
    _checks_only: bool = PrivateAttr(default=False)

    @property
    def run_plan(self) -> RunPlan:
        """The run's plan: its targets at their real paths, its files and their hashes."""
        if self._plan is None:
            raise RuntimeError("the warehouse is used outside a run")
        return self._plan

    @property
    def store(self) -> files.Store:
        return self.run_plan.store

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._plan = self.plan or plan_run(Path(self.data_dir), Path(self.path), Path(self.reports_dir))
        self._tag_run(context)
        if _checks_only(context):
            # The Checks tab's «Execute»: the checks read the published build as it is (read-only,
            # as an analyst does), so the run needs no lock and builds and publishes nothing.
            if self.store.published_warehouse() is None:
                raise RuntimeError(
                    f"nothing is published at {self.store.warehouse} yet: there is nothing to check"
                )
            self._checks_only = True
            _run_log(context).info(
                f"checks only: evaluating them on the published build {self.store.warehouse}"
            )
            return
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(
                files.exclusive_run(
                    self.store.warehouse,
                    _holder(context),
                    say=lambda m: tell(context.instance, _run_log(context), m, logging.WARNING),
                )
            )
            # From a copy of what is published: a run of some assets or years keeps the rest.
            self._build = stack.enter_context(files.building(self.store, keep_existing=True))
            # A build copied from a full build of these very files stays one, whatever part of
            # the graph this run recomputes from them (the marts alone, say).
            published = published_build(self.store.warehouse)
            current = self.run_plan.fingerprints.input
            self._from_full_build = published is not None and published.fingerprints.input == current != ""
            # Under the lock: a run of every input that the published build was made from, file
            # for file and with this code, has nothing to load or compute (as `grant-eval run`).
            forced = context.run is not None and context.run.tags.get(FORCE_TAG) == "true"
            if self._complete(context) and not forced:
                self._unchanged_since = unchanged_build(self.store.reports_dir, published, current)
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        if self._unchanged_since is not None and context.instance is not None and context.run:
            context.instance.add_run_tags(context.run.run_id, {UNCHANGED_TAG: self._unchanged_since})

    def _tag_run(self, context: dg.InitResourceContext) -> None:
        """Tag the run with the warehouse and data directory it writes and reads, from whichever
        door it came (the command line sets them already), so that the history of runs against
        another warehouse is told apart in the UI."""
        run = context.run
        if context.instance is None or run is None:
            return
        tags = {
            WAREHOUSE_TAG: str(self.store.warehouse),
            DATA_DIR_TAG: str(Path(self.data_dir).resolve()),
        }
        missing = {k: v for k, v in tags.items() if k not in run.tags}
        if missing:
            context.instance.add_run_tags(run.run_id, missing)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._checks_only:
            _run_log(context).info("checks only: nothing was published")
            return
        stack, build = self._stack, self._build
        self._stack = self._build = None
        if stack is None or build is None:
            return
        with stack:  # the lock is released and an unpublished build removed, whatever happens
            if _run_failed(context):
                context.log.warning("the run failed: nothing was published")  # type: ignore[union-attr]
                return
            if _materialised_nothing(context):  # checks alone
                _run_log(context).info("no asset was materialised: nothing was published")
                return
            if self._unchanged_since is not None:
                context.log.info(  # type: ignore[union-attr]
                    f"{nothing_changed(self._unchanged_since)}: nothing new was published"
                )
                return
            with duckdb.connect(str(build.warehouse), config=dict(CONNECTION_CONFIG)) as con:
                write_build_info(con, self._build_info(context, build))
                write_parquet_copies(con, build.marts)
            files.publish(self.store, build)
            if context.instance is not None and context.run is not None:
                context.instance.add_run_tags(context.run.run_id, {PUBLISHED_TAG: build.build_id})
            context.log.info(f"published build {build.build_id}: {self.path}, {self.reports_dir}")  # type: ignore[union-attr]

    def _build_info(self, context: dg.InitResourceContext, build: files.Build) -> dict[str, str]:
        tags = context.run.tags if context.run else {}
        years = (
            f"{tags[RANGE_START]}–{tags[RANGE_END]}"
            if RANGE_START in tags
            else tags.get("dagster/partition", "")
        )
        try:
            code_version = version("grant-eval")
        except PackageNotFoundError:  # run from a checkout that is not installed
            code_version = "unknown"
        return {
            "build_id": build.build_id,
            "contract_version": CONTRACT_VERSION,
            "code_version": code_version,
            "storage_version": STORAGE_VERSION,
            "run_id": context.run.run_id if context.run else "",
            "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "data_dir": str(Path(self.data_dir).resolve()),
            "years_loaded": years,
            # Only a build equal to a full build of these files may say it was made from them.
            "input_fingerprint": (
                self.run_plan.fingerprints.input if self._complete(context) or self._from_full_build else ""
            ),
            "register_fingerprint": self.run_plan.fingerprints.register,
            "unit_history": history_version(Path(self.data_dir)),
        }

    def _complete(self, context: dg.InitResourceContext) -> bool:
        """Whether this run loaded every input: the command line says so in a tag; a run from
        the UI did when it selected every raw table over every year folder."""
        run = context.run
        if run is None:
            return False
        if COMPLETE_TAG in run.tags:
            return run.tags[COMPLETE_TAG] == "true"
        selected = run.asset_selection
        raw = {dg.AssetKey(["raw", source]) for source in staging.RAW_SOURCES}
        if selected and not raw <= set(selected):  # none or empty: the whole job, every asset
            return False
        if RANGE_START in run.tags:
            chosen = set(range(int(run.tags[RANGE_START]), int(run.tags[RANGE_END]) + 1))
        elif "dagster/partition" in run.tags:
            chosen = {int(run.tags["dagster/partition"])}
        else:
            return False
        return set(self.run_plan.years) <= chosen

    def check_read(self, read: Iterable[ReadFile]) -> None:
        """Fail the step when a file a load read is not as the run's plan hashed it: the build
        would record hashes of bytes it did not read."""
        try:
            self.run_plan.check_read(read)
        except InputChanged as exc:
            raise dg.Failure(description=str(exc)) from exc

    def _current(self) -> files.Build:
        if self._build is None:
            raise RuntimeError("the warehouse is used outside a run")
        return self._build

    @property
    def unchanged_since(self) -> str | None:
        """The published build this run would only repeat (same input files, same code), or None."""
        return self._unchanged_since

    @contextlib.contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to this run's build of the warehouse, closed after use (to the published
        warehouse, read-only, in a run of checks alone)."""
        if self._checks_only:
            with duckdb.connect(str(files.published_path(Path(self.path))), read_only=True) as con:
                yield con
            return
        with duckdb.connect(str(self._current().warehouse), config=dict(CONNECTION_CONFIG)) as con:
            yield con

    @property
    def site(self) -> Path:
        """This run's build of the report site (a folder to create)."""
        return self._current().site


def _checks_only(context: dg.InitResourceContext) -> bool:
    """A run of asset checks alone, as the UI's «Execute» records it: checks and no asset. (A
    subset run in code records neither; teardown then still publishes nothing, as no asset was
    materialised.)"""
    run = context.run
    return run is not None and bool(run.asset_check_selection) and not run.asset_selection


def _materialised_nothing(context: dg.InitResourceContext) -> bool:
    if context.instance is None or context.run is None:
        return True
    records = context.instance.get_records_for_run(
        context.run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION, limit=1
    )
    return not records.records


def _holder(context: dg.InitResourceContext) -> str:
    """Who this run is, for a run that waits for its lock to name."""
    run_id = context.run.run_id if context.run else "none"
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return f"run {run_id}, pid {os.getpid()} on {socket.gethostname()}, since {started}"


def _run_log(context: dg.InitResourceContext) -> dg.DagsterLogManager:
    if context.log is None:  # only outside a run
        raise RuntimeError("the warehouse is used outside a run")
    return context.log


def _run_failed(context: dg.InitResourceContext) -> bool:
    """A step of the run failed (a blocking check's failure fails its step)."""
    if context.instance is None or context.run is None:
        return True
    failures = context.instance.get_records_for_run(
        context.run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE, limit=1
    )
    return bool(failures.records)


def build_resources(settings: Settings, plan: RunPlan | None = None) -> dict[str, object]:
    """The resources of a run over these paths (with the command line's plan of it)."""
    return {
        "warehouse": Warehouse(
            path=str(settings.warehouse),
            reports_dir=str(settings.reports_dir),
            data_dir=str(settings.data_dir),
            **({"plan": plan} if plan is not None else {}),  # an explicit None is refused
        ),
        "data_directory": DataDirectory(data_dir=str(settings.data_dir)),
    }

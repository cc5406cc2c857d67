"""One run of the pipeline: materialise the Dagster assets into a new build of the warehouse
and the report site, and publish the pair in one atomic step only when every step (and every
blocking check) succeeded (pipelines/warehouse/files.py). A failed run leaves the last good
warehouse and report exactly as they were."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.defs import partitions
from pipelines.defs.assets.ingest import INPUT_ERROR_TAG
from pipelines.defs.instance import dagster_instance
from pipelines.defs.resources import (
    COMPLETE_TAG,
    DATA_DIR_TAG,
    FORCE_TAG,
    PUBLISHED_TAG,
    UNCHANGED_TAG,
    WAREHOUSE_TAG,
)
from pipelines.ingest.errors import ErrorLog, InvalidInput, report_lines
from pipelines.ingest.read import OUTSIDE_YEARS, check_years, load_inputs, require_data_dir
from pipelines.settings import Settings
from pipelines.warehouse.files import out_of_space
from pipelines.warehouse.plan import RunPlan, changes_since_published, what_to_reload
from pipelines.warehouse.staging import YEARLY_SOURCES

log = logging.getLogger("grant_eval")

QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


class RunFailed(Exception):
    def __init__(self, message: str, invalid_input: bool = False, usage: bool = False):
        super().__init__(message)
        self.message = message
        self.invalid_input = invalid_input
        self.usage = usage  # the paths given are unsafe: wrong usage, nothing was done


@dataclass
class Outcome:
    build_id: str  # the published build
    unchanged: bool = False  # the run found nothing changed since it, and published nothing new


def mark_dead_runs_failed(instance: dg.DagsterInstance, warehouse: Path) -> None:
    """Runs of this warehouse left STARTED by a grant-eval process that no longer exists (it was
    killed) are marked failed, so the run history says what happened."""
    records = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED], tags={WAREHOUSE_TAG: str(warehouse)})
    )
    for run in records:
        pid = run.tags.get("grant-eval/pid", "")
        if pid.isdigit() and not _alive(int(pid)):
            instance.report_run_failed(run, "the grant-eval process running it was killed")
            log.warning(f"run {run.run_id} had been killed; marked as failed in the run history")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def all_years_tags(years: list[int]) -> dict[str, str]:
    """Run tags that give the reporting step every year partition in one run."""
    keys = [str(y) for y in years]
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}


def find_run_years(settings: Settings) -> list[int]:
    """The years a run loads; InvalidInput when they cannot be had.

    When the year folders are wrong, the register is read too, so that the user sees every
    error at once rather than the layout's alone.
    """
    require_data_dir(settings.data_dir)
    errors = ErrorLog()
    years = check_years(settings.data_dir, settings.years or None, errors)
    if errors:
        try:
            load_inputs(settings.data_dir, parts=(OUTSIDE_YEARS,), progress=lambda _m: None)
        except InvalidInput as exc:
            errors.extend(exc.errors)
    errors.raise_if_any()
    return years


def run_pipeline(settings: Settings, plan: RunPlan, everything: bool = False) -> Outcome:
    """Materialise the asset graph through the one safe door (the Warehouse resource), from the
    run's plan (its targets and its files, hashed once): every year in one run, or each run of
    consecutive chosen years in a run of its own, each with everything downstream, each
    published only if it succeeded.

    When the registers and the code are as the published build had them (and not
    `everything`), only the chosen years, or else the year folders whose files changed, are
    loaded, with what depends on them: the build starts from a copy of what is published."""
    store = plan.store
    settings = replace(settings, warehouse=store.warehouse, reports_dir=store.reports_dir)
    try:
        years = find_run_years(settings)
    except InvalidInput as exc:
        raise RunFailed(exc.report(), invalid_input=True) from exc
    reload = what_to_reload(changes_since_published(plan), years, settings.years, everything)
    if reload.years_only and not settings.years:
        log.info(f"reporting years changed since the published build: {', '.join(map(str, reload.years))}")
    years = reload.years
    ranges = consecutive(years)
    if len(ranges) > 1:
        # Runs one after another publish one after another: check every year first, so that
        # an error in a later one does not leave the earlier ones published.
        try:
            load_inputs(settings.data_dir, years, progress=lambda _m: None)
        except InvalidInput as exc:
            raise RunFailed(exc.report(), invalid_input=True) from exc
    if settings.years and store.published_warehouse() is None:
        log.warning(
            f"{settings.warehouse} does not exist yet: only years "
            f"{', '.join(map(str, settings.years))} will be in it"
        )
    partition_years = plan.years if settings.years or reload.years_only else years
    defs = build_definitions(settings, years=partition_years, plan=plan)
    job = defs.resolve_implicit_global_asset_job_def()
    selection = _reporting_and_downstream(defs) if reload.years_only else None
    log.info(f"run started: data {settings.data_dir}, reporting years {', '.join(map(str, years))}")
    warehouse = store.warehouse  # the published path (its folders resolved), not a build behind it
    tags = {
        DATA_DIR_TAG: str(settings.data_dir.resolve()),
        WAREHOUSE_TAG: str(warehouse),
        "grant-eval/pid": str(os.getpid()),
        **({FORCE_TAG: "true"} if everything else {}),
    }
    with dagster_instance() as instance:
        mark_dead_runs_failed(instance, warehouse)
        partitions.add_years(instance, partition_years)
        for first, last in ranges:
            last_run = (first, last) == ranges[-1]  # only the last of several runs has loaded it all
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config=QUIET,
                tags={
                    **tags,
                    **all_years_tags([first, last]),
                    COMPLETE_TAG: str(reload.complete and last_run).lower(),
                },
                asset_selection=selection,
            )
            if not result.success:
                raise _failure([result])
            recorded = instance.get_run_by_id(result.run_id)
            run_tags = recorded.tags if recorded is not None else {}
            if UNCHANGED_TAG not in run_tags and PUBLISHED_TAG not in run_tags:
                # Dagster counts a run whose resource failed in its teardown (the publication:
                # a full disk, say) a success; it published nothing
                raise _teardown_failure(result)
        unchanged = UNCHANGED_TAG in run_tags
    build = store.current_build()
    if build is None:
        raise RunFailed("grant-eval: the run succeeded but published nothing")
    return Outcome(build.name, unchanged)


def _failed_check_examples(results: list[dg.ExecuteInProcessResult]) -> str:
    """What each failed blocking check found, as its metadata gives examples."""
    lines = []
    for result in results:
        for evaluation in result.get_asset_check_evaluations():
            if evaluation.passed or evaluation.severity != dg.AssetCheckSeverity.ERROR:
                continue
            examples = evaluation.metadata.get("examples")
            if examples is not None:
                key = evaluation.asset_check_key
                lines.append(f"  {key.asset_key.to_user_string()}: {key.name}: {examples.value}")
    return ("\n" + "\n".join(lines)) if lines else ""


def consecutive(years: list[int]) -> list[tuple[int, int]]:
    """[2006, 2007, 2009] -> [(2006, 2007), (2009, 2009)]: partition ranges a run can take."""
    ranges: list[tuple[int, int]] = []
    for year in sorted(years):
        if ranges and year == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], year)
        else:
            ranges.append((year, year))
    return ranges


def _reporting_and_downstream(defs: dg.Definitions) -> list[dg.AssetKey]:
    """The year folders' assets and what depends on them: the registers are not reloaded."""
    reporting = [dg.AssetKey(["source", "reporting"]), *(dg.AssetKey(["raw", t]) for t in YEARLY_SOURCES)]
    log.info("registers and code unchanged since the published build: reloading only those years")
    return sorted(dg.AssetSelection.assets(*reporting).downstream().resolve(defs.resolve_asset_graph()))


def _teardown_failure(result: dg.ExecuteInProcessResult) -> RunFailed:
    """The error of a run whose steps succeeded but whose build was not published."""
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None)
        while error is not None and error.cause is not None:
            error = error.cause
        if event.event_type_value == "ENGINE_EVENT" and error is not None:
            message = error.message.strip().removeprefix(f"{error.cls_name}: ")
            return RunFailed(
                out_of_space(error.message)
                or f"grant-eval: the build could not be published: {error.cls_name}: {message}\n"
                "The warehouse and report were left as they were."
            )
    return RunFailed("grant-eval: the run succeeded but published nothing")


def _failure(results: list[dg.ExecuteInProcessResult]) -> RunFailed:
    """Turn failed Dagster runs into the message a user needs."""
    events = [e for result in results for e in result.get_step_failure_events()]
    input_errors: list[str] = []
    for event in events:
        data = event.step_failure_data.user_failure_data
        if data is not None and INPUT_ERROR_TAG in data.metadata:
            listed = str(data.metadata["errors"].value)
            input_errors += [e for e in listed.splitlines() if e not in input_errors]
    if input_errors:  # every step's input errors, as one list
        return RunFailed(report_lines(input_errors), invalid_input=True)
    for event in events:
        failure = event.step_failure_data.user_failure_data
        if failure is not None and failure.description:
            return RunFailed("grant-eval: " + failure.description)
    for event in events:
        error = event.step_failure_data.error
        if error is not None:
            while error.cause is not None:  # the user-code error Dagster wrapped
                error = error.cause
            full_disk = out_of_space(error.message)
            if full_disk is not None:
                return RunFailed(full_disk)
            message = error.message.strip().removeprefix(f"{error.cls_name}: ")
            message = message.split(": ", 1)[-1] if message.startswith(("dagster.", "_duckdb.")) else message
            what = (
                "a blocking check failed"
                if error.cls_name == "DagsterAssetCheckFailedError"
                else f"step {event.step_key} failed: {error.cls_name}"
            )
            found = (
                _failed_check_examples(results) if error.cls_name == "DagsterAssetCheckFailedError" else ""
            )
            return RunFailed(
                f"grant-eval: {what}: {message}{found}\nThe warehouse and report were left as they were."
            )
    for result in results:  # a failure outside the steps: the warehouse could not be opened
        run_failure = result.get_run_failure_event()
        error = getattr(run_failure.event_specific_data, "error", None)
        while error is not None and error.cause is not None:
            error = error.cause
        if error is not None:
            message = error.message.strip().removeprefix(f"{error.cls_name}: ")
            return RunFailed(
                out_of_space(error.message)
                or f"grant-eval: {message}\nThe warehouse and report were left as they were."
            )
    return RunFailed("grant-eval: the run failed; the warehouse and report were left as they were.")

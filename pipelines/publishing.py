"""One run of the pipeline: materialise the Dagster assets into a new warehouse file and a new
report folder, and swap both into place only when every step (and every blocking check)
succeeded. A failed run leaves the last good warehouse and report exactly as they were."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines import warehouse
from pipelines.settings import Settings

log = logging.getLogger("grant_eval")

LOCK_WAIT_SECONDS = float(os.environ.get("GRANT_EVAL_LOCK_WAIT", "600"))


class RunFailed(Exception):
    def __init__(self, message: str, invalid_input: bool = False):
        super().__init__(message)
        self.message = message
        self.invalid_input = invalid_input


@dataclass
class Outcome:
    run_id: str
    report_published: bool


@contextlib.contextmanager
def exclusive_run(target: Path) -> Iterator[None]:
    """One writer at a time: a second run waits for the first, then goes on."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(target.name + ".lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning(f"another grant-eval run is writing {target}; waiting for it to finish")
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise RunFailed(
                            f"grant-eval: another run has held {lock_path} for over "
                            f"{LOCK_WAIT_SECONDS:.0f} s; nothing was written"
                        ) from None
                    time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def building_folder(target: Path) -> Iterator[Path]:
    build = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(build, ignore_errors=True)
    try:
        yield build
    finally:
        shutil.rmtree(build, ignore_errors=True)


def publish_folder(build: Path, target: Path) -> None:
    """Put a finished folder in place: two renames in the same parent folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(build, target)
    shutil.rmtree(old, ignore_errors=True)


def ensure_dagster_home(home: Path) -> None:
    """Runs and check results persist here, so `dagster dev` shows the command-line runs."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")


def all_years_tags(years: list[int]) -> dict[str, str]:
    """Run tags that give the reporting step every year partition in one run."""
    keys = [str(y) for y in years]
    return {"dagster/asset_partition_range_start": keys[0],
            "dagster/asset_partition_range_end": keys[-1]}


def _preflight(settings: Settings) -> list[int]:
    """The years a run loads; InvalidInput when they cannot be had.

    A run of chosen years validates all inputs first, so that its errors are reported together
    even though the years are then loaded in runs of their own.
    """
    from pipelines.ingest import InvalidInput, load_inputs
    from pipelines.ingest.errors import ErrorLog
    from pipelines.ingest.inputs import REGISTER, REPORTING, check_years

    errors = ErrorLog()
    if not settings.data_dir.is_dir():
        errors.add(str(settings.data_dir), "", "", "", "the data directory does not exist")
        errors.raise_if_any()
    years = check_years(settings.data_dir, settings.years or None, errors)
    if settings.years or errors:
        # Chosen years, or years that cannot be had: read everything now, so the user sees
        # every error at once rather than the first step's.
        parts = (REGISTER, REPORTING) if settings.years else (REGISTER,)
        try:
            load_inputs(settings.data_dir, settings.years or None, progress=lambda _m: None,
                        parts=parts)
        except InvalidInput as exc:
            errors.errors.extend(e for e in exc.errors if e not in errors.errors)
    errors.raise_if_any()
    return years


def run_pipeline(settings: Settings) -> Outcome:
    import dagster as dg

    from pipelines.assets.ingest import REPORTING_KEYS
    from pipelines.definitions import build_definitions
    from pipelines.ingest import InvalidInput
    from pipelines.resources import build_resources

    try:
        years = _preflight(settings)
    except InvalidInput as exc:
        raise RunFailed(exc.report(), invalid_input=True) from exc
    with exclusive_run(settings.warehouse), \
            warehouse.building(settings.warehouse, keep_existing=bool(settings.years)) as build_db, \
            building_folder(settings.reports_dir) as build_site:
        if settings.years and not settings.warehouse.exists():
            log.warning(f"{settings.warehouse} does not exist yet: only years "
                        f"{', '.join(map(str, settings.years))} will be in it")
        defs = build_definitions(settings, **build_resources(settings, build_db, build_site))
        job = defs.resolve_implicit_global_asset_job_def()
        home = os.environ.get("DAGSTER_HOME")
        if home:
            ensure_dagster_home(Path(home))
            instance = dg.DagsterInstance.get()
        else:
            instance = dg.DagsterInstance.ephemeral()
        log.info(f"run started: data {settings.data_dir}, reporting years "
                 f"{', '.join(map(str, years))}")
        quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
        tags = {"grant-eval/data-dir": str(settings.data_dir)}
        keys = [str(y) for y in years]
        with instance:
            if not settings.years:
                # Every year in one run: the reporting step takes the whole partition range.
                result = job.execute_in_process(
                    instance=instance, raise_on_error=False, run_config=quiet,
                    tags={**tags, **all_years_tags(years)})
            else:
                # Chosen years: one run per year partition, then one run for everything after.
                for key in keys:
                    result = job.execute_in_process(
                        instance=instance, raise_on_error=False, run_config=quiet, tags=tags,
                        partition_key=key, asset_selection=REPORTING_KEYS)
                    if not result.success:
                        raise _failure(result)
                downstream = [k for k in defs.resolve_asset_graph().get_all_asset_keys()
                              if k not in REPORTING_KEYS]
                result = job.execute_in_process(
                    instance=instance, raise_on_error=False, run_config=quiet, tags=tags,
                    asset_selection=downstream)
        if not result.success:
            raise _failure(result)
        warehouse.publish(build_db, settings.warehouse)
        published = build_site.exists()
        if published:
            publish_folder(build_site, settings.reports_dir)
        return Outcome(result.run_id, published)


def _failure(result: object) -> RunFailed:
    """Turn a failed Dagster run into the message a user needs."""
    from pipelines.assets.ingest import INPUT_ERROR_TAG
    from pipelines.ingest.errors import MAX_REPORTED_ERRORS

    events = result.get_step_failure_events()  # type: ignore[attr-defined]
    input_errors: list[str] = []
    for event in events:
        data = event.step_failure_data.user_failure_data
        if data is not None and INPUT_ERROR_TAG in data.metadata:
            input_errors += data.metadata["errors"].value.splitlines()
    if input_errors:  # every step's input errors, as one list
        lines = [f"{len(input_errors)} input error(s); nothing was written:"]
        lines += [f"  {e}" for e in input_errors[:MAX_REPORTED_ERRORS]]
        if len(input_errors) > MAX_REPORTED_ERRORS:
            lines.append(f"  ... and {len(input_errors) - MAX_REPORTED_ERRORS} more")
        return RunFailed("\n".join(lines), invalid_input=True)
    for event in events:
        data = event.step_failure_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            return RunFailed("grant-eval: " + data.user_failure_data.description)
    for event in events:
        error = event.step_failure_data.error
        if error is not None:
            while error.cause is not None:  # the user-code error Dagster wrapped
                error = error.cause
            message = error.message.strip().removeprefix(f"{error.cls_name}: ")
            message = message.split(": ", 1)[-1] if message.startswith(("dagster.", "_duckdb.")) else message
            what = "a blocking check failed" if error.cls_name == "DagsterAssetCheckFailedError" \
                else f"step {event.step_key} failed: {error.cls_name}"
            return RunFailed(f"grant-eval: {what}: {message}\n"
                             "The warehouse and report were left as they were.")
    return RunFailed("grant-eval: the run failed; the warehouse and report were left as they were.")

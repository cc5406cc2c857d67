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
from pipelines.resources import Settings

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


def run_pipeline(settings: Settings) -> Outcome:
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.resources import build_resources

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
        log.info(f"run started: data {settings.data_dir}")
        with instance:
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
                tags={"grant-eval/data-dir": str(settings.data_dir)},
            )
        if not result.success:
            raise _failure(result)
        warehouse.publish(build_db, settings.warehouse)
        published = build_site.exists()
        if published:
            publish_folder(build_site, settings.reports_dir)
        return Outcome(result.run_id, published)


def _failure(result: object) -> RunFailed:
    """Turn a failed Dagster run into the message a user needs."""
    events = result.get_step_failure_events()  # type: ignore[attr-defined]
    for event in events:
        data = event.step_failure_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            description = data.user_failure_data.description
            invalid = "input error" in description
            return RunFailed(("" if invalid else "grant-eval: ") + description, invalid)
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

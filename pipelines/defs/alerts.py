"""A line for every failed run, from the daemon: where an alert to e-mail or chat would go.

Off by default (a sensor the daemon runs once started in the UI, Automation tab). Its line is
in the sensor's tick log and on the daemon's log (`grant_eval` logger), e.g.

    grant-eval run 3f2c… failed (warehouse /srv/grant-eval/warehouse.duckdb): step load_reporting
    failed: 1 input error(s); nothing was published

README («The Dagster UI») says how to send it by e-mail or to a chat channel instead.
"""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
import logging

import dagster as dg

from pipelines.defs.resources import WAREHOUSE_TAG

log = logging.getLogger("grant_eval")


def failure_line(context: dg.RunFailureSensorContext) -> str:
    """One line: which run, which warehouse, what failed first, and that nothing was published."""
    run = context.dagster_run
    steps = context.get_step_failure_events()
    if steps:
        failure = steps[0].step_failure_data
        user = failure.user_failure_data
        error = failure.error
        text = user.description if user is not None and user.description else error.message if error else ""
        lines = [line.strip() for line in (text or "failed").strip().splitlines()]
        what = lines[0].rstrip(":") + (f": {lines[1]}" if len(lines) > 1 else "")  # e.g. the first error
        cause = f"step {steps[0].step_key} failed: {what}"
    else:
        cause = (context.failure_event.message or "the run failed").splitlines()[0]
    warehouse = run.tags.get(WAREHOUSE_TAG, "unknown")
    return f"grant-eval run {run.run_id} failed (warehouse {warehouse}): {cause}; nothing was published"


@dg.run_failure_sensor(
    name="failed_run_alert",
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Logs one line for every failed run (off by default; README: send it by e-mail or chat).",
)
def failed_run_alert(context: dg.RunFailureSensorContext) -> None:
    line = failure_line(context)
    context.log.error(line)
    log.error(line)

"""A run's progress messages, said once in each place: the run's own log (the UI) and the
`grant_eval` logger (the command line's progress). When a dagster.yaml makes `grant_eval` one of
its `managed_python_loggers` (docs/deployment.md), that logger's lines reach the run's log
already, and are not written there a second time."""

from __future__ import annotations

import logging

import dagster as dg

LOGGER = "grant_eval"
log = logging.getLogger(LOGGER)


def tell(
    instance: dg.DagsterInstance | None,
    run_log: dg.DagsterLogManager,
    message: str,
    level: int = logging.INFO,
) -> None:
    if instance is None or LOGGER not in instance.managed_python_loggers:
        run_log.log(level, message)
    log.log(level, message)

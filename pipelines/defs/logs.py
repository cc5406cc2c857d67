"""Run logs as JSON lines, for a server's log collector (docs/deployment.md).

A formatter for the `python_logs.dagster_handler_config` of a dagster.yaml: every record of a
run (Dagster's events, `context.log`, and the `grant_eval` logger when it is one of the
`managed_python_loggers`) becomes one JSON object on one line. Dagster's own JsonFileHandler
fails on records that carry metadata values (it dumps them as they are), hence this one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any


class JsonLines(logging.Formatter):
    """time, level, logger, run, job, step, event type and message of a record, as one line."""

    def format(self, record: logging.LogRecord) -> str:
        meta: dict[str, Any] = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "run_id": meta.get("run_id"),
            "job": meta.get("job_name"),
            "step": meta.get("step_key"),
            "event": event.event_type_value if event is not None else None,
            "message": meta.get("orig_message", record.getMessage()),
        }
        return json.dumps(line, ensure_ascii=False)

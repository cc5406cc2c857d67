"""The Dagster instance that records the runs: its default settings, and the storage a
`grant-eval run` writes its history with.

Dagster's SQLite storages open a new SQLAlchemy engine for every statement they run (about
1,600 a run), which was a fifth of a small run's time. A `grant-eval run` keeps one engine per
SQLite file for the length of the run instead: the same files, tables and schema, so the UI
reads the history as before. Only an instance on the default SQLite storage gets this; one
configured otherwise (PostgreSQL, docs/deployment.md) is used as configured.
"""

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import filelock
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.sql import create_engine
from dagster._serdes import ConfigurableClassData
from dagster_shared.yaml_utils import load_yaml_from_path
from sqlalchemy.engine import Connection, Engine

# A fresh DAGSTER_HOME gets this dagster.yaml. The pool keeps the UI from starting two runs
# that write the same warehouse: the second waits in the queue, shown as waiting for the pool
# (run granularity: enforced when a queued run is started, so a killed run holds no slot).
# The warehouse lock (pipelines/warehouse/files.py) is what guarantees one writer from every door.
DEFAULT_CONFIG = """\
telemetry:
  enabled: false
concurrency:
  pools:
    granularity: run
    default_limit: 1
"""
# What earlier versions wrote: replaced by the default above.
_EARLIER_DEFAULTS = ("telemetry:\n  enabled: false\n",)
_STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")
_BUSY_TIMEOUT_S = 15  # as Dagster's own SQLite storages wait for a lock


def write_default_config(home: Path) -> None:
    """Give DAGSTER_HOME the default dagster.yaml, unless the user wrote one of their own."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text(encoding="utf-8") in _EARLIER_DEFAULTS:
        config.write_text(DEFAULT_CONFIG, encoding="utf-8")


class _KeepsEngines:
    """One engine per SQLite file, kept for the storage's life."""

    _engines: dict[str, Engine] | None = None

    def _engine(self, conn_string: str) -> Engine:
        if self._engines is None:
            self._engines = {}
        if conn_string not in self._engines:
            self._engines[conn_string] = create_engine(conn_string, connect_args={"timeout": _BUSY_TIMEOUT_S})
        return self._engines[conn_string]

    def dispose(self) -> None:
        super().dispose()  # type: ignore[misc]
        for engine in (self._engines or {}).values():
            engine.dispose()
        self._engines = None


class RunHistoryEventLogStorage(_KeepsEngines, SqliteEventLogStorage):
    """Dagster's SQLite event log, with one engine per shard for the length of a run."""

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> "RunHistoryEventLogStorage":
        return cls(inst_data=inst_data, **config_value)

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(self.conn_string_for_shard(shard))
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn


class RunHistoryRunStorage(_KeepsEngines, SqliteRunStorage):
    """Dagster's SQLite run storage, with one engine for the length of a run."""

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> "RunHistoryRunStorage":
        return cls.from_local(inst_data=inst_data, **config_value)

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        with self._engine(self._conn_string).connect() as conn, conn.begin():
            yield conn


def _run_history_storage(home: Path) -> dict[str, Any]:
    """dagster.yaml settings that put the default SQLite files behind the classes above."""
    return {
        "run_storage": {
            "module": __name__,
            "class": RunHistoryRunStorage.__name__,
            "config": {"base_dir": str(home / "history")},
        },
        "event_log_storage": {
            "module": __name__,
            "class": RunHistoryEventLogStorage.__name__,
            "config": {"base_dir": str(home / "history" / "runs")},
        },
        "schedule_storage": {
            "module": "dagster._core.storage.schedules",
            "class": "SqliteScheduleStorage",
            "config": {"base_dir": str(home / "schedules")},
        },
    }


@contextlib.contextmanager
def dagster_instance() -> Iterator[dg.DagsterInstance]:
    """The instance that records the runs (DAGSTER_HOME, so `dagster dev` shows them).

    Its storage is created under a lock: runs started at once on a fresh DAGSTER_HOME would
    otherwise each create the SQLite schema and leave it broken for good.
    """
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        with dg.DagsterInstance.ephemeral() as instance:
            yield instance
        return
    folder = Path(home).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(folder / ".grant-eval-init.lock"):
        write_default_config(folder)
        config = load_yaml_from_path(str(folder / "dagster.yaml")) or {}
        if not isinstance(config, dict) or any(key in config for key in _STORAGE_KEYS):
            instance = dg.DagsterInstance.get()  # storage of the user's choosing
        else:
            ref = InstanceRef.from_dir(str(folder), overrides=_run_history_storage(folder))
            instance = dg.DagsterInstance.from_ref(ref)
        instance.get_runs(limit=1)  # creates and migrates the storage now, under the lock
    with instance:
        yield instance


if __name__ == "__main__":
    # scripts/setup.sh: a fresh clone's .dagster/, so that the README's `dagster dev` starts
    # before any run has made it (Dagster refuses a DAGSTER_HOME that is not a folder).
    import sys

    write_default_config(Path(sys.argv[1]))

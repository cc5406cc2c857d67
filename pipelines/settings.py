"""Where a run reads and writes, from the command line, the environment or the defaults.

Kept free of Dagster so that `grant-eval check` starts fast.
Defaults come from GRANT_EVAL_DATA_DIR, GRANT_EVAL_WAREHOUSE and GRANT_EVAL_REPORTS_DIR, else
the bundled sample, data/warehouse.duckdb and reports/site/ (data contract, section 6).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "sample"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse.duckdb"
DEFAULT_REPORTS_DIR = PROJECT_ROOT / "reports" / "site"


# Who publishes the report and whom readers write to: from GRANT_EVAL_PUBLISHER and
# GRANT_EVAL_CONTACT; the report says plainly when they are not set.
NOT_SET = "ikke oppgitt"


@dataclass(frozen=True)
class Publisher:
    name: str
    contact: str

    @classmethod
    def from_env(cls) -> Publisher:
        return cls(
            name=os.environ.get("GRANT_EVAL_PUBLISHER", "").strip() or NOT_SET,
            contact=os.environ.get("GRANT_EVAL_CONTACT", "").strip() or NOT_SET,
        )


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    warehouse: Path
    reports_dir: Path
    years: tuple[int, ...] = field(default=())  # empty: every year folder

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            data_dir=Path(env.get("GRANT_EVAL_DATA_DIR") or DEFAULT_DATA_DIR),
            warehouse=Path(env.get("GRANT_EVAL_WAREHOUSE") or DEFAULT_WAREHOUSE),
            reports_dir=Path(env.get("GRANT_EVAL_REPORTS_DIR") or DEFAULT_REPORTS_DIR),
        )


# -- settings read from the environment ----------------------------------------------------------
LOCK_WAIT = "GRANT_EVAL_LOCK_WAIT"  # seconds a run waits for another run's lock
YEAR_PARTITIONS = "GRANT_EVAL_YEAR_PARTITIONS"  # static (default) or dynamic
STORAGE_VERSION = "GRANT_EVAL_STORAGE_VERSION"  # the DuckDB storage version files are written in
DEFAULT_LOCK_WAIT = 600.0


class SettingError(ValueError):
    """An environment variable set to something grant-eval cannot use: a usage error (exit 2),
    named before anything runs."""

    def __init__(self, variable: str, value: str, rule: str):
        self.variable = variable
        super().__init__(f"{variable}={value!r}: {rule}")


def lock_wait_seconds() -> float:
    text = os.environ.get(LOCK_WAIT, "").strip()
    if not text:
        return DEFAULT_LOCK_WAIT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise SettingError(LOCK_WAIT, text, "must be a number of seconds, such as 600")
    return seconds


def dynamic_years() -> bool:
    text = os.environ.get(YEAR_PARTITIONS, "").strip()
    if text.lower() not in ("", "static", "dynamic"):
        raise SettingError(YEAR_PARTITIONS, text, "must be static or dynamic")
    return text.lower() == "dynamic"


def check_environment() -> None:
    """Every setting of the environment that needs no library to check, read once at the start
    of a command (the storage version is checked by DuckDB: database.check_storage_version)."""
    lock_wait_seconds()
    dynamic_years()

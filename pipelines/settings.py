"""Where a run reads and writes, from the command line, the environment or the defaults.

Kept free of Dagster so that `grant-eval check` starts fast.
Defaults come from GRANT_EVAL_DATA_DIR, GRANT_EVAL_WAREHOUSE and GRANT_EVAL_REPORTS_DIR, else
the bundled sample, data/warehouse.duckdb and reports/site/ (data contract, section 6).
"""

from __future__ import annotations

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

"""Resources and settings, configured in one place.

Defaults come from GRANT_EVAL_DATA_DIR, GRANT_EVAL_WAREHOUSE and GRANT_EVAL_REPORTS_DIR, else
the bundled sample, data/warehouse.duckdb and reports/site/ (data contract, section 6).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.warehouse import CONNECTION_CONFIG

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "sample"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse.duckdb"
DEFAULT_REPORTS_DIR = PROJECT_ROOT / "reports" / "site"


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


class EvaluationInputs(dg.ConfigurableResource):
    """Where the inputs are. Which reporting years a run loads is its partitions."""

    data_dir: str


class ReportSite(dg.ConfigurableResource):
    """Where the report site is written."""

    output_dir: str


def build_resources(settings: Settings, database: Path | None = None,
                    report_output: Path | None = None) -> dict[str, object]:
    return {
        "duckdb": DuckDBResource(
            database=str(database or settings.warehouse), connection_config=dict(CONNECTION_CONFIG)
        ),
        "inputs": EvaluationInputs(data_dir=str(settings.data_dir)),
        "report_site": ReportSite(output_dir=str(report_output or settings.reports_dir)),
    }

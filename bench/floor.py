"""Dagster's floor for grant-eval's asset graph: the whole graph run from the code location
when nothing changed since the published build, so that every step starts, reports its assets
and runs its checks, but nothing is loaded, computed or rendered.

    .venv/bin/python -m bench.floor DATA WAREHOUSE REPORTS_DIR

The published build must be a full build of DATA with this code (a `grant-eval run` just before).
Exits 1 when the run did the work after all: then it measured something else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipelines.definitions import defs
from pipelines.defs.instance import dagster_instance
from pipelines.defs.resources import UNCHANGED_TAG
from pipelines.ingest.reporting import find_years
from pipelines.run import QUIET, all_years_tags


def main() -> int:
    data, warehouse, reports = sys.argv[1:4]
    os.environ.update(
        GRANT_EVAL_DATA_DIR=data, GRANT_EVAL_WAREHOUSE=warehouse, GRANT_EVAL_REPORTS_DIR=reports
    )
    job = defs().resolve_implicit_global_asset_job_def()
    with dagster_instance() as instance:
        result = job.execute_in_process(
            instance=instance,
            run_config=QUIET,
            tags=all_years_tags(find_years(Path(data))),
            raise_on_error=False,
        )
        recorded = instance.get_run_by_id(result.run_id)
    if not result.success or recorded is None or UNCHANGED_TAG not in recorded.tags:
        print("the run did not find its build unchanged: no floor measured", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

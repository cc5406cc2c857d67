"""The whole evaluation in plain code, without Dagster: load and validate the inputs, write the
warehouse's raw and staging layers, compute every mart, and render the report site.

`grant-eval run` does the same through the Dagster asset graph (pipelines/definitions.py),
which adds the run history, the checks as asset checks and the safe publication; this is for
notebooks, scripts and fast tests, and a test keeps the two equal on the sample.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.ingest.read import load_inputs
from pipelines.marts.catalog import MARTS
from pipelines.marts.checks import checks_of
from pipelines.marts.materialize import materialize
from pipelines.report.site import write_site
from pipelines.warehouse import staging
from pipelines.warehouse.database import CONNECTION_CONFIG
from pipelines.warehouse.write import write_derived, write_loaded


def build(
    data_dir: Path,
    database: Path,
    report_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Build a new warehouse file (and the site, given a folder); return the problems the
    blocking checks found. Raises InvalidInput (nothing written) when the inputs are invalid."""
    loaded = load_inputs(data_dir, progress=progress)
    database.unlink(missing_ok=True)
    problems: list[str] = []
    with duckdb.connect(str(database), config=dict(CONNECTION_CONFIG)) as con:
        write_loaded(con, loaded, "plain-build", staging.RAW_SOURCES)
        for table in staging.DERIVED:
            write_derived(con, table)
        for spec in MARTS:
            materialize(con, spec)
            problems += [
                f"marts/{spec.name}: {check.name}: {problem}"
                for check in checks_of(spec)
                if check.blocking
                for problem in check.find(con, spec)
            ]
        if report_dir is not None:
            write_site(con, report_dir)
    return problems

"""Raw and staging layers, loaded from the input files.

Two steps: the register (units, grants, survey, interviews, context) and the reporting, which
is partitioned by year with one partition per year folder. Each step reads and validates all
its files before it writes anything, so every error of a step is reported together; the two
steps do not depend on each other, so a run reports the errors of both.
"""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.defs import versions
from pipelines.defs.assets.metadata import (
    add_partition_row_counts,
    column_lineage,
    columns_of,
    table_metadata,
)
from pipelines.defs.assets.sources import checked_against, source_key
from pipelines.defs.progress import tell
from pipelines.defs.resources import WAREHOUSE_POOL, DataDirectory, Warehouse
from pipelines.ingest.errors import InputError, InvalidInput
from pipelines.ingest.read import OUTSIDE_YEARS, YEAR_FOLDERS, load_inputs
from pipelines.ingest.reporting import find_years
from pipelines.warehouse import staging
from pipelines.warehouse.fingerprint import nothing_changed
from pipelines.warehouse.write import write_loaded

INPUT_ERROR_TAG = "input errors"  # marks a failure as the user's input, for the command line
# The input validation of each raw table, as an asset check with its history in the UI. It runs
# with the load (the loading step is not subsettable, so the UI offers no «Execute» alone).
INPUT_CHECK = "valid_input"
EXAMPLES = 5


def _check_specs(sources: tuple[str, ...]) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            INPUT_CHECK,
            asset=["raw", s],
            blocking=True,
            description=f"Every value of {staging.RAW_SOURCE_FILES[s]} obeys the data contract "
            "(docs/data-contract.md). A failure fails the loading step too, with every error listed.",
        )
        for s in sources
    ]


def raw_table_of(file: str) -> str | None:
    """The raw table an input file is read into; None for an error of no one file (the layout)."""
    parts = file.split("/")
    if parts[0] == "reporting" and len(parts) == 3:
        stem = parts[2].rsplit(".", 1)[0]
        return stem if stem in staging.YEARLY_SOURCES else None
    for table, path in staging.RAW_SOURCE_FILES.items():
        if file == path:
            return table
    folders = {"survey": "survey", "interviews": "segments", "context": "statbank"}  # the rest of each
    return folders.get(parts[0]) if len(parts) > 1 else None


def _input_checks(sources: tuple[str, ...], errors: list[InputError]) -> Iterator[dg.AssetCheckResult]:
    """Each raw table's check: its files' errors; an error of no one file counts for every table."""
    for source in sources:
        found = [e for e in errors if raw_table_of(e.file) in (source, None)]
        yield dg.AssetCheckResult(
            asset_key=["raw", source],
            check_name=INPUT_CHECK,
            passed=not found,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "errors": len(found),
                "examples": "\n".join(str(e) for e in found[:EXAMPLES]) or "none",
            },
        )


def _specs(sources: tuple[str, ...]) -> list[dg.AssetSpec]:
    raw = [
        dg.AssetSpec(
            ["raw", s],
            group_name="raw",
            kinds={"duckdb"},
            description=f"What was read from {staging.RAW_SOURCE_FILES[s]}, as text.",
            deps=[source_key(s)],  # the files, observed with their SHA-256 before each load
            code_version=versions.INGEST,
            metadata={"dagster/table_name": f"raw.{s}"},
        )
        for s in sources
    ]
    staged = [
        dg.AssetSpec(
            ["staging", t.name],
            group_name="staging",
            kinds={"duckdb"},
            description=t.description,
            deps=[dg.AssetKey(["raw", s]), *checked_against()],
            metadata={"grain": ", ".join(t.grain) or "one row per input row", "dagster/table_name": t.table},
            code_version=versions.INGEST,
        )
        for s in sources
        for t in staging.loaded_from(s)
    ]
    return raw + staged


def _load(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    data_directory: DataDirectory,
    sources: tuple[str, ...],
    part: str,
    years: list[int] | None,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    def say(message: str) -> None:
        tell(context.instance, context.log, message)

    if warehouse.unchanged_since is not None:
        say(f"{nothing_changed(warehouse.unchanged_since)}: the tables are as published")
    else:
        try:
            loaded = load_inputs(data_directory.data_dir, years, progress=say, parts=(part,))
        except InvalidInput as exc:
            yield from _input_checks(sources, exc.errors)
            raise dg.Failure(
                description=exc.report(),
                metadata={INPUT_ERROR_TAG: len(exc.errors), "errors": "\n".join(str(e) for e in exc.errors)},
            ) from exc
        warehouse.check_read(loaded.files)  # the bytes read are those the run's plan hashed
        with warehouse.get_connection() as con:
            every_year = years is None or set(years) == set(find_years(Path(data_directory.data_dir)))
            write_loaded(con, loaded, context.run.run_id, sources, every_year)
    tables = [(dg.AssetKey(["raw", s]), f"raw.{s}") for s in sources]
    tables += [(dg.AssetKey(["staging", t.name]), t.table) for s in sources for t in staging.loaded_from(s)]
    with warehouse.get_connection() as con:
        columns = columns_of(con, [table for _, table in tables])
        for key, table in tables:
            metadata = table_metadata(con, table, columns[table])
            if key.path[0] == "staging":  # a column of the raw table's name is read from it
                raw_key, raw = _raw_of(key)
                raw_names = {name for name, _, _ in columns[raw]}
                metadata["dagster/column_lineage"] = column_lineage(
                    {c: [(raw_key, c)] for c, _, _ in columns[table] if c in raw_names}
                )
            if years is not None:
                add_partition_row_counts(context, key, metadata)
            yield dg.MaterializeResult(asset_key=key, metadata=metadata)
    yield from _input_checks(sources, [])  # read and valid (or, unchanged, as published)


def _raw_of(staged: dg.AssetKey) -> tuple[dg.AssetKey, str]:
    table = next(t for t in staging.LOADED if t.name == staged.path[1])
    return dg.AssetKey(["raw", table.source]), f"raw.{table.source}"


@dg.multi_asset(
    specs=_specs(staging.REGISTER_SOURCES),
    check_specs=_check_specs(staging.REGISTER_SOURCES),
    name="load_register",
    can_subset=False,
    pool=WAREHOUSE_POOL,
)
def load_register(
    context: dg.AssetExecutionContext, warehouse: Warehouse, data_directory: DataDirectory
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Read and validate units, regions, grants, the survey, the interviews and the context."""
    yield from _load(context, warehouse, data_directory, staging.REGISTER_SOURCES, OUTSIDE_YEARS, None)


def reporting_asset(partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    """The reporting layer, one partition per year folder found in the data directory."""

    @dg.multi_asset(
        specs=_specs(staging.YEARLY_SOURCES),
        check_specs=_check_specs(staging.YEARLY_SOURCES),
        name="load_reporting",
        can_subset=False,
        pool=WAREHOUSE_POOL,
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),  # many years in one run, one step
    )
    def load_reporting(
        context: dg.AssetExecutionContext, warehouse: Warehouse, data_directory: DataDirectory
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Read and validate the annual reports and measures of the run's years."""
        chosen = [int(key) for key in context.partition_keys]
        yield from _load(context, warehouse, data_directory, staging.YEARLY_SOURCES, YEAR_FOLDERS, chosen)

    return load_reporting

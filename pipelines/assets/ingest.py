"""Raw and staging layers.

Two steps: the register (units, grants, survey, interviews, context) and the reporting, which
is partitioned by year with one partition per year folder. Each step reads and validates all
its files before it writes anything, so every error of a step is reported together; the two
steps do not depend on each other, so a run reports the errors of both.
"""

import logging

import dagster as dg
from dagster import AssetExecutionContext
from dagster_duckdb import DuckDBResource

from pipelines.assets.metadata import table_metadata
from pipelines.ingest import InvalidInput, load_inputs
from pipelines.ingest.inputs import REGISTER, REPORTING
from pipelines.resources import EvaluationInputs
from pipelines.warehouse import METADATA_TABLES, REGISTER_TABLES, YEARLY_TABLES, write_inputs

progress_log = logging.getLogger("grant_eval")

RAW_SOURCES = {
    "units": "units.csv", "regions": "regions.csv (optional)", "grants": "grants.csv",
    "rapporter": "reporting/<year>/rapporter", "tiltak": "reporting/<year>/tiltak",
    "survey": "survey/<name>.sav", "informants": "interviews/informants.csv (without names)",
    "segments": "interviews/segments.csv or interviews/<name>.qdpx",
    "lavinntekt": "context/lavinntekt.csv (optional)",
}
STAGING_DESCRIPTIONS = {
    "units": "Grant units with county, region and size class.",
    "regions": "County → region map in force (regions.csv or the default).",
    "grants": "Grants per unit, scheme and year.",
    "rapporter": "Annual reports, one row per project and year, codes resolved.",
    "tiltak": "Measures, one row per measure and year.",
    "survey": "Questionnaire answers; NULL = not answered (system- or user-missing).",
    "informants": "Interview informants with role and title; names dropped.",
    "segments": "Coded interview segments, code resolved to its top-level parent.",
    "lavinntekt": "Share of children in persistent low-income households (optional context).",
    "survey_value_labels": "The survey file's own value labels (variable, code, label).",
}
INPUT_ERROR_TAG = "input errors"  # marks a failure as the user's input, for the command line


def _specs(tables: tuple[str, ...]) -> list[dg.AssetSpec]:
    raw = [dg.AssetSpec(["raw", t], group_name="raw", kinds={"duckdb"},
                        description=f"What was read from {RAW_SOURCES[t]}, as text.") for t in tables]
    staging = [dg.AssetSpec(["staging", t], group_name="staging", kinds={"duckdb"},
                            description=STAGING_DESCRIPTIONS[t], deps=[dg.AssetKey(["raw", t])])
               for t in tables]
    staging += [dg.AssetSpec(["staging", METADATA_TABLES[t]], group_name="staging",
                             kinds={"duckdb"}, description=STAGING_DESCRIPTIONS[METADATA_TABLES[t]],
                             deps=[dg.AssetKey(["raw", t])])
                for t in tables if t in METADATA_TABLES]
    return raw + staging


def _load(context: AssetExecutionContext, duckdb: DuckDBResource, inputs: EvaluationInputs,
          tables: tuple[str, ...], part: str, years: list[int] | None):
    def say(message: str) -> None:
        context.log.info(message)
        progress_log.info(message)

    try:
        loaded = load_inputs(inputs.data_dir, years, progress=say, parts=(part,))
    except InvalidInput as exc:
        raise dg.Failure(
            description=exc.report(),
            metadata={INPUT_ERROR_TAG: len(exc.errors),
                      "errors": "\n".join(str(e) for e in exc.errors)},
        ) from exc
    with duckdb.get_connection() as con:
        write_inputs(con, loaded, context.run.run_id, tables)
        for layer in ("raw", "staging"):
            for name in tables:
                yield dg.MaterializeResult(asset_key=[layer, name],
                                           metadata=table_metadata(con, f"{layer}.{name}"))
        for name in tables:
            if name in METADATA_TABLES:
                extra = METADATA_TABLES[name]
                yield dg.MaterializeResult(asset_key=["staging", extra],
                                           metadata=table_metadata(con, f"staging.{extra}"))


@dg.multi_asset(specs=_specs(REGISTER_TABLES), name="load_register", can_subset=False)
def load_register(context: AssetExecutionContext, duckdb: DuckDBResource, inputs: EvaluationInputs):
    """Read and validate units, regions, grants, the survey, the interviews and the context."""
    yield from _load(context, duckdb, inputs, REGISTER_TABLES, REGISTER, None)


def reporting_asset(years: list[int]) -> dg.AssetsDefinition:
    """The reporting layer, one partition per year folder found in the data directory."""
    @dg.multi_asset(
        specs=_specs(YEARLY_TABLES), name="load_reporting", can_subset=False,
        partitions_def=dg.StaticPartitionsDefinition([str(y) for y in years]),
        backfill_policy=dg.BackfillPolicy.single_run(),  # many years in one run, one step
    )
    def load_reporting(context: AssetExecutionContext, duckdb: DuckDBResource,
                       inputs: EvaluationInputs):
        """Read and validate the annual reports and measures of the run's years."""
        chosen = [int(key) for key in context.partition_keys]
        yield from _load(context, duckdb, inputs, YEARLY_TABLES, REPORTING, chosen)

    return load_reporting


REPORTING_KEYS = [dg.AssetKey([layer, t]) for layer in ("raw", "staging") for t in YEARLY_TABLES]

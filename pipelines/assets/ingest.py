"""Raw and staging layers: every input file read, validated and written in one step.

One step, because the contract wants every error of a run reported together and nothing
written when any input is invalid.
"""

import logging

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.assets.metadata import table_metadata
from pipelines.ingest import InvalidInput, load_inputs
from pipelines.resources import EvaluationInputs
from pipelines.warehouse import RAW_TABLES, STAGING_COLUMNS, write_inputs

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
}

SPECS = [
    dg.AssetSpec(["raw", name], group_name="raw", kinds={"duckdb"},
                 description=f"What was read from {source}, as text.")
    for name, source in RAW_SOURCES.items()
] + [
    dg.AssetSpec(["staging", name], group_name="staging", kinds={"duckdb"},
                 description=STAGING_DESCRIPTIONS[name], deps=[dg.AssetKey(["raw", name])])
    for name in STAGING_COLUMNS
]


@dg.multi_asset(specs=SPECS, name="load_sources", can_subset=False)
def load_sources(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                 inputs: EvaluationInputs):
    """Read every input of the data contract, validate it all, then write raw and staging."""

    def say(message: str) -> None:
        context.log.info(message)
        progress_log.info(message)

    try:
        loaded = load_inputs(inputs.data_dir, inputs.years or None, progress=say)
    except InvalidInput as exc:
        raise dg.Failure(description=exc.report(), metadata={"errors": len(exc.errors)}) from exc
    say(f"writing raw and staging tables ({len(loaded.years)} reporting year(s))")
    with duckdb.get_connection() as con:
        write_inputs(con, loaded, context.run.run_id, partial_years=inputs.keep_other_years)
        for name in RAW_TABLES:
            yield dg.MaterializeResult(asset_key=["raw", name],
                                       metadata=table_metadata(con, f"raw.{name}"))
        for name in STAGING_COLUMNS:
            yield dg.MaterializeResult(asset_key=["staging", name],
                                       metadata=table_metadata(con, f"staging.{name}"))

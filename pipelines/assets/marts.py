"""Marts layer: one asset per table of the data contract's section 4, with integrity checks."""

import logging
from collections.abc import Callable, Iterator

import dagster as dg
import duckdb as duckdb_module
from dagster import AssetExecutionContext
from dagster_duckdb import DuckDBResource

from pipelines.assets.metadata import table_metadata
from pipelines.marts import MARTS, MartSpec
from pipelines.marts import build as mart_build

Problems = Callable[[duckdb_module.DuckDBPyConnection], list[str]]

# Rules every mart obeys: (check name, description, finder).
GENERAL_CHECKS: list[tuple[str, str, Callable[..., list[str]]]] = [
    ("keys_unique", "One row per key: the table's grain holds.", mart_build.duplicate_keys),
    ("percentages_in_range", "Every percentage lies within 0–100.",
     mart_build.percentages_out_of_range),
    ("counts_within_base", "No count is above its base.", mart_build.counts_above_base),
]
# Rules of single marts: mart -> [(check name, description, finder, blocking)].
SPECIFIC_CHECKS: dict[str, list[tuple[str, str, Problems, bool]]] = {
    "projects": [("every_project_present", "Every project of grants.csv is in the table.",
                  mart_build.missing_projects, True)],
    "goal_attainment": [
        ("every_reporting_year_present", "Every reporting year has its rows.",
         mart_build.missing_reporting_years, True),
        ("reporting_coverage", "Warns when a year has reports from fewer than half the projects.",
         mart_build.thin_reporting_years, False),
    ],
    "response": [("response_rate_at_least_half", "Warns when fewer than half the projects answered.",
                  mart_build.low_response, False)],
}


def _check_specs(spec: MartSpec, key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    specs = [dg.AssetCheckSpec(name, asset=key, description=text, blocking=True)
             for name, text, _ in GENERAL_CHECKS]
    specs += [dg.AssetCheckSpec(name, asset=key, description=text, blocking=blocking)
              for name, text, _, blocking in SPECIFIC_CHECKS.get(spec.name, [])]
    return specs


def _results(con: duckdb_module.DuckDBPyConnection, spec: MartSpec) -> Iterator[dg.AssetCheckResult]:
    key = dg.AssetKey(["marts", spec.name])
    for name, _text, finder in GENERAL_CHECKS:
        yield _result(key, name, finder(con, spec), blocking=True)
    for name, _text, finder, blocking in SPECIFIC_CHECKS.get(spec.name, []):
        yield _result(key, name, finder(con), blocking)


def _result(key: dg.AssetKey, name: str, problems: list[str], blocking: bool) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=name,
        passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata={"problems": len(problems), "examples": "; ".join(problems[:5]) or "none"},
    )


def _spec(spec: MartSpec) -> dg.AssetSpec:
    return dg.AssetSpec(
        ["marts", spec.name], group_name="marts", kinds={"duckdb"},
        description=f"{spec.norsk}. {spec.description}",
        deps=[dg.AssetKey(dep.split(".")) for dep in spec.deps],
        metadata={"grain": ", ".join(spec.keys)},
    )


def _trend(con: duckdb_module.DuckDBPyConnection) -> None:
    mart_build.write_frame(con, "marts.goal_attainment_trend", mart_build.goal_attainment_trend(con),
                           "Endring i måloppnåelse over år — chi-square test across years",
                           mart_build.TREND_COLUMNS)


def _value_labels(con: duckdb_module.DuckDBPyConnection) -> None:
    mart_build.write_frame(con, "marts.value_labels", mart_build.value_labels(con),
                           "Verdietiketter — survey value labels",
                           mart_build.LOOKUP_COLUMNS["value_labels"])


def _code_labels(con: duckdb_module.DuckDBPyConnection) -> None:
    mart_build.write_frame(con, "marts.code_labels", mart_build.code_labels(),
                           "Kodeetiketter — labels of the codes in the marts",
                           mart_build.LOOKUP_COLUMNS["code_labels"])


# Tables beyond the contract's: (name, writer, description, upstream).
EXTRA_TABLES: list[tuple[str, Callable[[duckdb_module.DuckDBPyConnection], None], str, list[str]]] = [
    ("goal_attainment_trend", _trend,
     "Is the change in goal attainment across years more than chance? Pearson chi-square test of "
     "homogeneity per scheme (docs/analysts.md says why and what it cannot tell).",
     ["marts.goal_attainment"]),
    ("value_labels", _value_labels, "Survey value labels (variable, code, label) for analysts, "
     "with the survey file's own labels beside the contract's.", ["staging.survey_value_labels"]),
    ("code_labels", _code_labels, "Norwegian labels of every code used in the marts.", []),
]


# One step computes every selected mart: each is still its own asset with its own checks in
# Dagster, but a run pays the per-step cost once rather than seventeen times.
@dg.multi_asset(
    name="evaluation_marts",
    specs=[_spec(spec) for spec in MARTS] + [
        dg.AssetSpec(["marts", name], group_name="marts", kinds={"duckdb"}, description=text,
                     deps=[dg.AssetKey(d.split(".")) for d in upstream])
        for name, _writer, text, upstream in EXTRA_TABLES
    ],
    check_specs=[c for spec in MARTS for c in _check_specs(spec, dg.AssetKey(["marts", spec.name]))],
    can_subset=True,
)
def evaluation_marts(context: AssetExecutionContext, duckdb: DuckDBResource):
    """The tables of the data contract's section 4, in dependency order."""
    selected = context.selected_asset_keys
    message = f"computing {len(selected)} marts and their checks"
    context.log.info(message)
    logging.getLogger("grant_eval").info(message)
    with duckdb.get_connection() as con:
        for spec in MARTS:
            key = dg.AssetKey(["marts", spec.name])
            if key not in selected:
                continue
            mart_build.materialize(con, spec)
            yield dg.MaterializeResult(asset_key=key, metadata=table_metadata(con, spec.table))
            for result in _results(con, spec):
                if dg.AssetCheckKey(key, result.check_name) in context.selected_asset_check_keys:
                    yield result
        for name, writer, _text, _upstream in EXTRA_TABLES:
            key = dg.AssetKey(["marts", name])
            if key in selected:
                writer(con)
                yield dg.MaterializeResult(asset_key=key, metadata=table_metadata(con, f"marts.{name}"))



"""Marts layer: one asset per table of the data contract's section 4, with integrity checks."""

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
    for name, _text, finder in GENERAL_CHECKS:
        problems = finder(con, spec)
        yield _result(name, problems, blocking=True)
    for name, _text, finder, blocking in SPECIFIC_CHECKS.get(spec.name, []):
        yield _result(name, finder(con), blocking)


def _result(name: str, problems: list[str], blocking: bool) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=name,
        passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata={"problems": len(problems), "examples": "; ".join(problems[:5]) or "none"},
    )


def build_mart_asset(spec: MartSpec) -> dg.AssetsDefinition:
    key = dg.AssetKey(["marts", spec.name])

    @dg.asset(
        key=key, group_name="marts", kinds={"duckdb"},
        description=f"{spec.norsk}. {spec.description}",
        deps=[dg.AssetKey(dep.split(".")) for dep in spec.deps],
        check_specs=_check_specs(spec, key),
        metadata={"grain": ", ".join(spec.keys)},
    )
    def mart(context: AssetExecutionContext, duckdb: DuckDBResource):
        with duckdb.get_connection() as con:
            mart_build.materialize(con, spec)
            yield dg.MaterializeResult(metadata=table_metadata(con, spec.table))
            yield from _results(con, spec)

    return mart


mart_assets = [build_mart_asset(spec) for spec in MARTS]


@dg.asset(key=["marts", "goal_attainment_trend"], group_name="marts", kinds={"duckdb"},
          deps=[dg.AssetKey(["marts", "goal_attainment"])])
def goal_attainment_trend(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Is the change in goal attainment across years more than chance? Pearson chi-square test
    of homogeneity per scheme (docs/analysts.md says why and what it cannot tell)."""
    with duckdb.get_connection() as con:
        frame = mart_build.goal_attainment_trend(con)
        mart_build.write_frame(con, "marts.goal_attainment_trend", frame,
                               "Endring i måloppnåelse over år — chi-square test across years",
                               mart_build.TREND_COLUMNS)
        return dg.MaterializeResult(metadata=table_metadata(con, "marts.goal_attainment_trend"))


@dg.asset(key=["marts", "value_labels"], group_name="marts", kinds={"duckdb"})
def value_labels(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Survey value labels (variable, code, label) as a lookup table for analysts."""
    with duckdb.get_connection() as con:
        mart_build.write_frame(con, "marts.value_labels", mart_build.value_labels(),
                               "Verdietiketter — survey value labels",
                               mart_build.LOOKUP_COLUMNS["value_labels"])
        return dg.MaterializeResult(metadata=table_metadata(con, "marts.value_labels"))


@dg.asset(key=["marts", "code_labels"], group_name="marts", kinds={"duckdb"})
def code_labels(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Norwegian labels of every code used in the marts, as a lookup table."""
    with duckdb.get_connection() as con:
        mart_build.write_frame(con, "marts.code_labels", mart_build.code_labels(),
                               "Kodeetiketter — labels of the codes in the marts",
                               mart_build.LOOKUP_COLUMNS["code_labels"])
        return dg.MaterializeResult(metadata=table_metadata(con, "marts.code_labels"))

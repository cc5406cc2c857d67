"""Marts layer: one asset per table of pipelines/marts/catalog.py, with its checks."""

# No `from __future__ import annotations`: Dagster reads the context annotation at runtime.
from collections.abc import Iterator

import dagster as dg

from pipelines.defs import versions
from pipelines.defs.assets.metadata import column_lineage, columns_of, table_metadata
from pipelines.defs.progress import tell
from pipelines.defs.resources import WAREHOUSE_POOL, Warehouse
from pipelines.marts.catalog import MARTS
from pipelines.marts.checks import checks_of
from pipelines.marts.materialize import materialize
from pipelines.marts.spec import MartSpec
from pipelines.warehouse import staging
from pipelines.warehouse.fingerprint import nothing_changed


def _key(spec: MartSpec) -> dg.AssetKey:
    return dg.AssetKey(["marts", spec.name])


def _spec(spec: MartSpec) -> dg.AssetSpec:
    return dg.AssetSpec(
        _key(spec),
        group_name="marts",
        kinds={"duckdb"},
        description=f"{spec.norsk}. {spec.description}",
        deps=[dg.AssetKey(dep.split(".")) for dep in spec.deps],
        metadata={"grain": ", ".join(spec.keys), "dagster/table_name": spec.table},
        code_version=versions.of_mart(spec),
    )


def _columns_of(table: str) -> set[str]:
    """A staging table's or mart's columns, as declared."""
    schema, name = table.split(".")
    if schema == "staging":
        return {c for t in (*staging.LOADED, *staging.DERIVED) if t.name == name for c in t.columns}
    return {c for spec in MARTS if spec.name == name for c in spec.columns}


def _key_lineage(spec: MartSpec) -> dg.TableColumnLineage:
    """Where the SQL makes it plain: a key column (one the mart groups by) that exactly one of
    the tables it reads has is that table's column. Measures (counts, shares) are left out."""
    lineage = {}
    for column in spec.keys:
        having = [dep for dep in spec.deps if column in _columns_of(dep)]
        if len(having) == 1:
            lineage[column] = [(dg.AssetKey(having[0].split(".")), column)]
    return column_lineage(lineage)


# One step computes every selected mart: each is still its own asset with its own checks in
# Dagster, but a run pays the per-step cost once rather than once per table.
@dg.multi_asset(
    name="evaluation_marts",
    pool=WAREHOUSE_POOL,
    specs=[_spec(spec) for spec in MARTS],
    check_specs=[
        dg.AssetCheckSpec(c.name, asset=_key(spec), description=c.description, blocking=c.blocking)
        for spec in MARTS
        for c in checks_of(spec)
    ],
    can_subset=True,
)
def evaluation_marts(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Every table of schema marts, in dependency order."""
    selected = context.selected_asset_keys
    unchanged = warehouse.unchanged_since
    checks = len(context.selected_asset_check_keys)
    if not selected:
        message = f"evaluating {checks} checks on the published marts; no mart is computed"
    elif unchanged is None:
        message = f"computing {len(selected)} marts and {checks} checks"
    else:
        message = f"{nothing_changed(unchanged)}: {checks} checks of the {len(selected)} marts as published"
    tell(context.instance, context.log, message)
    chosen = [spec for spec in MARTS if _key(spec) in selected]
    with warehouse.get_connection() as con:
        if unchanged is None:
            for spec in chosen:  # in dependency order
                materialize(con, spec)
        columns = columns_of(con, [spec.table for spec in chosen])  # once made: with their comments
        for spec in MARTS:
            key = _key(spec)
            if key in selected:
                metadata = table_metadata(con, spec.table, columns[spec.table])
                metadata["dagster/column_lineage"] = _key_lineage(spec)
                yield dg.MaterializeResult(asset_key=key, metadata=metadata)
            # a check selected without its mart (the Checks tab's «Execute»): on the table as it is
            for check in checks_of(spec):
                if dg.AssetCheckKey(key, check.name) not in context.selected_asset_check_keys:
                    continue
                problems = check.find(con, spec)
                yield dg.AssetCheckResult(
                    asset_key=key,
                    check_name=check.name,
                    passed=not problems,
                    severity=dg.AssetCheckSeverity.ERROR if check.blocking else dg.AssetCheckSeverity.WARN,
                    metadata={"problems": len(problems), "examples": "; ".join(problems[:5]) or "none"},
                )

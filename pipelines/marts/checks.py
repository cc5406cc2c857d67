"""The rules the marts' numbers obey: plain functions over a connection, each returning the
problems found (empty when the rule holds). The Dagster wiring turns them into asset checks;
tests call them directly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from pipelines.marts.spec import EVALUATED, MartSpec
from pipelines.warehouse.database import run_sql
from pipelines.warehouse.sql import ident, table_ref


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    find: Callable[[duckdb.DuckDBPyConnection, MartSpec], list[str]]
    blocking: bool = True  # a failure stops the run; otherwise it warns


def duplicate_keys(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[str]:
    keys = ", ".join(ident(k) for k in spec.keys)
    rows = run_sql(
        con, f"SELECT {keys}, count(*) FROM {table_ref(spec.table)} GROUP BY ALL HAVING count(*) > 1"
    )
    return [f"{row[:-1]} appears {row[-1]} times" for row in rows]


def percentages_out_of_range(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[str]:
    problems = []
    for column in spec.percent_columns:
        value = ident(column)
        keys = ", ".join(ident(k) for k in spec.keys)
        rows = run_sql(
            con,
            f"SELECT {keys}, {value} FROM {table_ref(spec.table)} "
            f"WHERE {value} < 0 OR {value} > 100 OR isnan({value})",
        )
        problems += [f"{column} = {row[-1]} at {row[:-1]}" for row in rows]
    return problems


def counts_above_base(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[str]:
    problems = []
    for count, base in spec.within:
        part = ident(count)
        whole = ident(base)
        keys = ", ".join(ident(k) for k in spec.keys)
        rows = run_sql(
            con, f"SELECT {keys}, {part}, {whole} FROM {table_ref(spec.table)} WHERE {part} > {whole}"
        )
        problems += [f"{count} = {row[-2]} > {base} = {row[-1]} at {row[:-2]}" for row in rows]
    return problems


def missing_reporting_years(con: duckdb.DuckDBPyConnection, _spec: MartSpec) -> list[str]:
    rows = run_sql(
        con,
        """SELECT DISTINCT aar FROM staging.rapporter
                           EXCEPT SELECT aar FROM marts.goal_attainment ORDER BY 1""",
    )
    return [f"year {r[0]} is missing" for r in rows]


def missing_projects(con: duckdb.DuckDBPyConnection, _spec: MartSpec) -> list[str]:
    rows = run_sql(
        con,
        f"""SELECT DISTINCT enhet_id, ordning FROM staging.grants
                            WHERE ordning IN {EVALUATED}
                            EXCEPT SELECT enhet_id, ordning FROM marts.projects ORDER BY 1, 2""",
    )
    return [f"{r[0]} / {r[1]} is missing" for r in rows]


def low_response(con: duckdb.DuckDBPyConnection, _spec: MartSpec, threshold: float = 50.0) -> list[str]:
    rows = run_sql(
        con,
        """SELECT n_respondents, n_projects, pct FROM marts.response
           WHERE dimension = 'total' AND pct < ?""",
        [threshold],
    )
    return [f"{r[0]} of {r[1]} projects answered ({r[2]:.1f} %)" for r in rows]


def thin_reporting_years(con: duckdb.DuckDBPyConnection, _spec: MartSpec) -> list[str]:
    rows = run_sql(
        con,
        """
        SELECT y.aar, count(r.aar) AS n_reports, (SELECT count(*) FROM staging.projects) AS n_projects
        FROM (SELECT DISTINCT aar FROM staging.rapporter) y
        LEFT JOIN staging.rapporter r USING (aar)
        GROUP BY y.aar HAVING 2 * count(r.aar) < (SELECT count(*) FROM staging.projects)
        ORDER BY y.aar""",
    )
    return [f"{r[0]}: {r[1]} reports from {r[2]} projects" for r in rows]


def table_rules(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[str]:
    """The rules every mart obeys, as one check: a run reports one evaluation per table rather
    than three (each is an event Dagster writes and syncs), and the problems name their rule."""
    return [
        f"{rule}: {problem}"
        for rule, find in (
            ("keys_unique", duplicate_keys),
            ("percentages_in_range", percentages_out_of_range),
            ("counts_within_base", counts_above_base),
        )
        for problem in find(con, spec)
    ]


# Rules of every mart.
GENERAL: list[Check] = [
    Check(
        "table_rules",
        "One row per key (the grain holds), every percentage within 0–100, and no count above its base.",
        table_rules,
    ),
]
# Rules of single marts.
SPECIFIC: dict[str, list[Check]] = {
    "projects": [
        Check("every_project_present", "Every project of grants.csv is in the table.", missing_projects)
    ],
    "goal_attainment": [
        Check("every_reporting_year_present", "Every reporting year has its rows.", missing_reporting_years),
        Check(
            "reporting_coverage",
            "Warns when a year has reports from fewer than half the projects.",
            thin_reporting_years,
            blocking=False,
        ),
    ],
    "response": [
        Check(
            "response_rate_at_least_half",
            "Warns when fewer than half the projects answered.",
            low_response,
            blocking=False,
        )
    ],
}


def checks_of(spec: MartSpec) -> list[Check]:
    return GENERAL + SPECIFIC.get(spec.name, [])

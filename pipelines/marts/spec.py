"""What a mart is: its SQL (or Python), its grain, its columns and the rules its numbers obey."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from pipelines.contract import codes


@dataclass(frozen=True)
class MartSpec:
    name: str
    description: str  # English, shown in Dagster and as the table comment
    norsk: str  # the Norwegian name of the table, as the report uses it
    sql: str  # a SELECT over staging (and earlier marts); "" when `compute` makes the table
    columns: dict[str, str]  # column -> "norsk term — English meaning"
    keys: tuple[str, ...]  # one row per these columns
    deps: tuple[str, ...]  # staging.* / marts.* tables read
    # (count column, base column) pairs where count ≤ base must hold
    within: tuple[tuple[str, str], ...] = field(default=())
    order_by: str = ""
    # Tables beyond the contract that need Python (a test statistic, the code lists).
    compute: Callable[[duckdb.DuckDBPyConnection], pd.DataFrame] | None = None

    @property
    def table(self) -> str:
        return f"marts.{self.name}"

    @property
    def percent_columns(self) -> list[str]:
        return [c for c in self.columns if c.startswith("pct") or c.startswith("ci_")]


def ordered_values(items: Iterable[str], start: int = 1) -> str:
    """SQL VALUES rows ('code', order) for codes in the contract's order."""
    return ", ".join(f"('{code}', {i})" for i, code in enumerate(items, start=start))


def sql_list(items: Iterable[str]) -> str:
    """Codes as a SQL list of string literals: 'BLD', 'AVDIR'."""
    return ", ".join(f"'{code}'" for code in items)


# Each evaluated scheme, then both together.
SCHEMES_AND_ALL: tuple[str, ...] = (*codes.EVALUATED_SCHEMES, codes.ALL_SCHEMES)


def grouped_answers(answers: Mapping[str, tuple[str, tuple[int, ...]]]) -> list[tuple[str, int, list[int]]]:
    """(answer, order, codes) rows for survey_distribution_sql from a contract mapping."""
    return [
        (answer, order, list(group))
        for order, (answer, (_label, group)) in enumerate(answers.items(), start=1)
    ]


# Every reporting year in the data, so a year nobody answered still gets its rows.
REPORT_YEARS = "(SELECT DISTINCT aar FROM staging.rapporter)"


def survey_distribution_sql(
    variable: str, answers: list[tuple[str, int, list[int]]], order_column: str
) -> str:
    """Answers to one survey question, each grouping one or more codes, over the valid answers.

    `answers`: (answer, order, codes). The order lands in `order_column` (sort or code).
    """
    values = ", ".join(f"('{a}', {o}, {list(c)})" for a, o, c in answers)
    return f"""
        WITH answers(answer, {order_column}, codes) AS (VALUES {values}),
        base AS (SELECT count({variable}) AS n_base FROM staging.survey),
        counted AS (
            SELECT a.answer, a.{order_column}, count(s.{variable}) AS n
            FROM answers a LEFT JOIN staging.survey s ON list_contains(a.codes, s.{variable})
            GROUP BY a.answer, a.{order_column}
        )
        SELECT c.answer, c.{order_column}, c.n, b.n_base, 100.0 * c.n / NULLIF(b.n_base, 0) AS pct
        FROM counted c CROSS JOIN base b"""

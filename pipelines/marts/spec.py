"""What a mart is: its SQL, its grain, its columns and the rules its numbers obey."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MartSpec:
    name: str
    description: str  # English, shown in Dagster and as the table comment
    norsk: str  # the Norwegian name of the table, as the report uses it
    sql: str  # a SELECT over staging (and earlier marts)
    columns: dict[str, str]  # column -> "norsk term — English meaning"
    keys: tuple[str, ...]  # one row per these columns
    deps: tuple[str, ...]  # staging.* / marts.* tables read
    # (count column, base column) pairs where count ≤ base must hold
    within: tuple[tuple[str, str], ...] = field(default=())
    order_by: str = ""

    @property
    def table(self) -> str:
        return f"marts.{self.name}"

    @property
    def percent_columns(self) -> list[str]:
        return [c for c in self.columns if c.startswith("pct") or c.startswith("ci_")]


def ordered_values(items: object, start: int = 1) -> str:
    """SQL VALUES rows ('code', order) for codes in the contract's order."""
    return ", ".join(f"('{code}', {i})" for i, code in enumerate(items, start=start))  # type: ignore[call-overload]


# Every reporting year in the data, so a year nobody answered still gets its rows.
REPORT_YEARS = "(SELECT DISTINCT aar FROM staging.rapporter)"


def survey_distribution_sql(variable: str, answers: list[tuple[str, int, list[int]]],
                            order_column: str) -> str:
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

"""What a mart is: its SQL (or Python), its grain, its columns and the rules its numbers obey."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from pipelines.contract import codes, concepts


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


# The programme's schemes and code lists, as SQL over its staging tables (contract §7): the
# marts name no scheme or code of their own.
EVALUATED = "(SELECT code FROM staging.programme_schemes WHERE evaluated)"
# Each evaluated scheme, then all of them together (ALLE).
# (ordning, first_year, last_year): the years a scheme gave grants (NULL: not limited).
SCHEMES_AND_TOTAL = (
    "(SELECT code AS ordning, first_year, last_year FROM staging.programme_schemes WHERE evaluated "
    f"UNION ALL SELECT '{codes.ALL_SCHEMES}', NULL, NULL)"
)


def codes_of(concept: str) -> str:
    """(code, sort) of the code list a form's concept takes (skjema.csv), in its order."""
    return f"""(SELECT c.code, c.sort FROM staging.programme_codes c
               WHERE c.list = (SELECT min(code_list) FROM staging.programme_form_columns
                               WHERE concept = '{concept}'))"""


def list_codes(name: str) -> str:
    """(code, sort) of a code list the code names (partner, aktor: pipelines/contract/concepts.py)."""
    return f"(SELECT code, sort FROM staging.programme_codes WHERE list = '{name}')"


def evaluated_schemes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The evaluated schemes in the programme's order, then ALLE."""
    rows = con.execute("SELECT code FROM staging.programme_schemes WHERE evaluated ORDER BY sort").fetchall()
    return [r[0] for r in rows] + [codes.ALL_SCHEMES]


def meaning_answers(item: str) -> list[tuple[str, int]]:
    """(answer, order) of an item's answers in the marts (pipelines/contract/concepts.py)."""
    return [(answer, order) for order, answer in enumerate(concepts.SURVEY_MEANINGS[item], start=1)]


# Every reporting year in the data, so a year nobody answered still gets its rows.
REPORT_YEARS = "(SELECT DISTINCT aar FROM staging.rapporter)"


# A survey wave in the marts: its year, 0 for the one file of a definition whose name has no year.
WAVE = "coalesce(wave, 0)"
WAVE_COLUMN = (
    "bølge — the survey wave's year (0: the one survey file's name has no year); a wave's "
    "results are never pooled with another's"
)


def asked_waves(*items: str) -> str:
    """(wave) of every survey wave in the data whose questionnaire asked one of `items`: an item
    a wave did not ask is absent for that wave, never zero."""
    listed = ", ".join(f"'{i}'" for i in items)
    return f"""(SELECT DISTINCT coalesce(f.survey_year, 0) AS wave
               FROM staging.survey_frame f JOIN staging.programme_survey_items i
                 ON i.wave IS NULL OR i.wave = f.survey_year
               WHERE i.item IN ({listed}))"""


def survey_distribution_sql(item: str, order_column: str) -> str:
    """Answers to one survey item per wave, each the codes the programme says mean it, over the
    valid answers (a code that means none of them counts in the base only). The order lands in
    `order_column` (sort or code)."""
    values = ", ".join(f"('{a}', {o})" for a, o in meaning_answers(item))
    return f"""
        WITH answers(answer, {order_column}) AS (VALUES {values}),
        waves AS {asked_waves(item)},
        given AS (SELECT {WAVE} AS wave, code, meaning FROM staging.survey_answers WHERE item = '{item}'),
        bases AS (
            SELECT w.wave, count(g.code) AS n_base FROM waves w LEFT JOIN given g USING (wave) GROUP BY w.wave
        ),
        counted AS (
            SELECT w.wave, a.answer, a.{order_column}, count(g.code) AS n
            FROM waves w CROSS JOIN answers a
            LEFT JOIN given g ON g.wave = w.wave AND g.meaning = a.answer
            GROUP BY w.wave, a.answer, a.{order_column}
        )
        SELECT c.answer, c.{order_column}, c.n, b.n_base, 100.0 * c.n / NULLIF(b.n_base, 0) AS pct, c.wave
        FROM counted c JOIN bases b USING (wave)"""

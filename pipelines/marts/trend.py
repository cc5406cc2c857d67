"""Beyond the 2009 report: is the change in goal attainment across years more than chance?"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.marts.spec import MartSpec, evaluated_schemes
from pipelines.marts.stats import chi_square_homogeneity
from pipelines.warehouse.database import fetch_df

COLUMNS = {
    "ordning": "ordning — an evaluated scheme, or ALLE (all together)",
    "n_years": "år — reporting years with at least one goal answer",
    "n": "N — goal answers over those years",
    "chi2": "kjikvadrat — Pearson's chi-square statistic (years × reached all / not all)",
    "dof": "frihetsgrader — degrees of freedom",
    "p_value": "p-verdi — probability of differences this large between years by chance",
    "method": "metode — the test used",
}


def goal_attainment_trend(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Chi-square test of homogeneity of the share reaching all goals across years."""
    data = fetch_df(con, "SELECT aar, ordning, n, n_all FROM marts.goal_attainment ORDER BY aar")
    rows = []
    for scheme in evaluated_schemes(con):
        part = data[(data["ordning"] == scheme) & (data["n"] > 0)]
        table = [[int(r.n_all), int(r.n - r.n_all)] for r in part.itertuples()]
        row = {
            "ordning": scheme,
            "n_years": len(table),
            "n": int(part["n"].sum()),
            "chi2": None,
            "dof": None,
            "p_value": None,
            "method": "Pearson chi-square, years × (all goals / not all)",
        }
        column_sums = [sum(c) for c in zip(*table, strict=True)] if table else []
        if len(table) >= 2 and all(column_sums):
            statistic, dof, p_value = chi_square_homogeneity(table)
            row.update(chi2=statistic, dof=dof, p_value=p_value)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


GOAL_ATTAINMENT_TREND = MartSpec(
    name="goal_attainment_trend",
    norsk="Endring i måloppnåelse over år",
    description="Is the change in goal attainment across years more than chance? Pearson "
    "chi-square test of homogeneity per scheme (docs/analysts.md says why and what "
    "it cannot tell).",
    sql="",
    columns=COLUMNS,
    keys=("ordning",),
    deps=("marts.goal_attainment",),
    compute=goal_attainment_trend,
)

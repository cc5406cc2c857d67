"""Materialise a mart, document it in the file, and check its integrity: plain functions
over a DuckDB connection, so tests and the Dagster assets use the same code."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.contract import codes
from pipelines.marts.spec import MartSpec
from pipelines.marts.stats import chi_square_homogeneity
from pipelines.warehouse import fetch_df, replace_table, run_sql


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def materialize(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> None:
    order = f" ORDER BY {spec.order_by}" if spec.order_by else ""
    run_sql(con, "CREATE SCHEMA IF NOT EXISTS marts")
    run_sql(con, f"CREATE OR REPLACE TABLE {spec.table} AS SELECT {', '.join(spec.columns)} "
                 f"FROM ({spec.sql}){order}")
    comment(con, spec.table, f"{spec.norsk} — {spec.description}", spec.columns)


def comment(con: duckdb.DuckDBPyConnection, table: str, description: str,
            columns: dict[str, str]) -> None:
    """COMMENT ON the table and every column (Norwegian term — English meaning)."""
    run_sql(con, f"COMMENT ON TABLE {table} IS {_quote(description)}")
    for column, text in columns.items():
        run_sql(con, f"COMMENT ON COLUMN {table}.{column} IS {_quote(text)}")


# -- integrity ------------------------------------------------------------------------------------
def duplicate_keys(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[str]:
    keys = ", ".join(spec.keys)
    rows = run_sql(con, f"SELECT {keys}, count(*) FROM {spec.table} GROUP BY ALL HAVING count(*) > 1")
    return [f"{row[:-1]} appears {row[-1]} times" for row in rows]


def percentages_out_of_range(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[str]:
    problems = []
    for column in spec.percent_columns:
        rows = run_sql(con, f"SELECT {', '.join(spec.keys)}, {column} FROM {spec.table} "
                            f"WHERE {column} < 0 OR {column} > 100 OR isnan({column})")
        problems += [f"{column} = {row[-1]} at {row[:-1]}" for row in rows]
    return problems


def counts_above_base(con: duckdb.DuckDBPyConnection, spec: MartSpec) -> list[str]:
    problems = []
    for count, base in spec.within:
        rows = run_sql(con, f"SELECT {', '.join(spec.keys)}, {count}, {base} FROM {spec.table} "
                            f"WHERE {count} > {base}")
        problems += [f"{count} = {row[-2]} > {base} = {row[-1]} at {row[:-2]}" for row in rows]
    return problems


def missing_reporting_years(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = run_sql(con, """SELECT DISTINCT aar FROM staging.rapporter
                           EXCEPT SELECT aar FROM marts.goal_attainment ORDER BY 1""")
    return [f"year {r[0]} is missing" for r in rows]


def missing_projects(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = run_sql(con, """SELECT DISTINCT enhet_id, ordning FROM staging.grants
                           WHERE ordning IN ('BLD', 'AVDIR')
                           EXCEPT SELECT enhet_id, ordning FROM marts.projects ORDER BY 1, 2""")
    return [f"{r[0]} / {r[1]} is missing" for r in rows]


def low_response(con: duckdb.DuckDBPyConnection, threshold: float = 50.0) -> list[str]:
    rows = run_sql(con, f"""SELECT n_respondents, n_projects, pct FROM marts.response
                            WHERE dimension = 'total' AND pct < {threshold}""")
    return [f"{r[0]} of {r[1]} projects answered ({r[2]:.1f} %)" for r in rows]


def thin_reporting_years(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = run_sql(con, """
        SELECT y.aar, count(r.aar) AS n_reports, (SELECT count(*) FROM staging.projects) AS n_projects
        FROM (SELECT DISTINCT aar FROM staging.rapporter) y
        LEFT JOIN staging.rapporter r USING (aar)
        GROUP BY y.aar HAVING 2 * count(r.aar) < (SELECT count(*) FROM staging.projects)
        ORDER BY y.aar""")
    return [f"{r[0]}: {r[1]} reports from {r[2]} projects" for r in rows]


# -- beyond the 2009 report: is the change in goal attainment more than chance? ------------------
TREND_COLUMNS = {
    "ordning": "ordning — BLD, AVDIR or ALLE",
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
    for scheme in ("BLD", "AVDIR", "ALLE"):
        part = data[(data["ordning"] == scheme) & (data["n"] > 0)]
        table = [[int(r.n_all), int(r.n - r.n_all)] for r in part.itertuples()]
        row = {"ordning": scheme, "n_years": len(table), "n": int(part["n"].sum()),
               "chi2": None, "dof": None, "p_value": None,
               "method": "Pearson chi-square, years × (all goals / not all)"}
        column_sums = [sum(c) for c in zip(*table, strict=True)] if table else []
        if len(table) >= 2 and all(column_sums):
            statistic, dof, p_value = chi_square_homogeneity(table)
            row.update(chi2=statistic, dof=dof, p_value=p_value)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(TREND_COLUMNS))


# -- lookups ------------------------------------------------------------------------------------
def value_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The contract's survey labels, with the survey file's own label for each code beside."""
    rows = [(variable, code, label) for variable, labels in codes.SURVEY_VARIABLES.items()
            for code, label in labels.items()]
    contract = pd.DataFrame(rows, columns=["variable", "code", "label"])
    in_file = fetch_df(con, "SELECT variable, code, label AS file_label FROM staging.survey_value_labels")
    # Outer: codes only the file labels (such as a user-missing 9 "ikke svart") are kept too.
    merged = contract.merge(in_file, on=["variable", "code"], how="outer")
    order = {v: i for i, v in enumerate(codes.SURVEY_VARIABLES)}
    merged = merged.sort_values(["variable", "code"], key=lambda s: s.map(order) if s.name == "variable"
                                else s).reset_index(drop=True)
    for column in ("label", "file_label"):
        merged[column] = merged[column].astype(object).where(merged[column].notna(), None)
    return merged


def code_labels() -> pd.DataFrame:
    domains = {
        "ordning": codes.SCHEME_LABELS, "arsak": codes.REASONS,
        "suksess": codes.SUCCESS_FACTORS, "kategori": codes.MEASURE_CATEGORIES,
        "malgruppe": codes.TARGET_GROUPS, "partner": codes.PARTNERS, "actor": codes.ACTORS,
        "kode": codes.INTERVIEW_CODES, "rolle": codes.INFORMANT_ROLES,
        "funding_category": {"kun_en": "Kun midler fra én satsing",
                             "flere": "Midler fra mer enn én satsing",
                             "bld_og_avdir": "Både BLD og AVdir",
                             **{c: codes.SCHEME_LABELS[c] for c in codes.OTHER_SCHEMES}},
        "national_goals": {"stor_noen": "I stor/noen grad", "liten": "I liten grad",
                           "ikke_sikker": "Ikke sikker"},
        "continuation_survey": {"videreføres": "Tiltakene skal videreføres",
                                "ikke_videreføres": "Tiltakene skal ikke videreføres",
                                "usikker": "Usikker på videreføring"},
        "size_class": {"liten": "Under 5 000 innbyggere", "mellomstor": "5 000–19 999 innbyggere",
                       "stor": "20 000 innbyggere og flere", "ukjent": "Ukjent"},
    }
    rows = [(domain, code, label) for domain, labels in domains.items()
            for code, label in labels.items()]
    return pd.DataFrame(rows, columns=["domain", "code", "label"])


LOOKUP_COLUMNS = {
    "value_labels": {
        "variable": "variabel — survey variable",
        "code": "kode — the code in the questionnaire",
        "label": "etikett — what the code means (the data contract's label; NULL for a code "
                 "only the file labels, such as a user-missing code)",
        "file_label": "etikett i filen — the survey file's own label for the code, if any",
    },
    "code_labels": {
        "domain": "domene — which kind of code (ordning, arsak, kategori, partner, …)",
        "code": "kode — the code as stored in the tables",
        "label": "etikett — the Norwegian label used in the report",
    },
}


def write_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
                description: str, columns: dict[str, str]) -> None:
    replace_table(con, table, frame)
    comment(con, table, description, columns)

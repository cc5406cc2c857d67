"""Lookup tables for analysts: the survey's value labels and the labels of every code."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.contract import codes
from pipelines.marts.spec import MartSpec
from pipelines.warehouse.database import fetch_df


def value_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The contract's survey labels, with the survey file's own label for each code beside."""
    rows = [
        (variable, code, label)
        for variable, labels in codes.SURVEY_VARIABLES.items()
        for code, label in labels.items()
    ]
    contract = pd.DataFrame(rows, columns=["variable", "code", "label"])
    in_file = fetch_df(con, "SELECT variable, code, label AS file_label FROM staging.survey_value_labels")
    # Outer: codes only the file labels (such as a user-missing 9 "ikke svart") are kept too.
    merged = contract.merge(in_file, on=["variable", "code"], how="outer")
    order = {v: i for i, v in enumerate(codes.SURVEY_VARIABLES)}
    merged = merged.sort_values(
        ["variable", "code"], key=lambda s: s.map(order) if s.name == "variable" else s
    ).reset_index(drop=True)
    for column in ("label", "file_label"):
        merged[column] = merged[column].astype(object).where(merged[column].notna(), None)
    return merged


# Every code the marts store, by domain, with the Norwegian label the report uses.
CODE_DOMAINS: dict[str, dict[str, str]] = {
    "ordning": codes.SCHEME_LABELS,
    "arsak": codes.REASONS,
    "suksess": codes.SUCCESS_FACTORS,
    "kategori": codes.MEASURE_CATEGORIES,
    "malgruppe": codes.TARGET_GROUPS,
    "partner": codes.PARTNERS,
    "actor": codes.ACTORS,
    "kode": codes.INTERVIEW_CODES,
    "rolle": codes.INFORMANT_ROLES,
    "funding_category": codes.FUNDING_CATEGORIES,
    "national_goals": {a: label for a, (label, _) in codes.NATIONAL_GOALS_ANSWERS.items()},
    "continuation_survey": {a: label for a, (label, _) in codes.CONTINUATION_SURVEY_ANSWERS.items()},
    "size_class": codes.SIZE_CLASS_LABELS,
}


def code_labels(_con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    rows = [
        (domain, code, label) for domain, labels in CODE_DOMAINS.items() for code, label in labels.items()
    ]
    return pd.DataFrame(rows, columns=["domain", "code", "label"])


def label(domain: str, code: str) -> str:
    """The Norwegian label of a code, or the code itself when it has none."""
    return CODE_DOMAINS.get(domain, {}).get(code, code)


VALUE_LABELS = MartSpec(
    name="value_labels",
    norsk="Verdietiketter",
    description="Survey value labels (variable, code, label) for analysts, with the survey "
    "file's own labels beside the contract's.",
    sql="",
    columns={
        "variable": "variabel — survey variable",
        "code": "kode — the code in the questionnaire",
        "label": "etikett — what the code means (the data contract's label; NULL for a code "
        "only the file labels, such as a user-missing code)",
        "file_label": "etikett i filen — the survey file's own label for the code, if any",
    },
    keys=("variable", "code"),
    deps=("staging.survey_value_labels",),
    compute=value_labels,
)

CODE_LABELS = MartSpec(
    name="code_labels",
    norsk="Kodeetiketter",
    description="Norwegian labels of every code used in the marts.",
    sql="",
    columns={
        "domain": "domene — which kind of code (ordning, arsak, kategori, partner, …)",
        "code": "kode — the code as stored in the tables",
        "label": "etikett — the Norwegian label used in the report",
    },
    keys=("domain", "code"),
    deps=(),
    compute=code_labels,
)

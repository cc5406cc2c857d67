"""Lookup tables for analysts: the survey's value labels and the labels of every code."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.contract import codes, concepts
from pipelines.marts.spec import MartSpec
from pipelines.warehouse.database import fetch_df, run_sql


def value_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The programme's survey labels (each wave's variables with their code lists), with the
    survey file's own label for each code beside."""
    programme = fetch_df(
        con,
        """SELECT i.variable, c.code::INTEGER AS code, c.label,
                  min(i.sort) OVER (PARTITION BY i.variable) AS item_sort
           FROM staging.programme_survey_items i
           JOIN staging.programme_codes c ON c.list = i.code_list""",
    ).drop_duplicates(["variable", "code"])
    in_file = fetch_df(con, "SELECT variable, code, label AS file_label FROM staging.survey_value_labels")
    # Outer: codes only the file labels (such as a user-missing 9 "ikke svart") are kept too.
    merged = programme.merge(in_file, on=["variable", "code"], how="outer")
    order = dict(zip(programme["variable"], programme["item_sort"], strict=False))
    merged = (
        merged.drop(columns=["item_sort"])
        .sort_values(["variable", "code"], key=lambda s: s.map(order) if s.name == "variable" else s)
        .reset_index(drop=True)
    )
    merged["code"] = merged["code"].astype("int64")
    for column in ("label", "file_label"):
        merged[column] = merged[column].astype(object).where(merged[column].notna(), None)
    return merged


def code_domains(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Every code the marts store, by domain, with the Norwegian label the report uses: the
    programme's (schemes, code lists, codebook) and the evaluation's own (size class, answers)."""

    def pairs(sql: str, params: list[str] | None = None) -> dict[str, str]:
        # sql: trusted — the statements below, written here, with their values bound
        return {str(code): str(label) for code, label in run_sql(con, sql, params)}

    def of_concept(concept: str) -> dict[str, str]:
        return pairs(
            """SELECT c.code, c.label FROM staging.programme_codes c
               WHERE c.list = (SELECT min(code_list) FROM staging.programme_form_columns
                               WHERE concept = ?) ORDER BY c.sort""",
            [concept],
        )

    texts = pairs("SELECT key, value FROM staging.programme_texts")
    schemes = pairs("SELECT code, name FROM staging.programme_schemes ORDER BY sort")
    others = pairs("SELECT code, name FROM staging.programme_schemes WHERE NOT evaluated ORDER BY sort")
    return {
        "ordning": {**schemes, codes.ALL_SCHEMES: texts["alle_navn"]},
        "arsak": of_concept("arsaker_ikke_nadd"),
        "suksess": of_concept("suksessfaktorer"),
        "kategori": of_concept("kategori"),
        "malgruppe": of_concept("malgruppe"),
        "partner": pairs(
            "SELECT code, label FROM staging.programme_codes WHERE list = 'partner' ORDER BY sort"
        ),
        "actor": pairs("SELECT code, label FROM staging.programme_codes WHERE list = 'aktor' ORDER BY sort"),
        "kode": pairs("SELECT code, label FROM staging.programme_codebook ORDER BY sort"),
        "rolle": codes.INFORMANT_ROLES,
        "funding_category": {
            **codes.FUNDING_CATEGORIES,
            texts["alle_evaluerte_kategori"]: texts["alle_evaluerte_etikett"],
            **others,
        },
        "national_goals": concepts.SURVEY_MEANINGS["national_goals"],
        "continuation_survey": concepts.SURVEY_MEANINGS["continuation"],
        "size_class": codes.SIZE_CLASS_LABELS,
    }


def code_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rows = [
        (domain, code, label)
        for domain, labels in code_domains(con).items()
        for code, label in labels.items()
    ]
    return pd.DataFrame(rows, columns=["domain", "code", "label"])


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
    deps=("staging.survey_value_labels", "staging.programme_survey_items", "staging.programme_codes"),
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
    deps=("staging.programme_schemes", "staging.programme_codes", "staging.programme_codebook"),
    compute=code_labels,
)

"""The same marts with DuckDB alone: the yardstick the pipeline's cost is measured against.

Reads the CSV files of a benchmark dataset with DuckDB's read_csv (the survey, which DuckDB
cannot read, with pyreadstat), builds the staging tables in SQL and runs every mart's SQL from
pipelines/marts. No validation, no Dagster, no report.

    python -m bench.bare DATA_DIR OUT.duckdb
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pyreadstat

from pipelines.contract import codes, concepts
from pipelines.contract.programme_files import bundled
from pipelines.ingest.read_programme import programme_frames
from pipelines.ingest.read_survey_waves import survey_answers, survey_year
from pipelines.marts.catalog import CONTRACT_MARTS
from pipelines.marts.trend import goal_attainment_trend
from pipelines.warehouse.staging import PROJECTS


def _id(column: str) -> str:
    return (
        f"CASE WHEN length(regexp_replace(trim({column}), '\\.0+$', '')) IN (3, 5) "
        f"THEN '0' || regexp_replace(trim({column}), '\\.0+$', '') "
        f"ELSE regexp_replace(trim({column}), '\\.0+$', '') END"
    )


def _whole(column: str) -> str:
    return (
        f"CAST(NULLIF(regexp_replace(regexp_replace({column}, '[ \u00a0\u202f]', '', 'g'), "
        f"'\\.0+$', ''), '') AS BIGINT)"
    )


def _list(column: str) -> str:
    return f"list_filter(string_split(lower(coalesce({column}, '')), '|'), lambda x: x <> '')"


# The concepts the 2009 form lacks (those of the forms from 2022): NULL, or an empty list.
FORM_2009 = {file: {c.concept for c in bundled().forms[0].of(file)} for file in ("rapporter", "tiltak")}


def _absent(file: str) -> str:
    return ", ".join(
        f"[]::VARCHAR[] AS {c.name}"
        if c.kind == concepts.CODE_LIST
        else f"NULL::{concepts.SQL_TYPES[c.kind]} AS {c.name}"
        for c in concepts.FORM_CONCEPTS[file].values()
        if c.name not in FORM_2009[file]
    )


def compute(data: Path, out: Path) -> None:
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    csv = "read_csv('{}', all_varchar = true, header = true)"
    regions = ", ".join(f"('{k}', '{v}')" for k, v in codes.DEFAULT_REGIONS.items())
    statements = [
        "CREATE SCHEMA staging",
        "CREATE SCHEMA marts",
        f"CREATE TABLE staging.regions AS SELECT * FROM (VALUES {regions}) t(fylke, region)",
        f"""CREATE TABLE staging.units AS
            SELECT u.*, r.region,
                   CASE WHEN innbyggere IS NULL THEN 'ukjent' WHEN innbyggere < 5000 THEN 'liten'
                        WHEN innbyggere < 20000 THEN 'mellomstor' ELSE 'stor' END AS size_class
            FROM (SELECT {_id("enhet_id")} AS enhet_id, navn, {_whole("innbyggere")} AS innbyggere,
                         left({_id("enhet_id")}, 2) AS fylke
                  FROM {csv.format(data / "units.csv")}) u
            LEFT JOIN staging.regions r USING (fylke)""",
        f"""CREATE TABLE staging.grants AS
            SELECT {_id("enhet_id")} AS enhet_id, {_id("enhet_id")} AS enhet_id_rapportert,
                   upper(ordning) AS ordning,
                   {_whole("aar")}::INTEGER AS aar, {_whole("belop_nok")} AS belop_nok,
                   NULL::BIGINT AS soknad_nok
            FROM {csv.format(data / "grants.csv")}""",
        f"""CREATE TABLE staging.rapporter AS
            SELECT {_id("enhet_id")} AS enhet_id, {_id("enhet_id")} AS enhet_id_rapportert,
                   upper(ordning) AS ordning,
                   {_whole("aar")}::INTEGER AS aar, NULLIF(lower(mal_nadd), '') AS mal_nadd,
                   {_list("arsaker_ikke_nadd")} AS arsaker_ikke_nadd,
                   {_list("suksessfaktorer")} AS suksessfaktorer,
                   NULLIF(lower(videreforing), '') AS videreforing,
                   NULLIF(lower(videreforing_uten_tilskudd), '') AS videreforing_uten_tilskudd,
                   NULLIF(lower(brukermedvirkning), '') AS brukermedvirkning,
                   {_absent("rapporter")}
            FROM read_csv('{data}/reporting/*/rapporter.csv', all_varchar = true, header = true,
                          union_by_name = true)""",
        f"""CREATE TABLE staging.tiltak AS
            SELECT {_id("enhet_id")} AS enhet_id, {_id("enhet_id")} AS enhet_id_rapportert,
                   upper(ordning) AS ordning,
                   {_whole("aar")}::INTEGER AS aar, tiltak_navn, lower(kategori) AS kategori,
                   lower(malgruppe) AS malgruppe, {_whole("budsjett_nok")} AS budsjett_nok,
                   {_whole("deltakere")} AS deltakere, lower(status) AS status,
                   {_whole("forste_aar")}::INTEGER AS forste_aar,
                   {_absent("tiltak")}
            FROM read_csv('{data}/reporting/*/tiltak.csv', all_varchar = true, header = true,
                          union_by_name = true)""",
        f"""CREATE TABLE staging.informants AS
            SELECT informant_id, intervju_id, {_id("enhet_id")} AS enhet_id, rolle, tittel
            FROM {csv.format(data / "interviews" / "informants.csv")}""",
        f"""CREATE TABLE staging.segments AS
            SELECT row_number() OVER () AS segment_id, intervju_id,
                   split_part(lower(kode), '/', 1) AS kode, lower(kode) AS kode_full, tekst,
                   lower(coalesce(sitat, '')) = 'ja' AS sitat
            FROM {csv.format(data / "interviews" / "segments.csv")}""",
    ]
    for statement in statements:
        con.execute(statement).fetchall()
    sav = next((data / "survey").glob("*.sav"))
    survey, _meta = pyreadstat.read_sav(str(sav))
    survey.insert(0, "case_number", range(1, len(survey) + 1))
    survey["enhet_id"] = survey["enhet_id"].map(
        lambda v: str(v).zfill(4) if len(str(v)) in (3, 4) else str(v).zfill(6)
    )
    survey["ordning"] = survey["ordning"].str.upper()
    programme = bundled()
    for name, frame in programme_frames(programme).items():
        con.register("frame", frame)
        con.execute(f"CREATE TABLE staging.{name} AS SELECT * FROM frame").fetchall()
        con.unregister("frame")
    wave = programme.waves[0]
    year = survey_year(sav.name)
    survey = survey.rename(columns={i.variable: i.column for i in wave.items})
    survey.insert(0, "survey_file", f"survey/{sav.name}")
    survey.insert(1, "wave", year)
    con.register("survey_frame", survey)
    coded = ", ".join(f"CAST({i.column} AS INTEGER) AS {i.column}" for i in wave.items)
    con.execute(
        "CREATE TABLE staging.survey AS SELECT survey_file, case_number, wave::INTEGER AS wave, enhet_id, "
        f"enhet_id AS enhet_id_rapportert, ordning, {coded} FROM survey_frame"
    ).fetchall()
    answers = survey_answers(programme, [(wave, con.execute("SELECT * FROM staging.survey").fetchdf())])
    con.register("answers", answers)
    con.execute("CREATE TABLE staging.survey_answers AS SELECT * FROM answers").fetchall()
    con.execute(
        f"CREATE TABLE staging.survey_frame AS SELECT 'survey/{sav.name}' AS survey_file, "
        f"{year if year else 'NULL'}::INTEGER AS survey_year, NULL::INTEGER AS frame_years"
    ).fetchall()
    con.execute(f"CREATE TABLE {PROJECTS.table} AS {PROJECTS.sql}").fetchall()
    for spec in CONTRACT_MARTS:
        order = f" ORDER BY {spec.order_by}" if spec.order_by else ""
        con.execute(
            f"CREATE TABLE {spec.table} AS SELECT {', '.join(spec.columns)} FROM ({spec.sql}){order}"
        ).fetchall()
    trend = goal_attainment_trend(con)
    con.register("trend", trend)
    con.execute("CREATE TABLE marts.goal_attainment_trend AS SELECT * FROM trend").fetchall()
    con.close()


if __name__ == "__main__":
    compute(Path(sys.argv[1]), Path(sys.argv[2]))

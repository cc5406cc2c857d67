"""Every staging table, declared once: its columns and types, its grain and its description.

A staging table holds one input file's rows, typed and with codes normalised; its columns come
from the file's declaration in pipelines/contract/input_files.py, plus what is derived on the way
in (a unit's county, region and size class). `projects` is derived in SQL from the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.contract import concepts, input_files
from pipelines.contract.programme_files import bundled


@dataclass(frozen=True)
class StagingTable:
    name: str
    description: str
    grain: tuple[str, ...]
    columns: dict[str, tuple[str, str]]  # column -> (SQL type, "norsk — English meaning")
    source: str = ""  # the raw table it is loaded from; "" for a table derived in SQL
    sql: str = ""  # a derived table: a SELECT over other staging tables
    deps: tuple[str, ...] = ()  # a derived table: the staging tables it reads
    # beyond `columns`: every other column of the frame, of this SQL type (the survey's items,
    # which the programme's waves name)
    open_type: str = ""
    open_meaning: str = ""

    @property
    def table(self) -> str:
        return f"staging.{self.name}"

    @property
    def yearly(self) -> bool:
        """Loaded one reporting year at a time: reporting/<year>/."""
        return self.source in YEARLY_SOURCES

    @property
    def types(self) -> list[tuple[str, str]]:
        return [(column, sql_type) for column, (sql_type, _) in self.columns.items()]


def _from_input(schema: input_files.InputFile, **derived: tuple[str, str]) -> dict[str, tuple[str, str]]:
    columns: dict[str, tuple[str, str]] = {}
    for c in schema.columns:
        columns[c.name] = (c.sql_type, c.meaning)
        if c.name == "enhet_id" and schema is not input_files.UNITS:
            columns[REPORTED_ID] = REPORTED_ID_COLUMN
    columns.update(derived)
    return columns


# Beside every enhet_id read from a file other than units.csv: the id as written there.
REPORTED_ID = "enhet_id_rapportert"
REPORTED_ID_COLUMN = (
    "VARCHAR",
    "enhet (rapportert) — the unit id as written in the file; differs from enhet_id when it was "
    "resolved through the change history (reference/kommuneendringer.csv)",
)


UNITS = StagingTable(
    "units",
    "Grant units with county, region and size class.",
    input_files.UNITS.key,
    _from_input(
        input_files.UNITS,
        fylke=("VARCHAR", "fylke — county number, the first two digits of enhet_id"),
        region=("VARCHAR", "region — from the county number (regions.csv or the default)"),
        size_class=("VARCHAR", "størrelse — liten, mellomstor, stor or ukjent, from innbyggere"),
    ),
    source="units",
)
REGIONS = StagingTable(
    "regions",
    "County → region map in force (regions.csv or the default).",
    ("fylke",),
    _from_input(input_files.REGIONS),
    source="regions",
)
# grants.csv's columns do not depend on the programme (its scheme codes do)
_GRANTS_FILE = bundled().grants_file()
GRANTS = StagingTable(
    "grants",
    "Grants per unit, scheme and year.",
    _GRANTS_FILE.key,
    _from_input(_GRANTS_FILE),
    source="grants",
)


def _form_columns(file: str) -> dict[str, tuple[str, str]]:
    """The key, then every concept a programme's form can feed (pipelines/contract/concepts.py):
    whatever a form calls a column, staging has the concept's name."""
    columns: dict[str, tuple[str, str]] = {
        "enhet_id": ("VARCHAR", "enhet — unit id"),
        REPORTED_ID: REPORTED_ID_COLUMN,
        "ordning": ("VARCHAR", "ordning — grant scheme code"),
        "aar": ("INTEGER", "år — reporting year (the folder's year)"),
    }
    for concept in concepts.FORM_CONCEPTS[file].values():
        columns[concept.name] = (concepts.SQL_TYPES[concept.kind], concept.meaning)
    return columns


RAPPORTER = StagingTable(
    "rapporter",
    "Annual reports, one row per project and year, codes resolved; a concept the year's form "
    "does not have is NULL.",
    ("enhet_id", "ordning", "aar"),
    _form_columns("rapporter"),
    source="rapporter",
)
TILTAK = StagingTable(
    "tiltak",
    "Measures (activities, from 2022), one row per measure and year; a concept the year's form "
    "does not have is NULL.",
    (),
    _form_columns("tiltak"),
    source="tiltak",
)
SURVEY = StagingTable(
    "survey",
    "Questionnaire answers; NULL = not answered (system- or user-missing).",
    ("survey_file", *input_files.SURVEY_KEY),
    {
        "survey_file": ("VARCHAR", "fil — the wave's .sav file"),
        "case_number": ("INTEGER", "case — the case number in the wave's .sav file, first = 1"),
        "wave": ("INTEGER", "bølge — the survey wave's year (from the file name); NULL: not named"),
        "enhet_id": ("VARCHAR", "enhet — unit id"),
        REPORTED_ID: REPORTED_ID_COLUMN,
        "ordning": ("VARCHAR", "ordning — evaluated scheme"),
    },
    source="survey",
    open_type="INTEGER",
    open_meaning="survey code of an item (the column is the item, and its partner or actor: "
    "importance_skole); the programme's sporreskjema.csv names the variable it was read from",
)
SURVEY_VALUE_LABELS = StagingTable(
    "survey_value_labels",
    "The survey file's own value labels (variable, code, label).",
    ("variable", "code"),
    {
        "variable": ("VARCHAR", "variabel — survey variable"),
        "code": ("INTEGER", "kode — the code"),
        "label": ("VARCHAR", "etikett — the file's label for the code"),
    },
    source="survey",
)
SURVEY_FRAME = StagingTable(
    "survey_frame",
    "The questionnaire's frame: its file and survey year (from the name, sporreskjema_2009.sav); "
    "only projects with a grant in a year before it were asked.",
    ("survey_file",),
    {
        "survey_file": ("VARCHAR", "fil — the survey file"),
        "survey_year": (
            "INTEGER",
            "undersøkelsesår — the year in the file name; NULL: every project was asked",
        ),
        "frame_years": (
            "INTEGER",
            "rammeår — the wave asked projects with a grant in this many years before it; NULL: any year",
        ),
    },
    source="survey",
)
INFORMANTS = StagingTable(
    "informants",
    "Interview informants with role and title; names dropped.",
    input_files.INFORMANTS.key,
    _from_input(input_files.INFORMANTS),
    source="informants",
)
SEGMENTS = StagingTable(
    "segments",
    "Coded interview segments, code resolved to its top-level parent.",
    ("segment_id",),
    {
        "segment_id": ("INTEGER", "avsnitt — segment number, in file order"),
        "intervju_id": ("VARCHAR", "intervju — the interview"),
        "kode": ("VARCHAR", "kode — top-level codebook code"),
        "kode_full": ("VARCHAR", "kode (full) — the code as written, parent/child"),
        "tekst": ("VARCHAR", "tekst — the coded passage"),
        "sitat": ("BOOLEAN", "sitat — may be quoted in reports"),
    },
    source="segments",
)
LAVINNTEKT = StagingTable(
    "lavinntekt",
    "Share of children in persistent low-income households (optional context).",
    input_files.LAVINNTEKT.key,
    _from_input(input_files.LAVINNTEKT),
    source="lavinntekt",
)
CONTEXT_FIGURES = StagingTable(
    "context_figures",
    "Context figures from Statistics Norway's statbank exports in context/ (tables 08764 and "
    "12944): one per place, table, measure, unit (a share or a number of children) and period, "
    "with the symbol where no number is given. "
    "The whole country and the counties are reference rows.",
    ("source_file", "table_id", "measure", "unit", "region_code", "first_year", "last_year"),
    {
        "source_file": ("VARCHAR", "fil — the export it was read from"),
        "table_id": ("VARCHAR", "tabell — the statbank table, 08764 or 12944"),
        "measure": (
            "VARCHAR",
            "mål — income limit: EU-60, EU-50, OECD-50, OECD-60; 'vedvarende' for persistent low "
            "income (12944, three-year periods)",
        ),
        "region_code": (
            "VARCHAR",
            "region — as the statbank wrote it: 0 the whole country, 2 digits a "
            "county, else a municipality or district number",
        ),
        "region_name": ("VARCHAR", "regionnavn — as the statbank wrote it, e.g. 'Tromsø (-2019)'"),
        "period": ("VARCHAR", "periode — as written: 2023 or 2021-2023"),
        "first_year": ("INTEGER", "fra år — first year of the period"),
        "last_year": ("INTEGER", "til år — last year of the period"),
        "unit": (
            "VARCHAR",
            "enhet for tallet — prosent (per cent of children) or antall (children in low-income households)",
        ),
        "value": (
            "DOUBLE",
            "verdi — per cent of children, or their number (see unit); NULL where a symbol stands "
            "instead ('-' is 0)",
        ),
        "symbol": ("VARCHAR", "symbol — Statistics Norway's symbol: . .. ... : or -"),
        "enhet_id": (
            "VARCHAR",
            "enhet — the unit of units.csv (through the change history); NULL for "
            "the country and the counties",
        ),
        "level": ("VARCHAR", "nivå — enhet (a unit of units.csv), fylke or land"),
        "symbol_meaning": ("VARCHAR", "symbolets betydning — missing, confidential, not applicable …"),
    },
    source="statbank",
)
UNIT_CHANGES = StagingTable(
    "unit_changes",
    "The municipality number changes in force (KLASS classification 131): "
    "reference/kommuneendringer.csv, or the copy bundled with grant-eval.",
    (),
    {
        "old_code": ("VARCHAR", "gammelt nummer — the number before the change"),
        "old_name": ("VARCHAR", "gammelt navn — its name"),
        "new_code": ("VARCHAR", "nytt nummer — the number after the change"),
        "new_name": ("VARCHAR", "nytt navn — its name"),
        "change_year": ("INTEGER", "år — the year the change took effect"),
        "source": ("VARCHAR", "kilde — the file the change list was read from"),
    },
    source="kommuneendringer",
)
PROJECTS = StagingTable(
    "projects",
    "Projects: one unit × one evaluated scheme with a grant in at least one year.",
    ("enhet_id", "ordning"),
    {
        "enhet_id": ("VARCHAR", "enhet — unit id"),
        "ordning": ("VARCHAR", "ordning — an evaluated scheme of the programme"),
        "navn": ("VARCHAR", "navn — the unit's name"),
        "region": ("VARCHAR", "region"),
        "size_class": ("VARCHAR", "størrelse"),
        "innbyggere": ("BIGINT", "innbyggere"),
        "first_year": ("INTEGER", "første år — first year with a grant from the scheme"),
        "last_year": ("INTEGER", "siste år — last year with a grant from the scheme"),
        "total_grant_nok": ("BIGINT", "tilskudd i alt — NOK"),
        "in_survey_frame": (
            "BOOLEAN",
            "i utvalget — had a grant in the latest survey wave's frame (the years before it), so was asked",
        ),
        "responded": ("BOOLEAN", "svart — answered the questionnaire; NULL when not asked"),
    },
    sql="""
        WITH grants AS (
            SELECT enhet_id, ordning, min(aar) AS first_year, max(aar) AS last_year,
                   sum(belop_nok)::BIGINT AS total_grant_nok
            FROM staging.grants
            WHERE ordning IN (SELECT code FROM staging.programme_schemes WHERE evaluated)
            GROUP BY enhet_id, ordning
        ),
        wave AS (  -- the latest wave: its year (from the file name) and how many years back it asked
            SELECT survey_file, survey_year, frame_years FROM staging.survey_frame
            ORDER BY survey_year DESC NULLS LAST LIMIT 1
        ),
        framed AS (  -- a survey year in the file name: only projects granted before it were asked
            SELECT g.*, w.survey_file AS wave_file,
                   CASE WHEN w.survey_year IS NULL THEN true
                        ELSE EXISTS (
                            SELECT 1 FROM staging.grants x
                            WHERE x.enhet_id = g.enhet_id AND x.ordning = g.ordning
                              AND x.aar < w.survey_year
                              AND (w.frame_years IS NULL OR x.aar >= w.survey_year - w.frame_years))
                   END AS in_survey_frame
            FROM grants g LEFT JOIN wave w ON true
        )
        SELECT g.enhet_id, g.ordning, u.navn, u.region, u.size_class, u.innbyggere,
               g.first_year, g.last_year, g.total_grant_nok, g.in_survey_frame,
               CASE WHEN g.in_survey_frame THEN EXISTS (
                   SELECT 1 FROM staging.survey s
                   WHERE s.enhet_id = g.enhet_id AND s.ordning = g.ordning
                     AND s.survey_file = g.wave_file) END AS responded
        FROM framed g JOIN staging.units u USING (enhet_id)
        ORDER BY g.enhet_id, g.ordning""",
    deps=("grants", "units", "survey", "survey_frame", "programme_schemes"),
)

PROGRAMME_FILES = StagingTable(
    "programme_files",
    "The programme definition the build evaluated (data contract §7): each file as written, so "
    "the build says which programme, forms, waves and codebook its figures rest on.",
    ("file",),
    {
        "file": ("VARCHAR", "fil — the definition's file, e.g. ordninger.csv"),
        "text": ("VARCHAR", "tekst — its text"),
        "programme": (
            "VARCHAR",
            "program — the bundled definition's name, or programme/ for the data directory's own",
        ),
    },
    source="programme",
)
PROGRAMME_SCHEMES = StagingTable(
    "programme_schemes",
    "The programme's schemes (ordninger.csv), in its order.",
    ("code",),
    {
        "code": ("VARCHAR", "kode — scheme code"),
        "sort": ("INTEGER", "rekkefølge — the definition's order"),
        "name": ("VARCHAR", "navn — its name"),
        "short": ("VARCHAR", "kortnavn — in tables and legends"),
        "administrator": ("VARCHAR", "forvalter — who administers it"),
        "first_year": ("INTEGER", "fra år — first year of grants; NULL: not stated"),
        "last_year": ("INTEGER", "til år — last year; NULL: still running"),
        "evaluated": ("BOOLEAN", "evaluert — its grants make projects"),
        "recipients": ("VARCHAR[]", "mottakere — kommune, bydel, organisasjon"),
        "successor": ("VARCHAR", "etterfølger — the scheme that took over"),
        "lineage": ("VARCHAR", "linje — the series it belongs to"),
    },
    source="programme",
)
PROGRAMME_CODES = StagingTable(
    "programme_codes",
    "The programme's code lists (kodelister.csv) with their labels, in its order.",
    ("list", "code"),
    {
        "list": ("VARCHAR", "liste — the code list"),
        "code": ("VARCHAR", "kode — the code"),
        "sort": ("INTEGER", "rekkefølge — the definition's order within the list"),
        "label": ("VARCHAR", "etikett — its Bokmål label"),
        "short": ("VARCHAR", "kortnavn — shorter, for tables"),
        "series": (
            "VARCHAR",
            "serie — the code it counts as in the series list, or what a survey code means",
        ),
    },
    source="programme",
)
PROGRAMME_SURVEY_ITEMS = StagingTable(
    "programme_survey_items",
    "Which variable of each survey wave carries each of the evaluation's items (sporreskjema.csv).",
    (),  # one row per wave, item and subject; wave is NULL for a definition's one wave
    {
        "wave": ("INTEGER", "bølge — the wave's year; NULL: the definition's one wave"),
        "item": ("VARCHAR", "begrep — the evaluation's item"),
        "subject": ("VARCHAR", "emne — partner or actor; '' for items asked once"),
        "sort": ("INTEGER", "rekkefølge — the definition's order"),
        "variable": ("VARCHAR", "variabel — the .sav file's variable"),
        "column_name": ("VARCHAR", "kolonne — its column in staging.survey"),
        "code_list": ("VARCHAR", "liste — the code list of its answers"),
    },
    source="programme",
)
PROGRAMME_TEXTS = StagingTable(
    "programme_texts",
    "The programme's name and the wording the report takes from its definition (program.csv).",
    ("key",),
    {"key": ("VARCHAR", "nøkkel — the key"), "value": ("VARCHAR", "verdi — the text")},
    source="programme",
)
PROGRAMME_FORM_COLUMNS = StagingTable(
    "programme_form_columns",
    "The reporting forms (skjema.csv): each period's files and columns, and the concept each feeds.",
    ("period", "file", "column_name"),
    {
        "period": ("VARCHAR", "periode — the form's years, 2004–2021 or 2022–"),
        "first_year": ("INTEGER", "fra år — NULL: from the start"),
        "last_year": ("INTEGER", "til år — NULL: still in use"),
        "file": ("VARCHAR", "fil — rapporter or tiltak"),
        "column_name": ("VARCHAR", "kolonne — the column as the file names it"),
        "concept": ("VARCHAR", "begrep — its staging column"),
        "kind": ("VARCHAR", "type — code, code_list, whole, year, text"),
        "code_list": ("VARCHAR", "liste — its code list"),
        "blank_ok": ("BOOLEAN", "blank — a blank cell is allowed"),
        "sort": ("INTEGER", "rekkefølge — the definition's order"),
    },
    source="programme",
)
PROGRAMME_CODEBOOK = StagingTable(
    "programme_codebook",
    "The interview codebook (kodebok.csv) and the chapter of each theme's quotes.",
    ("code",),
    {
        "code": ("VARCHAR", "kode — top-level code"),
        "sort": ("INTEGER", "rekkefølge — the definition's order"),
        "label": ("VARCHAR", "etikett — its label"),
        "chapter": ("VARCHAR", "kapittel — the chapter its quotes belong to"),
    },
    source="programme",
)

SURVEY_ANSWERS = StagingTable(
    "survey_answers",
    "The survey's answers long: one row per answered item, with what its code counts as in the "
    "evaluation (the programme's code lists); unanswered items have no row.",
    ("survey_file", "enhet_id", "ordning", "item", "subject"),
    {
        "survey_file": ("VARCHAR", "fil — the wave's .sav file"),
        "wave": ("INTEGER", "bølge — the wave's year; NULL: not named"),
        "enhet_id": ("VARCHAR", "enhet — unit id"),
        "ordning": ("VARCHAR", "ordning — evaluated scheme"),
        "item": ("VARCHAR", "begrep — the evaluation's item"),
        "subject": ("VARCHAR", "emne — partner or actor; '' for items asked once"),
        "code": ("INTEGER", "kode — the answer's code"),
        "meaning": ("VARCHAR", "betydning — what the code counts as (svaert_viktig, enig, ja, stor_noen …)"),
    },
    source="survey",
)

YEARLY_SOURCES = ("rapporter", "tiltak")  # one folder per year: reporting/<year>/
# Where each raw table is read from, as the data contract names it.
RAW_SOURCE_FILES: dict[str, str] = {
    **{name: schema.path for name, schema in input_files.FILES.items()},
    "grants": "grants.csv",
    "rapporter": "reporting/<year>/rapporter",
    "tiltak": "reporting/<year>/tiltak",
    "survey": input_files.SURVEY_PATH,
    "programme": "programme/ (or the bundled evaluering-2009)",
    "segments": "interviews/segments.csv or interviews/<name>.qdpx",
    "statbank": "context/<statbank export>.csv or .json (tables 08764, 12944)",
}
# Columns every raw table may carry beside the file's own.
RAW_COLUMNS: dict[str, str] = {
    "_file": "fil — the file the row was read from, relative to the data directory",
    "_loc": "plass — where in the file: line (header = 1), sheet and row, or QDA selection",
    "_year": "år — the reporting year folder",
    "_case": "case — the case number in the .sav file, first = 1",
}
# meta.load_log and meta.build_info.
META_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "load_log": (
        "Every input file each run loaded: path, size, SHA-256 and rows.",
        {
            "run_id": "kjøring — the Dagster run (or plain-build) that loaded the file",
            "loaded_at": "lastet — when, UTC",
            "path": "fil — relative to the data directory",
            "size_bytes": "byte — the file's size",
            "sha256": "SHA-256 — of the file's bytes",
            "n_rows": "rader — rows read (a workbook: both sheets; a statbank export: its figures)",
            "n_skipped": "hoppet over — statbank figures for municipalities outside units.csv, not kept",
        },
    ),
    "build_info": (
        "What built this file: one row.",
        {
            "build_id": "bygg — the build, also in the report site's .grant-eval-site",
            "contract_version": "kontraktversjon — the data contract's version",
            "code_version": "kodeversjon — grant-eval's version",
            "storage_version": "lagringsversjon — DuckDB storage version the file is written with",
            "run_id": "kjøring — the Dagster run that computed the marts",
            "published_at": "publisert — when, UTC",
            "data_dir": "datamappe — the data directory read",
            "years_loaded": "år lastet — the reporting years this run loaded",
            "unit_history": "kommunehistorikk — the change history used (reference/kommuneendringer.csv "
            "or the bundled copy) and its SHA-256",
            "input_fingerprint": "fingeravtrykk — SHA-256 of the data directory's files and the code; "
            "a rerun with the same one has nothing to do. Empty when the run left a change unloaded "
            "(a run of chosen years while another year's files had changed)",
            "register_fingerprint": "fingeravtrykk uten årsmappene — the same without reporting/; a "
            "run of chosen years (--year) with the same one reloads only those years",
        },
    ),
}
# Every table loaded from an input, in load order; then the derived ones.
LOADED: tuple[StagingTable, ...] = (
    UNITS,
    REGIONS,
    GRANTS,
    RAPPORTER,
    TILTAK,
    SURVEY,
    SURVEY_ANSWERS,
    SURVEY_VALUE_LABELS,
    SURVEY_FRAME,
    INFORMANTS,
    SEGMENTS,
    LAVINNTEKT,
    CONTEXT_FIGURES,
    UNIT_CHANGES,
    PROGRAMME_FILES,
    PROGRAMME_SCHEMES,
    PROGRAMME_CODES,
    PROGRAMME_SURVEY_ITEMS,
    PROGRAMME_CODEBOOK,
    PROGRAMME_TEXTS,
    PROGRAMME_FORM_COLUMNS,
)
DERIVED: tuple[StagingTable, ...] = (PROJECTS,)
# Raw tables, one per input source; each always exists, so the asset graph is the same
# whatever optional files are present.
RAW_SOURCES: tuple[str, ...] = tuple(dict.fromkeys(t.source for t in LOADED))
REGISTER_SOURCES: tuple[str, ...] = tuple(s for s in RAW_SOURCES if s not in YEARLY_SOURCES)


def loaded_from(source: str) -> list[StagingTable]:
    """The staging tables one raw source fills."""
    return [t for t in LOADED if t.source == source]

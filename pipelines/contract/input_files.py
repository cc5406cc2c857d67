"""The input files of the data contract (section 2), each declared once: its columns, their
kind of value, the rule a value must obey and the SQL type it is stored as.

The loaders (pipelines/ingest), the staging tables (pipelines/warehouse/staging.py), the sample
generator and the benchmark (devtools/, bench/) and the test fixtures all read these
declarations, so a column is added here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from pipelines.contract import codes

# What a column holds; each kind has one rule in pipelines/ingest/fields.py.
UNIT_ID = "unit_id"  # 4 or 6 digits, a lost leading zero restored
CODE = "code"  # one of `codes`
CODE_LIST = "code_list"  # codes separated by '|'
WHOLE = "whole"  # a whole number ≥ `minimum`
YEAR = "year"  # a four-digit year
TEXT = "text"  # free text
SHARE = "share"  # a number from 0 to 100 (per cent), decimal comma or point

SQL_TYPES = {
    UNIT_ID: "VARCHAR",
    CODE: "VARCHAR",
    CODE_LIST: "VARCHAR[]",
    WHOLE: "BIGINT",
    YEAR: "INTEGER",
    TEXT: "VARCHAR",
    SHARE: "DOUBLE",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    meaning: str  # "norsk term — English meaning", as the data dictionary shows it
    codes: tuple[str, ...] = ()  # CODE and CODE_LIST: the allowed codes, in the contract's order
    blank_ok: bool = False  # an empty cell is a valid "blank" (not answered, unknown, none)
    required: bool = True  # the header must name it
    minimum: int = 0  # WHOLE: the smallest valid value
    upper: bool = False  # CODE: codes are upper case (schemes)
    aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


@dataclass(frozen=True)
class InputFile:
    """One input table of the contract. `name` is also its raw and staging table's name."""

    name: str
    path: str  # where it lies in the data directory, as messages show it
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # one row per these columns
    key_rule: str = ""  # the message when the key repeats

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _unit(meaning: str = "enhet — unit id (kommune 4 digits, bydel 6 digits)") -> Column:
    return Column("enhet_id", UNIT_ID, meaning)


def _scheme(allowed: tuple[str, ...]) -> Column:
    return Column("ordning", CODE, "ordning — grant scheme code", codes=allowed, upper=True)


_YEAR = Column("aar", YEAR, "år — year")

UNITS = InputFile(
    "units",
    "units.csv",
    "Register of grant units (municipalities and Oslo districts).",
    (
        _unit(),
        Column("navn", TEXT, "navn — name of the municipality or district"),
        Column("innbyggere", WHOLE, "innbyggere — population; blank when unknown", blank_ok=True),
    ),
    key=("enhet_id",),
    key_rule="enhet_id must be unique in units.csv",
)

REGIONS = InputFile(
    "regions",
    "regions.csv",
    "Optional county → region map replacing the default.",
    (
        Column("fylke", TEXT, "fylke — county number, two digits"),
        Column("region", TEXT, "region — region name"),
    ),
    key=("fylke",),
    key_rule="a county may appear only once in regions.csv",
)

GRANTS = InputFile(
    "grants",
    "grants.csv",
    "Grants per unit, scheme and year.",
    (
        _unit(),
        _scheme(codes.SCHEMES),
        _YEAR,
        Column("belop_nok", WHOLE, "beløp — grant, NOK", minimum=1),
    ),
    key=("enhet_id", "ordning", "aar"),
    key_rule="a grant may appear only once per unit, scheme and year",
)

RAPPORTER = InputFile(
    "rapporter",
    "reporting/<year>/rapporter",
    "Annual reports, one row per project and year.",
    (
        _unit(),
        _scheme(codes.EVALUATED_SCHEMES),
        Column("aar", YEAR, "år — reporting year (the folder's year)"),
        Column(
            "mal_nadd",
            CODE,
            "mål nådd — alle (reached all goals) or ikke_alle; blank = not answered",
            codes=codes.GOAL_ANSWERS,
            blank_ok=True,
        ),
        Column(
            "arsaker_ikke_nadd",
            CODE_LIST,
            "årsaker — why not all goals were reached",
            codes=tuple(codes.REASONS),
        ),
        Column(
            "suksessfaktorer",
            CODE_LIST,
            "suksessfaktorer — explanations of success",
            codes=tuple(codes.SUCCESS_FACTORS),
        ),
        Column(
            "videreforing",
            CODE,
            "videreføring — plans for the measures; blank = not answered",
            codes=codes.CONTINUATION_PLANS,
            blank_ok=True,
        ),
        Column(
            "videreforing_uten_tilskudd",
            CODE,
            "uten tilskudd — would continue if the grant ends; blank = not answered",
            codes=codes.YES_NO_UNSURE,
            blank_ok=True,
        ),
        Column(
            "brukermedvirkning",
            CODE,
            "brukermedvirkning — systematic user participation; blank = not answered",
            codes=codes.YES_NO,
            blank_ok=True,
        ),
    ),
    key=("enhet_id", "ordning", "aar"),
    key_rule="a second report for the same project and year",
)

TILTAK = InputFile(
    "tiltak",
    "reporting/<year>/tiltak",
    "Measures, one row per measure and year.",
    (
        _unit(),
        _scheme(codes.EVALUATED_SCHEMES),
        Column("aar", YEAR, "år — reporting year (the folder's year)"),
        Column(
            "tiltak_navn",
            TEXT,
            "tiltak — the measure's name as the municipality wrote it (untrusted free text)",
        ),
        Column("kategori", CODE, "kategori — category of measure", codes=tuple(codes.MEASURE_CATEGORIES)),
        Column(
            "malgruppe",
            CODE,
            "målgruppe — alle (open to all) or individ (identified children or families)",
            codes=tuple(codes.TARGET_GROUPS),
        ),
        Column("budsjett_nok", WHOLE, "budsjett — the measure's budget, NOK"),
        Column("deltakere", WHOLE, "deltakere — participants; blank when unknown", blank_ok=True),
        Column(
            "status",
            CODE,
            "status — ny (new) or videreført (continued)",
            codes=codes.MEASURE_STATUSES,
            aliases=MappingProxyType({"viderefort": "videreført"}),
        ),
        Column("forste_aar", YEAR, "første år — year first supported; blank when new", blank_ok=True),
    ),
)

INFORMANTS = InputFile(
    "informants",
    "interviews/informants.csv",
    "Who was interviewed. `navn` is personal data: read for validation, then dropped.",
    (
        Column("informant_id", TEXT, "informant — informant id"),
        Column("intervju_id", TEXT, "intervju — interview id (a group interview has several informants)"),
        _unit("enhet — the case unit"),
        Column("rolle", CODE, "rolle — the informant's role", codes=tuple(codes.INFORMANT_ROLES)),
        Column(
            "tittel",
            TEXT,
            "tittel — the title used when quoting; default: the role",
            blank_ok=True,
            required=False,
        ),
    ),
    key=("informant_id",),
    key_rule="informant_id must be unique",
)
# Personal data: read for validation, then dropped; never stored or shown.
INFORMANT_NAME = "navn"

SEGMENTS = InputFile(
    "segments",
    "interviews/segments.csv",
    "Coded interview segments.",
    (
        Column("intervju_id", TEXT, "intervju — the interview (in informants.csv)"),
        Column("kode", TEXT, "kode — codebook code, parent/child counts under parent"),
        Column("tekst", TEXT, "tekst — the coded passage"),
        Column("sitat", CODE, "sitat — ja: may be quoted in reports", codes=("ja",), blank_ok=True),
    ),
)

LAVINNTEKT = InputFile(
    "lavinntekt",
    "context/lavinntekt.csv",
    "Share of children in households with persistent low income (optional context).",
    (
        _unit(),
        _YEAR,
        Column(
            "andel_barn_lavinntekt",
            SHARE,
            "andel — per cent of children in households with persistent low income, 0–100",
        ),
    ),
    key=("enhet_id", "aar"),
    key_rule="a unit may appear only once per year in lavinntekt.csv",
)

KOMMUNEENDRINGER = InputFile(
    "kommuneendringer",
    "reference/kommuneendringer.csv",
    "Optional: Statistics Norway's KLASS change list for municipality numbers (classification "
    "131), as its API exports it; replaces the bundled copy as a whole. Other columns are ignored.",
    (
        Column(
            "oldcode", UNIT_ID, "oldCode — the number before the change; blank: a new code", blank_ok=True
        ),
        Column("oldname", TEXT, "oldName — its name", blank_ok=True),
        Column("newcode", UNIT_ID, "newCode — the number after; blank: it ceased", blank_ok=True),
        Column("newname", TEXT, "newName — its name", blank_ok=True),
        Column("changeoccurred", TEXT, "changeOccurred — the date it took effect, YYYY-MM-DD"),
    ),
)

# Every CSV/XLSX input, by table name.
FILES: dict[str, InputFile] = {
    f.name: f
    for f in (UNITS, REGIONS, GRANTS, RAPPORTER, TILTAK, INFORMANTS, SEGMENTS, LAVINNTEKT, KOMMUNEENDRINGER)
}
# The survey (SPSS): key variables, then every coded variable of codes.SURVEY_VARIABLES.
SURVEY_PATH = "survey/<name>.sav"
SURVEY_KEY = ("enhet_id", "ordning")

"""The input files of the data contract (section 2), each declared once: its columns, their
kind of value, the rule a value must obey and the SQL type it is stored as.

grants.csv and the reporting forms belong to a programme and are declared by its definition
(pipelines/contract/programme.py). The loaders (pipelines/ingest), the staging tables
(pipelines/warehouse/staging.py), the sample
generator and the benchmark (devtools/, bench/) and the test fixtures all read these
declarations, so a column is added here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from pipelines.contract import codes
from pipelines.contract.concepts import CODE, SHARE, SQL_TYPES, TEXT, UNIT_ID, WHOLE, YEAR


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
    # an optional column most files do without: a header written from the declaration leaves it out
    seldom: bool = False

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
        return [c.name for c in self.columns if not c.seldom]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _unit(meaning: str = "enhet — unit id (kommune 4 digits, bydel 6 digits)") -> Column:
    return Column("enhet_id", UNIT_ID, meaning)


_YEAR = Column("aar", YEAR, "år — year")

UNITS = InputFile(
    "units",
    "units.csv",
    "Register of grant units (municipalities, Oslo districts and organisations).",
    (
        _unit(),
        Column("navn", TEXT, "navn — name of the municipality or district"),
        Column("innbyggere", WHOLE, "innbyggere — population; blank when unknown", blank_ok=True),
        Column(
            "kommune",
            UNIT_ID,
            "kommune — for an organisation, the municipality it works in (its region is the "
            "municipality's); blank for municipalities and districts",
            blank_ok=True,
            required=False,
            seldom=True,
        ),
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

# Every CSV/XLSX input the programme does not shape, by table name; grants.csv and the reporting
# forms are declared by the programme definition (pipelines/contract/programme.py).
FILES: dict[str, InputFile] = {
    f.name: f for f in (UNITS, REGIONS, INFORMANTS, SEGMENTS, LAVINNTEKT, KOMMUNEENDRINGER)
}
# The survey (SPSS): key variables, then every coded variable of codes.SURVEY_VARIABLES.
SURVEY_PATH = "survey/<name>.sav"
SURVEY_KEY = ("enhet_id", "ordning")

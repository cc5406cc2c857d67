"""A grant programme's evaluation as data (data contract §7): its schemes and their succession,
who may receive grants, the code lists, the reporting forms of each period, the survey waves,
the codebook and the report's chapters.

A definition is read from a folder of plain text files (pipelines/contract/programme_files.py);
this module is what the rest of the code sees of it. Nothing programme-specific is written in
code: a scheme, a code, a renamed form column or a survey wave is an edit of a definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pipelines.contract import concepts
from pipelines.contract.codes import ALL_SCHEMES
from pipelines.contract.input_files import Column, InputFile

# Recipient kinds (§1), by the length of their number.
RECIPIENT_KINDS: dict[str, str] = {
    "kommune": "a municipality (4 digits)",
    "bydel": "an Oslo district (6 digits)",
    "organisasjon": "an organisation (9 digits, organisasjonsnummer)",
}
ID_LENGTH_KIND = {4: "kommune", 6: "bydel", 9: "organisasjon"}
FORM_FILES = ("rapporter", "tiltak")
FORM_KEY = ("enhet_id", "ordning", "aar")


def recipient_kind(unit_id: str) -> str:
    return ID_LENGTH_KIND.get(len(unit_id), "")


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    short: str  # in tables and legends
    administrator: str
    first_year: int | None  # None: no first year stated
    last_year: int | None  # None: still running
    evaluated: bool  # its grants make projects, with annual reports and survey answers
    recipients: tuple[str, ...]
    successor: str
    lineage: str  # groups a scheme with its predecessors and successors into one series

    def runs_in(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )

    @property
    def years(self) -> str:
        """«2004–2016», «2022–», «–2021», or "" when no years are stated."""
        if self.first_year is None and self.last_year is None:
            return ""
        first = "" if self.first_year is None else str(self.first_year)
        last = "" if self.last_year is None else str(self.last_year)
        return f"{first}–{last}"


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    short: str  # "" : the label
    aliases: tuple[str, ...] = ()
    series: str = ""  # the code it counts as in its list's series list, or a survey meaning


@dataclass(frozen=True)
class CodeList:
    name: str
    codes: tuple[Code, ...]
    series_list: str = ""  # the list whose codes `Code.series` names ("" : none)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes)

    @property
    def labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.codes}

    @property
    def short_labels(self) -> dict[str, str]:
        return {c.code: c.short or c.label for c in self.codes}

    @property
    def aliases(self) -> dict[str, str]:
        return {alias: c.code for c in self.codes for alias in c.aliases}

    def meaning(self, meaning: str) -> tuple[str, ...]:
        """The codes that count as `meaning` (a survey list's `serie`)."""
        return tuple(c.code for c in self.codes if c.series == meaning)


@dataclass(frozen=True)
class FormColumn:
    file: str  # rapporter or tiltak
    name: str  # the column as the file names it
    concept: str  # the staging column it feeds (pipelines/contract/concepts.py)
    kind: str
    code_list: str  # CODE and CODE_LIST: the list's name
    blank_ok: bool
    minimum: int
    rule: str  # a rule between columns: "del_av:<concept>", "delmengde_av:<concept>", ""
    meaning: str


@dataclass(frozen=True)
class Form:
    """The reporting form of a period of years: its two files' columns."""

    first_year: int | None
    last_year: int | None
    columns: tuple[FormColumn, ...]

    def covers(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )

    @property
    def period(self) -> str:
        first = "" if self.first_year is None else str(self.first_year)
        last = "" if self.last_year is None else str(self.last_year)
        return f"{first}–{last}"

    def of(self, file: str) -> tuple[FormColumn, ...]:
        return tuple(c for c in self.columns if c.file == file)


@dataclass(frozen=True)
class SurveyItem:
    item: str  # pipelines/contract/concepts.py:SURVEY_ITEMS
    subject: str  # the partner or actor, for items asked per subject; else ""
    variable: str  # the .sav file's variable
    code_list: str
    condition: str  # "<item>=<meaning>": asked only where that item's answer means that

    @property
    def column(self) -> str:
        """Its staging.survey column: the item, and the partner or actor it is asked of."""
        return f"{self.item}_{self.subject}" if self.subject else self.item


@dataclass(frozen=True)
class Wave:
    year: int | None  # None: the one wave of a definition that takes any single file
    frame_years: int | None  # the frame: projects with a grant in this many years before; None: any
    items: tuple[SurveyItem, ...]

    def variables(self) -> dict[str, SurveyItem]:
        return {i.variable: i for i in self.items}

    def asks(self, item: str) -> bool:
        return any(i.item == item for i in self.items)


@dataclass(frozen=True)
class Theme:
    code: str
    label: str
    chapter: str  # the chapter its quotes belong to ("" : not quoted)


@dataclass(frozen=True)
class Chapter:
    concept: str  # pipelines/contract/concepts.py:CHAPTERS
    title: str
    nav_title: str


@dataclass(frozen=True)
class Programme:
    name: str  # the definition's folder name, or "programme/" for a data directory's own
    title: str  # the programme's name as the report shows it
    texts: dict[str, str]  # program.csv's other keys: wording the report takes from the definition
    schemes: tuple[Scheme, ...]
    code_lists: dict[str, CodeList]
    forms: tuple[Form, ...]
    waves: tuple[Wave, ...]
    codebook: tuple[Theme, ...]
    chapters: tuple[Chapter, ...]
    files: dict[str, str] = field(default_factory=dict, compare=False)  # file name -> its text

    # -- schemes ---------------------------------------------------------------------------
    @cached_property
    def scheme_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.schemes)

    @cached_property
    def evaluated(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.schemes if s.evaluated)

    @property
    def total_code(self) -> str:
        """The marts' `ordning` for every evaluated scheme together (contract §4)."""
        return ALL_SCHEMES

    def scheme(self, code: str) -> Scheme:
        return next(s for s in self.schemes if s.code == code)

    @cached_property
    def scheme_labels(self) -> dict[str, str]:
        return {**{s.code: s.name for s in self.schemes}, self.total_code: self.texts["alle_navn"]}

    @cached_property
    def scheme_short(self) -> dict[str, str]:
        return {
            **{s.code: s.short or s.code for s in self.schemes if s.evaluated},
            self.total_code: self.texts["alle_kortnavn"],
        }

    # -- code lists and forms -----------------------------------------------------------------
    def codes(self, name: str) -> CodeList:
        return self.code_lists[name]

    def of_concept(self, concept: str) -> CodeList:
        """The code list a form concept takes (the first form's that has it)."""
        for form in self.forms:
            for column in form.columns:
                if column.concept == concept and column.code_list:
                    return self.code_lists[column.code_list]
        return CodeList(concept, ())

    @property
    def schemes_and_total(self) -> tuple[str, ...]:
        """Each evaluated scheme, then all together: the marts' `ordning` in reading order."""
        return (*self.evaluated, self.total_code)

    def labels(self, name: str) -> dict[str, str]:
        return self.code_lists[name].labels if name in self.code_lists else {}

    def form_for(self, year: int) -> Form | None:
        return next((f for f in self.forms if f.covers(year)), None)

    def input_file(self, file: str, year: int) -> InputFile | None:
        """The reporting file `file` as the form of `year` declares it, or None: no form."""
        form = self.form_for(year)
        if form is None:
            return None
        scheme = Column(
            "ordning", concepts.CODE, "ordning — grant scheme code", codes=self.evaluated, upper=True
        )
        columns = [
            Column("enhet_id", concepts.UNIT_ID, "enhet — unit id"),
            scheme,
            Column("aar", concepts.YEAR, "år — reporting year (the folder's year)"),
        ]
        for c in form.of(file):
            listed = self.code_lists.get(c.code_list)
            columns.append(
                Column(
                    c.name,
                    c.kind,
                    c.meaning or concepts.FORM_CONCEPTS[file][c.concept].meaning,
                    codes=listed.values if listed else (),
                    blank_ok=c.blank_ok or c.kind == concepts.CODE_LIST,
                    minimum=c.minimum,
                    aliases=listed.aliases if listed else {},
                )
            )
        path = f"reporting/<year>/{file}"
        if file == "rapporter":
            return InputFile(
                file,
                path,
                "Annual reports, one row per project and year.",
                tuple(columns),
                key=FORM_KEY,
                key_rule="a second report for the same project and year",
            )
        return InputFile(file, path, "Measures, one row per measure and year.", tuple(columns))

    def grants_file(self) -> InputFile:
        return InputFile(
            "grants",
            "grants.csv",
            "Grants per unit, scheme and year.",
            (
                Column("enhet_id", concepts.UNIT_ID, "enhet — unit id"),
                Column(
                    "ordning",
                    concepts.CODE,
                    "ordning — grant scheme code",
                    codes=self.scheme_codes,
                    upper=True,
                ),
                Column("aar", concepts.YEAR, "år — year"),
                Column("belop_nok", concepts.WHOLE, "beløp — grant, NOK", minimum=1),
                Column(
                    "soknad_nok",
                    concepts.WHOLE,
                    "søknad — the amount applied for, NOK; blank when not given",
                    blank_ok=True,
                    required=False,
                ),
            ),
            key=("enhet_id", "ordning", "aar"),
            key_rule="a grant may appear only once per unit, scheme and year",
        )

    # -- survey, codebook, report ---------------------------------------------------------------
    def wave_for(self, year: int | None) -> Wave | None:
        """The wave a survey file of `year` (None: no year in its name) belongs to."""
        for wave in self.waves:
            if wave.year is None or wave.year == year:
                return wave
        return None

    def survey_codes(self, wave: Wave) -> dict[str, dict[int, str]]:
        """Each of a wave's variables with its valid codes and their labels."""
        return {
            i.variable: {int(c.code): c.label for c in self.code_lists[i.code_list].codes} for i in wave.items
        }

    @cached_property
    def themes(self) -> dict[str, str]:
        return {t.code: t.label for t in self.codebook}

    def themes_of(self, chapter: str) -> tuple[str, ...]:
        return tuple(t.code for t in self.codebook if t.chapter == chapter)

    def chapter(self, concept: str) -> Chapter | None:
        return next((c for c in self.chapters if c.concept == concept), None)

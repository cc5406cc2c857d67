"""Reading a programme definition: a folder of plain text tables an evaluator edits in a text
editor or a spreadsheet, validated before any data is read.

Every file is a table with one header row, `;` between cells (`,` when the header has no `;`),
UTF-8 (Windows-1252 is read too). A line whose first cell starts with `#` is a comment, and blank
lines are ignored, so a definition explains itself. `FILES` below is the format, key by key; it
is also where docs/programme.md is generated from (`python -m pipelines.contract.programme_files`).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pipelines.contract import concepts
from pipelines.contract.problems import Problem
from pipelines.contract.programme import (
    FORM_FILES,
    RECIPIENT_KINDS,
    Chapter,
    Code,
    CodeList,
    Form,
    FormColumn,
    Programme,
    Scheme,
    SurveyItem,
    Theme,
    Wave,
)

BUNDLED_DIR = Path(__file__).parent / "programmes"
DEFAULT = "evaluering-2009"  # a data directory without programme/: exactly contract version 2
FOLDER = "programme"  # a data directory's own definition


class Sink(Protocol):
    """Where errors go (pipelines/ingest/errors.py:ErrorLog)."""

    def add(
        self,
        code: Problem,
        file: str,
        location: str = "",
        column: str = "",
        value: object = "",
        rule: str = "",
    ) -> None: ...


@dataclass(frozen=True)
class Key:
    name: str
    rule: str  # what a value must be, as the docs and the errors say it
    required: bool = True  # the header must have it; else optional column


@dataclass(frozen=True)
class FileFormat:
    name: str
    purpose: str
    keys: tuple[Key, ...]
    required: bool = True


YES_NO = ("ja", "nei")
KINDS: dict[str, str] = {  # the form's `type` words -> the kind of column
    "kode": concepts.CODE,
    "kodeliste": concepts.CODE_LIST,
    "heltall": concepts.WHOLE,
    "belop": concepts.WHOLE,
    "aar": concepts.YEAR,
    "tekst": concepts.TEXT,
}
RULES = ("del_av", "delmengde_av", "null_naar")
TEXT_KEYS: dict[str, str] = {
    "navn": "the programme's name as the report's title shows it",
    "alle_navn": "its name in labels, e.g. «I alt (begge ordningene)»",
    "alle_kortnavn": "its name in tables and legends, e.g. «I alt»",
    "alle_evaluerte_kategori": "marts.funding_overlap's category for a unit with every evaluated scheme",
    "alle_evaluerte_etikett": "that category's label, e.g. «Begge ordningene»",
    "innledning": "the front page's first paragraph: what the programme is",
}

FILES: tuple[FileFormat, ...] = (
    FileFormat(
        "program.csv",
        "The programme's name and the wording the report takes from the definition: one key a row.",
        (
            Key("nokkel", "one of: " + ", ".join(f"`{k}` ({v})" for k, v in TEXT_KEYS.items())),
            Key("verdi", "the text; not blank"),
        ),
    ),
    FileFormat(
        "ordninger.csv",
        "The schemes: one row per scheme code, the evaluated ones and those a unit may also receive.",
        (
            Key("kode", "the scheme code, letters, digits and `_`; unique; upper case in every table"),
            Key("navn", "its full name"),
            Key("kortnavn", "its short name in tables and legends; blank: the code", required=False),
            Key("forvalter", "who administers it (Bufdir, AVdir); may be blank", required=False),
            Key("fra_aar", "the first year of grants, four digits; blank: not stated"),
            Key("til_aar", "the last year; blank: still running"),
            Key("evaluert", "`ja`: its grants make projects, with annual reports and survey answers; `nei`"),
            Key(
                "mottakere",
                "who may receive its grants, a `|` list of " + ", ".join(f"`{k}`" for k in RECIPIENT_KINDS),
            ),
            Key("etterfolger", "the scheme that took over from it; blank: none", required=False),
            Key(
                "linje",
                "the lineage it belongs to (one series over the years); blank: its own",
                required=False,
            ),
        ),
    ),
    FileFormat(
        "kodelister.csv",
        "The code lists with their Bokmål labels: one row per list and code, in the order reports "
        "show them. A survey list's codes are whole numbers.",
        (
            Key("liste", "the list's name (the forms and the questionnaire name it)"),
            Key("kode", "the code, unique in its list"),
            Key("etikett", "the label a reader sees"),
            Key("kortnavn", "a shorter label for tables; blank: the label", required=False),
            Key("alias", "other spellings accepted in input, a `|` list; may be blank", required=False),
            Key(
                "serie",
                "a replaced list's crosswalk: `<list>:<code>`, the code of the series list it counts "
                "as (every code of a list has one, or none has); a survey list: what the code "
                "counts as in the evaluation (see below); else blank",
                required=False,
            ),
        ),
    ),
    FileFormat(
        "skjema.csv",
        "The reporting forms: one row per period, file and column. Every file also has "
        "`enhet_id`, `ordning` and `aar` (data contract §2). Periods may not overlap.",
        (
            Key("fra_aar", "the form's first reporting year; blank: from the start"),
            Key("til_aar", "its last year; blank: still in use"),
            Key("fil", "`rapporter` or `tiltak`"),
            Key("kolonne", "the column's name in the file (case-insensitive); unique in its file and period"),
            Key("begrep", "the concept it feeds: one of the list below"),
            Key("type", "`kode`, `kodeliste`, `heltall`, `belop` (kroner), `aar` or `tekst`"),
            Key("liste", "`kode` and `kodeliste`: the code list; else blank"),
            Key("blank", "`ja`: a blank cell is allowed (not answered, unknown, none); `nei`"),
            Key("minimum", "`heltall`: the smallest valid value; blank: 0", required=False),
            Key(
                "regel",
                "rules between columns, separated by `,`: `del_av:<concept>` or "
                "`del_av:<concept>/<group>` (a part of a whole: the columns naming the same whole "
                "and group sum to at most it, and are blank where it is blank), "
                "`delmengde_av:<concept>` (each code is also in that column), "
                "`null_naar:<concept>=<code>|<code>` (zero or blank where that column has one of "
                "the codes); blank: none",
                required=False,
            ),
            Key(
                "betydning",
                "«norsk — English» meaning for the data dictionary; blank: the concept's",
                required=False,
            ),
        ),
    ),
    FileFormat(
        "sporreskjema.csv",
        "The survey waves' items: one row per wave and item (and partner or actor). Each wave's "
        "file is `survey/<name>_<year>.sav`. `*` as the wave: the definition's one wave, any file "
        "name, its year taken from the name if it has one (as contract version 2).",
        (
            Key("bolge", "the wave's year, or `*`"),
            Key(
                "ramme_aar",
                "the frame: projects with a grant in this many years before the wave; blank: any year before",
            ),
            Key("begrep", "the evaluation's item: one of the list below"),
            Key(
                "emne",
                "for an item asked per partner or actor: the code in list `partner` or `aktor`; else blank",
            ),
            Key("variabel", "the variable in the .sav file (case-insensitive); unique in its wave"),
            Key("liste", "the code list of its answers"),
            Key(
                "betingelse",
                "`<item>=<meaning>`: asked only where that item's answer means that (an answer "
                "elsewhere is an error); blank: asked of all",
                required=False,
            ),
        ),
    ),
    FileFormat(
        "kodebok.csv",
        "The interview codebook: one row per top-level code; `parent/child` codes count under their parent.",
        (
            Key("kode", "the code, lower case; unique"),
            Key("etikett", "its label"),
            Key(
                "kapittel",
                "the chapter whose page shows its quotes (see rapport.csv), at its end; "
                "`<chapter>/<section>`: after that section (`tiltak/brukermedvirkning`); blank: not quoted",
            ),
        ),
    ),
    FileFormat(
        "rapport.csv",
        "The report's chapters, in order. A chapter whose concept the programme lacks is left out.",
        (
            Key("kapittel", "one of: " + ", ".join(f"`{k}` ({v})" for k, v in concepts.CHAPTERS.items())),
            Key("tittel", "its title, without a number (the report numbers the chapters it shows)"),
            Key("menytittel", "its title in the menu, without a number"),
        ),
    ),
)
FORMATS = {f.name: f for f in FILES}
_CODE = re.compile(r"^[A-Za-z0-9_æøåÆØÅ-]+$")


def bundled_names() -> list[str]:
    return sorted(p.name for p in BUNDLED_DIR.iterdir() if (p / "program.csv").is_file())


@functools.cache
def bundled(name: str = DEFAULT) -> Programme:
    """A bundled definition; it is valid by test. Read once per process: staging's
    declarations, every load without programme/ and the tools all ask for it."""
    problems = _Collect()
    programme = read_programme(BUNDLED_DIR / name, problems, shown=f"{name}/")
    if programme is None:
        raise ValueError(f"the bundled programme {name} is invalid:\n" + "\n".join(problems.lines))
    return programme


def from_texts(files: dict[str, str], name: str) -> Programme:
    """A definition as a warehouse keeps it (staging.programme_files); it was valid when loaded."""
    problems = _Collect()
    programme = read_programme(Path(name), problems, f"{name}/", given=files, name=name)
    if programme is None:
        raise ValueError(f"the warehouse's programme {name} is invalid:\n" + "\n".join(problems.lines))
    return programme


def programme_for(data_dir: Path, errors: Sink) -> Programme | None:
    """The data directory's own definition (programme/), else the bundled evaluering-2009."""
    own = data_dir / FOLDER
    if own.is_dir():
        return read_programme(own, errors, shown=f"{FOLDER}/")
    return bundled(DEFAULT)


def init_programme(name: str, data_dir: Path) -> Path:
    """Copy a bundled definition into data_dir/programme/ to be edited; never overwrite one."""
    if name not in bundled_names():
        raise LookupError(f"no bundled programme named {name!r}; bundled: {', '.join(bundled_names())}")
    target = data_dir / FOLDER
    if target.exists():
        raise FileExistsError(f"{target} exists: a data directory has one programme definition")
    shutil.copytree(BUNDLED_DIR / name, target)
    return target


class _Collect:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(
        self,
        code: Problem,
        file: str,
        location: str = "",
        column: str = "",
        value: object = "",
        rule: str = "",
    ) -> None:
        self.lines.append(f"{file}: {location}: {column}: {value!r}: {rule} [{code}]")


# -- reading ---------------------------------------------------------------------------------------
@dataclass
class _Row:
    line: int
    cells: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.cells.get(key, "")


class _Reader:
    def __init__(self, folder: Path, errors: Sink, shown: str, given: dict[str, str] | None = None):
        self.folder = folder
        self.given = given  # the files' texts, when read back from a warehouse
        self.errors = errors
        self.shown = shown
        self.texts: dict[str, str] = {}
        self.failed = False

    def fail(self, code: Problem, file: str, row: _Row | None, key: str, value: str, rule: str) -> None:
        self.failed = True
        self.errors.add(code, self.shown + file, f"line {row.line}" if row else "", key, value, rule)

    def table(self, name: str) -> list[_Row]:
        fmt = FORMATS[name]
        path = self.folder / name
        if self.given is not None:
            if name not in self.given:
                if fmt.required:
                    self.fail(
                        Problem.MISSING_FILE, name, None, "", "", "the programme definition needs this file"
                    )
                return []
            return self._parse(name, self.given[name])
        if not path.is_file():
            if fmt.required:
                self.fail(
                    Problem.MISSING_FILE, name, None, "", "", "the programme definition needs this file"
                )
            return []
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        return self._parse(name, text)

    def _parse(self, name: str, text: str) -> list[_Row]:
        fmt = FORMATS[name]
        self.texts[name] = text
        lines = [
            (number, line)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if not lines:
            self.fail(Problem.EMPTY_FILE, name, None, "", "", "a header row is required")
            return []
        delimiter = ";" if ";" in lines[0][1] else ","
        try:
            parsed = list(
                csv.reader(
                    io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter, strict=True
                )
            )
        except csv.Error as exc:
            self.fail(Problem.MALFORMED_CSV, name, None, "", "", f"not a readable table ({exc})")
            return []
        header = [h.strip().lower() for h in parsed[0]]
        known = {k.name for k in fmt.keys}
        for column in header:
            if column not in known:
                self.fail(
                    Problem.UNKNOWN_KEY,
                    name,
                    _Row(lines[0][0], {}),
                    column,
                    column,
                    f"not a key of {name}: {', '.join(sorted(known))}",
                )
        for key in fmt.keys:
            if key.required and key.name not in header:
                self.fail(
                    Problem.MISSING_COLUMN,
                    name,
                    _Row(lines[0][0], {}),
                    key.name,
                    "",
                    "required column is missing",
                )
        rows = []
        for (number, _), cells in zip(lines[1:], parsed[1:], strict=True):
            if len(cells) > len(header):
                self.fail(
                    Problem.EXTRA_CELLS, name, _Row(number, {}), "", "", "more cells than the header has"
                )
            rows.append(_Row(number, {h: c.strip() for h, c in zip(header, cells, strict=False)}))
        return rows

    def year(self, file: str, row: _Row, key: str) -> int | None:
        value = row[key]
        if value == "":
            return None
        if len(value) == 4 and value.isascii() and value.isdigit():
            return int(value)
        self.fail(Problem.BAD_YEAR, file, row, key, value, "must be a four-digit year, or blank")
        return None

    def yes_no(self, file: str, row: _Row, key: str) -> bool:
        value = row[key].lower()
        if value not in YES_NO:
            self.fail(Problem.BAD_CODE, file, row, key, row[key], "must be ja or nei")
        return value == "ja"

    def required(self, file: str, row: _Row, key: str) -> str:
        if row[key] == "":
            self.fail(Problem.BLANK, file, row, key, "", "must not be blank")
        return row[key]


def read_programme(
    folder: Path, errors: Sink, shown: str, given: dict[str, str] | None = None, name: str = ""
) -> Programme | None:
    """Read and validate a definition; None (with every error given to `errors`) when invalid.
    `given`: the files' texts (a warehouse's staging.programme_files) instead of the folder's."""
    r = _Reader(folder, errors, shown, given)
    texts = _texts(r)
    code_lists = _code_lists(r)
    schemes = _schemes(r)
    forms = _forms(r, code_lists)
    waves = _waves(r, code_lists)
    chapters = _chapters(r)
    codebook = _codebook(r, {c.concept for c in chapters})
    if r.failed:
        return None
    name = name or (folder.name if folder.name != FOLDER else f"{FOLDER}/")
    return Programme(
        name=name,
        title=texts["navn"],
        texts=texts,
        schemes=schemes,
        code_lists=code_lists,
        forms=forms,
        waves=waves,
        codebook=codebook,
        chapters=chapters,
        files=dict(r.texts),
    )


def _texts(r: _Reader) -> dict[str, str]:
    texts: dict[str, str] = {}
    for row in r.table("program.csv"):
        key = row["nokkel"]
        if key not in TEXT_KEYS:
            r.fail(
                Problem.UNKNOWN_KEY,
                "program.csv",
                row,
                "nokkel",
                key,
                f"must be one of {', '.join(TEXT_KEYS)}",
            )
        elif key in texts:
            r.fail(Problem.DUPLICATE_KEY, "program.csv", row, "nokkel", key, "a key may be given once")
        else:
            texts[key] = r.required("program.csv", row, "verdi")
    for key in TEXT_KEYS:
        if key not in texts and "program.csv" in r.texts:
            r.fail(Problem.MISSING_KEY, "program.csv", None, "nokkel", key, "required key is missing")
    return texts


def _code_lists(r: _Reader) -> dict[str, CodeList]:
    file = "kodelister.csv"
    rows_by_list: dict[str, list[_Row]] = {}
    for row in r.table(file):
        name = r.required(file, row, "liste").lower()
        rows_by_list.setdefault(name, []).append(row)
    lists: dict[str, CodeList] = {}
    for name, rows in rows_by_list.items():
        seen: set[str] = set()
        listed_codes: list[Code] = []
        for row in rows:
            code = r.required(file, row, "kode")
            if code and not _CODE.match(code):
                r.fail(Problem.BAD_CODE, file, row, "kode", code, "a code is letters, digits, '_' or '-'")
            if code in seen:
                r.fail(
                    Problem.DUPLICATE_KEY, file, row, "kode", code, f"a code may appear once in list {name}"
                )
            seen.add(code)
            aliases = tuple(a.strip() for a in row["alias"].split("|") if a.strip())
            listed_codes.append(
                Code(code, r.required(file, row, "etikett"), row["kortnavn"], aliases, row["serie"])
            )
        series_lists = {c.series.split(":")[0] for c in listed_codes if ":" in c.series}
        lists[name] = CodeList(
            name, tuple(listed_codes), next(iter(series_lists)) if len(series_lists) == 1 else ""
        )
    # a crosswalk names a code of an existing list, and every code of the list has one
    for name, rows in rows_by_list.items():
        listed = lists[name]
        crossing = [c for c in listed.codes if ":" in c.series]
        for row, entry in zip(rows, listed.codes, strict=True):
            if ":" not in entry.series:
                if crossing:
                    r.fail(
                        Problem.BAD_CROSSWALK,
                        file,
                        row,
                        "serie",
                        entry.series,
                        f"list {name} has a crosswalk: every code needs one (<list>:<code>)",
                    )
                continue
            target, _, target_code = entry.series.partition(":")
            if target not in lists:
                r.fail(Problem.UNKNOWN_LIST, file, row, "serie", entry.series, f"no code list named {target}")
            elif target_code not in lists[target].values:
                r.fail(
                    Problem.BAD_CROSSWALK,
                    file,
                    row,
                    "serie",
                    entry.series,
                    f"list {target} has no code {target_code}",
                )
            elif target != listed.series_list:
                r.fail(
                    Problem.BAD_CROSSWALK,
                    file,
                    row,
                    "serie",
                    entry.series,
                    "a list's crosswalk goes to one list",
                )
    return lists


def _schemes(r: _Reader) -> tuple[Scheme, ...]:
    file = "ordninger.csv"
    schemes: list[Scheme] = []
    rows = r.table(file)
    for row in rows:
        code = r.required(file, row, "kode").upper()
        if code and not _CODE.match(code):
            r.fail(Problem.BAD_CODE, file, row, "kode", code, "a scheme code is letters, digits or '_'")
        if code in {s.code for s in schemes}:
            r.fail(Problem.DUPLICATE_KEY, file, row, "kode", code, "a scheme code may appear once")
        recipients = tuple(k.strip().lower() for k in row["mottakere"].split("|") if k.strip())
        for kind in recipients:
            if kind not in RECIPIENT_KINDS:
                r.fail(
                    Problem.BAD_CODE, file, row, "mottakere", kind, f"must be of {', '.join(RECIPIENT_KINDS)}"
                )
        if not recipients:
            r.fail(Problem.BLANK, file, row, "mottakere", "", "at least one kind of recipient")
        first, last = r.year(file, row, "fra_aar"), r.year(file, row, "til_aar")
        if first is not None and last is not None and last < first:
            r.fail(Problem.BAD_YEAR, file, row, "til_aar", str(last), f"before fra_aar {first}")
        schemes.append(
            Scheme(
                code=code,
                name=r.required(file, row, "navn"),
                short=row["kortnavn"],
                administrator=row["forvalter"],
                first_year=first,
                last_year=last,
                evaluated=r.yes_no(file, row, "evaluert"),
                recipients=recipients,
                successor=row["etterfolger"].upper(),
                lineage=row["linje"],
            )
        )
    codes = {s.code for s in schemes}
    for row, scheme in zip(rows, schemes, strict=True):
        if scheme.successor and scheme.successor not in codes:
            r.fail(
                Problem.UNKNOWN_SCHEME,
                file,
                row,
                "etterfolger",
                scheme.successor,
                "not a scheme of ordninger.csv",
            )
    if rows and not any(s.evaluated for s in schemes):
        r.fail(Problem.BLANK, file, None, "evaluert", "", "at least one scheme must be evaluated")
    return tuple(schemes)


def _forms(r: _Reader, code_lists: dict[str, CodeList]) -> tuple[Form, ...]:
    file = "skjema.csv"
    periods: dict[tuple[int | None, int | None], list[FormColumn]] = {}
    seen: set[tuple[object, ...]] = set()
    for row in r.table(file):
        first, last = r.year(file, row, "fra_aar"), r.year(file, row, "til_aar")
        kind_word = row["type"].lower()
        target = row["fil"].lower()
        concept = row["begrep"].lower()
        name = r.required(file, row, "kolonne").lower()
        if target not in FORM_FILES:
            r.fail(Problem.BAD_CODE, file, row, "fil", row["fil"], "must be rapporter or tiltak")
            continue
        known = concepts.FORM_CONCEPTS[target]
        if concept not in known:
            r.fail(
                Problem.UNKNOWN_CONCEPT, file, row, "begrep", concept, f"must be one of {', '.join(known)}"
            )
            continue
        kind = KINDS.get(kind_word)
        if kind is None:
            r.fail(Problem.BAD_CODE, file, row, "type", row["type"], f"must be one of {', '.join(KINDS)}")
            continue
        if concepts.SQL_TYPES[kind] != concepts.SQL_TYPES[known[concept].kind]:
            r.fail(
                Problem.UNKNOWN_CONCEPT,
                file,
                row,
                "type",
                kind_word,
                f"concept {concept} takes a {known[concept].kind}, not a {kind}",
            )
        listed = row["liste"].lower()
        if kind in (concepts.CODE, concepts.CODE_LIST):
            if listed not in code_lists:
                r.fail(Problem.UNKNOWN_LIST, file, row, "liste", row["liste"], "no code list of that name")
        elif listed:
            r.fail(
                Problem.UNKNOWN_LIST,
                file,
                row,
                "liste",
                row["liste"],
                f"a {kind_word} column has no code list",
            )
        minimum = row["minimum"]
        if minimum and not minimum.isdigit():
            r.fail(Problem.BAD_WHOLE_NUMBER, file, row, "minimum", minimum, "must be a whole number ≥ 0")
        rule = row["regel"].lower()
        for one in filter(None, (part.strip() for part in rule.split(","))):
            kind_of_rule, _, named = one.partition(":")
            concept_named = named.split("/")[0].split("=")[0]
            if kind_of_rule not in RULES or concept_named not in known:
                r.fail(
                    Problem.BAD_RULE,
                    file,
                    row,
                    "regel",
                    one,
                    f"must be {', '.join(f'{x}:<concept>' for x in RULES)}, naming a concept of the file",
                )
        for key in ((first, last, target, name), (first, last, target, "=" + concept)):
            if key in seen:
                r.fail(
                    Problem.DUPLICATE_KEY,
                    file,
                    row,
                    "kolonne",
                    name,
                    "a column or concept appears once per file and period",
                )
            seen.add(key)
        periods.setdefault((first, last), []).append(
            FormColumn(
                target,
                name,
                concept,
                kind,
                listed,
                r.yes_no(file, row, "blank"),
                int(minimum) if minimum.isdigit() else 0,
                rule,
                row["betydning"],
            )
        )
    forms = tuple(Form(first, last, tuple(cols)) for (first, last), cols in periods.items())
    ordered = sorted(forms, key=lambda f: -1 if f.first_year is None else f.first_year)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.last_year is None or after.first_year is None or before.last_year >= after.first_year:
            r.fail(
                Problem.OVERLAPPING_FORMS,
                file,
                None,
                "fra_aar",
                f"{before.period} and {after.period}",
                "the forms' periods overlap: each year has one form",
            )
    return tuple(ordered)


def _waves(r: _Reader, code_lists: dict[str, CodeList]) -> tuple[Wave, ...]:
    file = "sporreskjema.csv"
    items: dict[int | None, list[SurveyItem]] = {}
    frames: dict[int | None, int | None] = {}
    seen: set[tuple[object, ...]] = set()
    for row in r.table(file):
        wave_text = row["bolge"]
        wave = None if wave_text == "*" else r.year(file, row, "bolge")
        if wave_text == "":
            r.fail(Problem.BLANK, file, row, "bolge", "", "a wave's year, or *")
        frame = row["ramme_aar"]
        if frame and not frame.isdigit():
            r.fail(
                Problem.BAD_WHOLE_NUMBER,
                file,
                row,
                "ramme_aar",
                frame,
                "must be a whole number of years, or blank",
            )
        frames.setdefault(wave, int(frame) if frame.isdigit() else None)
        item = row["begrep"]
        if item not in concepts.SURVEY_ITEMS:
            r.fail(
                Problem.UNKNOWN_CONCEPT,
                file,
                row,
                "begrep",
                item,
                f"must be one of {', '.join(concepts.SURVEY_ITEMS)}",
            )
            continue
        subject = row["emne"].lower()
        subject_list = concepts.SUBJECT_ITEMS.get(item)
        if subject_list and subject not in code_lists.get(subject_list, CodeList(subject_list, ())).values:
            r.fail(Problem.UNKNOWN_LIST, file, row, "emne", subject, f"must be a code of list {subject_list}")
        elif not subject_list and subject:
            r.fail(Problem.BAD_CODE, file, row, "emne", subject, f"{item} is not asked per partner or actor")
        listed = row["liste"].lower()
        if listed not in code_lists:
            r.fail(Problem.UNKNOWN_LIST, file, row, "liste", row["liste"], "no code list of that name")
        elif not all(c.isdigit() for c in code_lists[listed].values):
            r.fail(Problem.BAD_CODE, file, row, "liste", listed, "a survey list's codes are whole numbers")
        variable = r.required(file, row, "variabel").lower()
        for key, what in (((wave, "v", variable), "variable"), ((wave, "i", item, subject), "item")):
            if key in seen:
                r.fail(
                    Problem.DUPLICATE_KEY,
                    file,
                    row,
                    "variabel",
                    variable,
                    f"each {what} appears once per wave (an item is mapped to one variable)",
                )
            seen.add(key)
        condition = row["betingelse"]
        if condition and (condition.split("=")[0] not in concepts.SURVEY_ITEMS or "=" not in condition):
            r.fail(Problem.BAD_RULE, file, row, "betingelse", condition, "must be <item>=<meaning>")
        items.setdefault(wave, []).append(SurveyItem(item, subject, variable, listed, condition))
    if None in items and len(items) > 1:
        r.fail(Problem.BAD_CODE, file, None, "bolge", "*", "a wave * is the definition's only wave")
    return tuple(Wave(year, frames[year], tuple(rows)) for year, rows in items.items())


def _chapters(r: _Reader) -> tuple[Chapter, ...]:
    file = "rapport.csv"
    chapters: list[Chapter] = []
    for row in r.table(file):
        concept = row["kapittel"].lower()
        if concept not in concepts.CHAPTERS:
            r.fail(
                Problem.UNKNOWN_CONCEPT,
                file,
                row,
                "kapittel",
                concept,
                f"must be one of {', '.join(concepts.CHAPTERS)}",
            )
            continue
        if concept in {c.concept for c in chapters}:
            r.fail(Problem.DUPLICATE_KEY, file, row, "kapittel", concept, "a chapter appears once")
        chapters.append(
            Chapter(concept, r.required(file, row, "tittel"), r.required(file, row, "menytittel"))
        )
    return tuple(chapters)


def _codebook(r: _Reader, chapters: set[str]) -> tuple[Theme, ...]:
    file = "kodebok.csv"
    themes: list[Theme] = []
    for row in r.table(file):
        code = r.required(file, row, "kode").lower()
        if "/" in code:
            r.fail(
                Problem.BAD_CODE,
                file,
                row,
                "kode",
                code,
                "a top-level code: parent/child codes count under it",
            )
        if code in {t.code for t in themes}:
            r.fail(Problem.DUPLICATE_KEY, file, row, "kode", code, "a code appears once")
        chapter = row["kapittel"].lower()
        if chapter and chapter.split("/")[0] not in chapters:
            r.fail(Problem.UNKNOWN_CONCEPT, file, row, "kapittel", chapter, "not a chapter of rapport.csv")
        themes.append(Theme(code, r.required(file, row, "etikett"), chapter))
    return tuple(themes)


# -- docs/programme.md -------------------------------------------------------------------------
def docs() -> str:
    """docs/programme.md: the format, key by key, from the declarations above."""
    out = [
        "# The programme definition",
        "",
        "<!-- generated by `python -m pipelines.contract.programme_files > docs/programme.md`; "
        "tests/test_programme.py keeps it equal to the code -->",
        "",
        "Everything that belongs to one grant programme (data contract §7) is read from its "
        "definition: a data directory's `programme/` folder, or else the bundled `evaluering-2009`, "
        "which is contract version 2 exactly. `grant-eval programme list` names the bundled "
        "definitions (" + ", ".join(f"`{n}`" for n in bundled_names()) + "); "
        "`grant-eval programme init --from NAME --data-dir D` copies one into `D/programme/` to edit.",
        "",
        "Each file is a table: one header row, `;` between cells (`,` when the header has no `;`), "
        "UTF-8 (Windows-1252 is read too). Open it in a text editor or a spreadsheet. A line whose "
        "first cell starts with `#` is a comment; blank lines are ignored. The definition is "
        "checked before any data is read: an error names the file, line, key, value, rule and code, "
        "as the data's errors do ([errors.md](errors.md)).",
        "",
    ]
    for fmt in FILES:
        out += [f"## `{fmt.name}`", "", fmt.purpose, "", "| key | rule |", "|---|---|"]
        out += [f"| `{k.name}`{'' if k.required else ' (optional)'} | {k.rule} |" for k in fmt.keys]
        out.append("")
    out += ["## Concepts a form column can feed (`skjema.csv` `begrep`)", ""]
    for file, known in concepts.FORM_CONCEPTS.items():
        out += [f"`{file}`:", "", "| concept | kind | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.kind} | {c.meaning} |" for c in known.values()]
        out.append("")
    out += ["## The survey's items (`sporreskjema.csv` `begrep`)", "", "| item | what it asks |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in concepts.SURVEY_ITEMS.items()]
    out += [
        "",
        "A survey list's `serie` says what a code counts as in the evaluation:",
        "",
        "| item | meanings |",
        "|---|---|",
    ]
    out += [
        f"| `{k}` | {', '.join(f'`{m}` ({t})' for m, t in v.items())} |"
        for k, v in concepts.SURVEY_MEANINGS.items()
    ]
    out += ["", RECIPES]
    return "\n".join(out) + "\n"


RECIPES = """## Recipes

**A new scheme.** Add a row to `ordninger.csv` (its code, name, years, whether it is evaluated,
its recipients, and `etterfolger` on the scheme it replaces). Its grants go in `grants.csv`;
a grant outside its years, or to a recipient kind it does not admit, is an error.

**A new form period.** Give the last period a `til_aar`, then add the new period's rows to
`skjema.csv` with its `fra_aar`: one row per column, each naming the concept it feeds. A renamed
column is the same concept under a new `kolonne`. A new code list goes in `kodelister.csv`; when
it replaces an older list, give each code a `serie` (`<list>:<code>`) so the series continue.

**A new survey wave.** Add the wave's rows to `sporreskjema.csv` with its year: one row per
item it asked, with the variable that carries it and its code list. An item it did not ask is
left out, and is absent for that wave in every mart. Its file is `survey/<name>_<year>.sav`.
"""


def main(argv: list[str] | None = None) -> int:
    sys.stdout.write(docs())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Context figures as Statistics Norway's statbank exports them (contract section 2, context).

Tables 08764 (children under 18 in low-income households, annual, EU and OECD scales) and
12944 (persistent low income, EU-60, three-year periods, by age), each as the statbank's CSV
download (wide or long, an optional title line, ';' or ',', ISO-8859-1 or UTF-8, decimal comma
or point) or as JSON-stat 2.0. Every figure keeps its table, measure, period and, where a
symbol stands instead of a number, the symbol and its meaning.

JSON-stat is read here rather than with pyjstat: pyjstat (last release 2.4.0, February 2023)
drops the dataset's `status` member, which is where the statbank puts its symbols.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.contract import codes
from pipelines.contract.problems import Problem
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.tables import decode_text

TABLES = {
    "08764": "Barn under 18 år i husholdninger med lavinntekt (årlig inntekt), prosent",
    "12944": "Personer i husholdninger med vedvarende lavinntekt (treårsperioder), prosent",
}
SYMBOLS = codes.SYMBOLS
NATIONAL = "0"
_PERIOD = re.compile(r"(?<!\d)(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_REGION = re.compile(r"^(?:[KF]-)?(\d{1,6})(?:\s+(.*))?$")
_CHILDREN = re.compile(r"^0{0,2}0?\s*-\s*17\b|^0?0-17")
SHARE, COUNT = "prosent", "antall"  # what a figure counts: the share of children, or the children
_PERIOD_HEADERS = ("år", "tid", "periode", "year", "time", "treårsperiode", "3-årsperiode")


@dataclass(frozen=True)
class Figure:
    """One number (or symbol) as read, before its region is matched to a unit."""

    file: str
    location: str
    table: str
    measure: str  # EU-60, OECD-50, EU-60 vedvarende …
    region_code: str  # 0 (the whole country), a county (2 digits) or a unit id
    region_name: str
    period: str
    first_year: int
    last_year: int
    value: float | None
    symbol: str | None
    unit: str = SHARE  # SHARE: per cent of children; COUNT: children in low-income households


@dataclass(frozen=True)
class Row:
    """One cell of a statbank export, its dimensions as text."""

    location: str
    region: str
    measure_text: str  # the labels of the dimensions that say what is measured
    age: str
    period: str
    value: str  # the cell as written: a number or a symbol


def read_context_file(path: Path, shown: str, errors: ErrorLog) -> list[Figure]:
    """The figures of one statbank export; errors name the file, place and rule."""
    data = path.read_bytes()
    if path.suffix.lower() == ".json":
        rows, table = _json_stat(data, shown, errors)
    else:
        rows, table = _csv(data, shown, errors)
    if rows is None:
        return []
    table = table or _table_id(path.name)
    if table is None:
        errors.add(
            Problem.BAD_CONTEXT_FILE,
            shown,
            rule="names neither table 08764 nor 12944 (in a title line, a header or the file name)",
        )
        return []
    figures = []
    for row in rows:
        figure = _figure(row, table, shown, errors)
        if figure is not None:
            figures.append(figure)
    return figures


def _table_id(text: str) -> str | None:
    match = re.search(r"(?<!\d)(" + "|".join(TABLES) + r")(?!\d)", text)
    return match.group(1) if match else None


# -- the statbank's CSV download ------------------------------------------------------------------
def _csv(data: bytes, shown: str, errors: ErrorLog) -> tuple[list[Row] | None, str | None]:
    text, encoding = decode_text(data)
    if text is None:
        errors.add(Problem.NOT_UTF8, shown, rule=f"not readable text: {encoding}")
        return None, None
    lines = text.splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    title = ""
    # a title line: one cell, before the header
    while numbered and len(_cells(numbered[0][1])) == 1 and len(numbered) > 1:
        title += " " + _cells(numbered[0][1])[0]
        numbered = numbered[1:]
    if not numbered:
        errors.add(Problem.EMPTY_FILE, shown, rule="the file is empty: a header row is required")
        return None, None
    header_line, header_text = numbered[0]
    delimiter = _delimiter(header_text)
    header = [h.strip() for h in next(csv.reader([header_text], delimiter=delimiter))]
    lower = [h.lower() for h in header]
    table = _table_id(title) or next((t for t in map(_table_id, header) if t), None)
    region = next((i for i, h in enumerate(lower) if "region" in h), None)
    if region is None:
        errors.add(
            Problem.BAD_CONTEXT_FILE,
            shown,
            f"line {header_line}",
            rule="a statbank export needs a region column (a header containing «region»)",
        )
        return None, None
    wide = {i: h for i, h in enumerate(header) if i != region and _PERIOD.search(h)}
    age = next((i for i, h in enumerate(lower) if h.startswith("alder") or h == "age"), None)
    period_col = next((i for i, h in enumerate(lower) if h in _PERIOD_HEADERS), None)
    if not wide and period_col is None:
        errors.add(
            Problem.BAD_CONTEXT_FILE,
            shown,
            f"line {header_line}",
            rule="neither period columns (2022, 2022-2024) nor a period column (år, tid) in the header",
        )
        return None, None
    value_col = None if wide else len(header) - 1
    dims = [i for i in range(len(header)) if i not in (region, age, period_col, value_col) and i not in wide]
    rows: list[Row] = []
    for number, line in numbered[1:]:
        cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]
        cells += [""] * (len(header) - len(cells))
        measure = " ".join(cells[i] for i in dims) + " " + " ".join(header[i] for i in dims)
        age_text = cells[age] if age is not None else ""
        if wide:
            for i, period in wide.items():
                shown_period = _PERIOD.search(period)
                assert shown_period is not None
                rows.append(
                    Row(
                        f"line {number}, column {period}",
                        cells[region],
                        measure,
                        age_text,
                        shown_period.group(0),
                        cells[i],
                    )
                )
        else:
            assert value_col is not None and period_col is not None
            rows.append(
                Row(
                    f"line {number}",
                    cells[region],
                    measure + " " + header[value_col],
                    age_text,
                    cells[period_col],
                    cells[value_col],
                )
            )
    return rows, table


def _cells(line: str) -> list[str]:
    return [c for c in next(csv.reader([line], delimiter=_delimiter(line))) if c.strip()]


def _delimiter(line: str) -> str:
    """';' or ',', counted outside quotes (a decimal comma sits inside a quoted cell)."""
    outside = re.sub(r'"[^"]*"', "", line)
    return ";" if outside.count(";") >= outside.count(",") and ";" in outside else ","


# -- JSON-stat 2.0 -----------------------------------------------------------------------------------
# A statbank dataset nests five levels deep and holds tens of thousands of cells; far beyond
# either is a hostile or broken file, refused before Python's parser recurses or a list of the
# cube's size is allocated (18 million cells fit in a 150 KiB file).
MAX_JSON_DEPTH = 32
MAX_JSON_CELLS = 2_000_000
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")


class _Refused(ValueError):
    """A JSON-stat file the reader will not take, with the code and the place it says why."""

    def __init__(self, code: Problem, rule: str, location: str = "", value: object = "") -> None:
        super().__init__(rule)
        self.code, self.rule, self.location, self.value = code, rule, location, value


def _json_stat(data: bytes, shown: str, errors: ErrorLog) -> tuple[list[Row] | None, str | None]:
    try:
        doc = _parse_json(data)
        if not isinstance(doc, dict) or doc.get("class") != "dataset" or "id" not in doc:
            raise ValueError("not a JSON-stat 2.0 dataset (class «dataset» with «id»)")
        ids: list[str] = doc["id"]
        dims = doc["dimension"]
        categories = [_categories(d, dims[d]) for d in ids]
        total = _cube_size(ids, categories, doc.get("size"))
        values = _expand(doc.get("value", []), total, "value")
        status = _expand(doc.get("status"), total, "status")
    except _Refused as exc:
        errors.add(exc.code, shown, exc.location, value=exc.value, rule=exc.rule)
        return None, None
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        errors.add(
            Problem.BAD_CONTEXT_FILE, shown, rule=f"not a JSON-stat 2.0 dataset the statbank returns: {exc}"
        )
        return None, None
    lower = [d.lower() for d in ids]
    roles = doc.get("role", {})
    time_ids = roles.get("time", [])
    region = next((i for i, d in enumerate(lower) if "region" in d), None)
    period = next((i for i, d in enumerate(ids) if d in time_ids), None)
    if period is None:
        period = next((i for i, d in enumerate(lower) if d in ("tid", "time", "år")), None)
    if region is None or period is None:
        errors.add(
            Problem.BAD_CONTEXT_FILE, shown, rule="a statbank dataset needs a region and a time dimension"
        )
        return None, None
    age = next((i for i, d in enumerate(lower) if d.startswith("alder") or d == "age"), None)
    other = [i for i in range(len(ids)) if i not in (region, period, age)]
    table = _table_id(str(doc.get("extension", {}).get("px", {}).get("tableid", ""))) or _table_id(
        str(doc.get("label", ""))
    )
    rows = []
    for flat, combo in enumerate(itertools.product(*categories)):
        code_region, label_region = combo[region]
        value, symbol = values[flat], status[flat]
        cell = symbol if value is None and symbol else ("" if value is None else str(value))
        measure = " ".join(f"{combo[i][1]} {dims[ids[i]].get('label', '')}" for i in other)
        rows.append(
            Row(
                f"value {flat}",
                f"{code_region} {label_region}",
                measure,
                combo[age][0] if age is not None else "",
                combo[period][0],
                cell,
            )
        )
    return rows, table


def _parse_json(data: bytes) -> object:
    """The document, once its nesting is known to be within MAX_JSON_DEPTH: the depth is
    counted over the brackets outside strings, so the parser never recurses past it."""
    depth = deepest = 0
    for bracket in _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", data)):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            raise _Refused(
                Problem.JSON_TOO_DEEP,
                f"nests arrays and objects more than {MAX_JSON_DEPTH} levels deep "
                "(a statbank dataset has five)",
            )
    return json.loads(data.decode("utf-8-sig"))


def _categories(name: str, dimension: dict) -> list[tuple[str, str]]:
    """(code, label) of a dimension's categories, in index order; an index object must number
    its categories 0, 1, 2 … once each."""
    category = dimension["category"]
    index = category.get("index")
    labels = category.get("label", {})
    if index is None:
        codes = list(labels)
    elif isinstance(index, list):
        codes = index
    else:
        positions = list(index.values())
        if not all(type(p) is int for p in positions) or sorted(positions) != list(range(len(index))):
            raise _Refused(
                Problem.BAD_JSON_STAT_INDEX,
                f"the category index must number the {len(index)} categories "
                f"0 to {len(index) - 1}, once each",
                f"dimension {name}",
                value=", ".join(str(p) for p in positions[:10]),
            )
        codes = sorted(index, key=index.get)
    return [(str(code), str(labels.get(code, code))) for code in codes]


def _cube_size(ids: list[str], categories: list[list[tuple[str, str]]], size: object) -> int:
    """The cube's number of cells, checked against `size` and MAX_JSON_CELLS."""
    sizes = [len(c) for c in categories]
    if size is not None and size != sizes:
        raise _Refused(
            Problem.BAD_JSON_STAT_INDEX,
            f"«size» must give each dimension's number of categories, {sizes} for {ids}",
            "size",
            value=size,
        )
    total = 1
    for n in sizes:
        total *= n
    if total > MAX_JSON_CELLS:
        raise _Refused(
            Problem.TOO_MANY_CELLS,
            f"its dimensions make {total:,} cells, more than the {MAX_JSON_CELLS:,} a statbank table "
            "may hold here",
            value=" × ".join(str(n) for n in sizes),
        )
    return total


def _expand(member: object, total: int, name: str) -> list:
    """A JSON-stat value or status member as a dense list: array, index → item object, or one
    string for every cell. Every index must fall inside the cube."""
    if member is None:
        return [None] * total
    if isinstance(member, str):
        return [member] * total
    if isinstance(member, list):
        if len(member) > total:
            raise _Refused(
                Problem.BAD_JSON_STAT_INDEX,
                f"«{name}» has {len(member)} items, more than the {total} cells of the dimensions",
                name,
                value=len(member),
            )
        return member + [None] * (total - len(member))
    if isinstance(member, dict):
        dense: list = [None] * total
        for key, item in member.items():
            if not (key.isascii() and key.isdigit() and int(key) < total):
                raise _Refused(
                    Problem.BAD_JSON_STAT_INDEX,
                    f"an index of «{name}» must be a cell number from 0 to {total - 1}",
                    name,
                    value=key,
                )
            dense[int(key)] = item
        return dense
    raise ValueError("value and status must be an array or an object")


# -- one figure -------------------------------------------------------------------------------------
def _figure(row: Row, table: str, shown: str, errors: ErrorLog) -> Figure | None:
    if table == "12944" and row.age and not _CHILDREN.match(row.age.strip()):
        return None  # another age group: the children's figure is 0-17
    text = row.measure_text.lower()
    # «EU-skala 60 prosent» names the income limit, not the unit: a share says «andel» or «(prosent)».
    unit = COUNT if "antall" in text and "andel" not in text and "(prosent)" not in text else SHARE
    if unit == COUNT and re.search(r"i alt|alle barn", text):
        return None  # every child in the region, not those in low-income households: not used
    measure = _measure(text, table)
    if measure is None:
        errors.add(
            Problem.BAD_CONTEXT_FILE,
            shown,
            row.location,
            "inntektsgrense",
            row.measure_text.strip(),
            "cannot tell the income limit: expected EU (60 or 50 per cent) or OECD (50 or 60)",
        )
        return None
    region = _REGION.match(row.region.strip())
    first_word = (row.region.split() or [""])[0].lower()
    if row.region.strip().lower() in ("hele landet", "landet", "norge") or first_word == "eak":
        code, name = NATIONAL, "Hele landet"
    elif region:
        code, name = _region_code(region.group(1)), (region.group(2) or "").strip()
    else:
        errors.add(
            Problem.BAD_CONTEXT_FILE,
            shown,
            row.location,
            "region",
            row.region,
            "must be a region as the statbank writes it: a code, optionally with its name "
            "(1902 Tromsø (-2019), 0 Hele landet)",
        )
        return None
    period = _PERIOD.search(row.period.strip())
    if period is None:
        errors.add(
            Problem.BAD_CONTEXT_FILE,
            shown,
            row.location,
            "periode",
            row.period,
            "must be a year or 2022-2024",
        )
        return None
    first, last = int(period.group(1)), int(period.group(2) or period.group(1))
    cell = row.value.strip().strip('"')
    value: float | None = None
    symbol: str | None = None
    if cell in SYMBOLS:
        symbol = cell
        value = 0.0 if cell == "-" else None
    elif _NUMBER.match(cell):
        value = float(cell.replace(",", "."))
    else:
        errors.add(
            Problem.BAD_SHARE,
            shown,
            row.location,
            "verdi",
            cell,
            "must be a number (decimal comma or point) or one of the symbols . .. ... : -",
        )
        return None
    broken = _out_of_range(value, unit)
    if broken is not None:
        errors.add(Problem.BAD_SHARE, shown, row.location, "verdi", cell, broken)
        return None
    return Figure(
        shown, row.location, table, measure, code, name, period.group(0), first, last, value, symbol, unit
    )


def _region_code(digits: str) -> str:
    if digits.strip("0") == "":
        return NATIONAL
    if len(digits) <= 2:
        return digits.zfill(2)  # a county
    if len(digits) in (3, 5):
        return "0" + digits  # a lost leading zero
    return digits


def _measure(text: str, table: str) -> str | None:
    """EU-60, OECD-50 …; table 12944 is persistent low income, EU-60 unless it says otherwise."""
    share = re.search(r"(?<!\d)(50|60)(?!\d)", text)
    if "oecd" in text:
        scale = f"OECD-{share.group(1) if share else '50'}"
    elif re.search(r"(?<![a-zæøå])eu(?![a-zæøå])", text):
        scale = f"EU-{share.group(1) if share else '60'}"
    elif table == "12944":
        scale = "EU-60"
    else:
        return None
    return f"{scale} vedvarende" if table == "12944" else scale


@dataclass(frozen=True)
class PlacedFigure(Figure):
    enhet_id: str | None = None  # the unit of units.csv; None for the country and the counties
    level: str = "enhet"  # enhet, fylke or land


def _out_of_range(value: float | None, unit: str) -> str | None:
    """The rule a figure's value breaks for its unit, if any."""
    if value is None:
        return None
    if unit == SHARE and not 0 <= value <= 100:
        return "must be a percentage from 0 to 100"
    if unit == COUNT and (value < 0 or value != int(value)):
        return "a number of children must be a whole number"
    return None


def unique_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """One figure per place, table, measure, unit and period. A unit reported under two numbers (its
    old one, '.' after it ceased; its new one, a value) keeps the figure with a number, then the
    one under its own number: figures are never averaged across merged municipalities."""
    place = frame["enhet_id"].fillna(frame["region_code"])
    rank = frame["value"].isna().astype(int) + (frame["symbol"] == ".").astype(int)
    own = (frame["enhet_id"] != frame["region_code"]).astype(int)
    ordered = frame.assign(_place=place, _rank=rank, _own=own).sort_values(["_rank", "_own"], kind="stable")
    unique = ordered.drop_duplicates(["_place", "table", "measure", "unit", "first_year", "last_year"])
    unique = unique.drop(columns=["_place", "_rank", "_own", "location"]).sort_index()
    unique["symbol_meaning"] = unique["symbol"].map(SYMBOLS)
    return unique.rename(columns={"file": "source_file", "table": "table_id"}).reset_index(drop=True)


def iter_context_files(folder: Path) -> Iterator[Path]:
    """Every file in context/ except lavinntekt.csv (read as the contract's own form)."""
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name != "lavinntekt.csv" and not path.name.startswith("."):
                yield path

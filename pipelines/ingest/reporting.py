"""reporting/<year>/: annual reports (rapporter) and measures (tiltak), one folder per year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.contract import codes
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.fields import TableRules
from pipelines.ingest.tables import SourceTable, read_csv_table, read_xlsx_tables

LAYOUT_RULE = (
    "a year folder holds rapporter.csv and tiltak.csv, or rapporter.xlsx and tiltak.xlsx, "
    "or one .xlsx workbook with sheets 'rapporter' and 'tiltak', and nothing else"
)


@dataclass
class YearFiles:
    year: int
    files: list[Path]  # every file read for this year
    rapporter: SourceTable | None
    tiltak: SourceTable | None


def find_years(data_dir: Path) -> list[int]:
    """The reporting years: every four-digit folder under reporting/."""
    folder = data_dir / "reporting"
    if not folder.is_dir():
        return []
    return sorted(
        int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4
    )


def read_year(data_dir: Path, year: int, errors: ErrorLog) -> YearFiles:
    folder = data_dir / "reporting" / str(year)
    shown_dir = f"reporting/{year}"
    entries = sorted(folder.iterdir())
    by_name = {p.name.lower(): p for p in entries if p.is_file()}
    names = set(by_name)
    result = YearFiles(year, [], None, None)
    for entry in entries:
        if entry.is_dir():
            errors.add(f"{shown_dir}/{entry.name}", "", "", "", f"unexpected folder: {LAYOUT_RULE}")
    if names == {"rapporter.csv", "tiltak.csv"}:
        for kind in ("rapporter", "tiltak"):
            path = by_name[f"{kind}.csv"]
            result.files.append(path)
            setattr(result, kind, read_csv_table(path, f"{shown_dir}/{path.name}", errors))
    elif names == {"rapporter.xlsx", "tiltak.xlsx"}:
        for kind in ("rapporter", "tiltak"):
            path = by_name[f"{kind}.xlsx"]
            result.files.append(path)
            sheets = read_xlsx_tables(path, f"{shown_dir}/{path.name}", errors)
            if sheets is not None:
                setattr(result, kind, _single_sheet(sheets, f"{shown_dir}/{path.name}", errors))
    elif len(names) == 1 and next(iter(names)).endswith(".xlsx"):
        path = next(iter(by_name.values()))
        shown = f"{shown_dir}/{path.name}"
        result.files.append(path)
        sheets = read_xlsx_tables(path, shown, errors)
        if sheets is not None:
            for kind in ("rapporter", "tiltak"):
                if kind in sheets:
                    setattr(result, kind, sheets[kind])
                else:
                    errors.add(shown, "", "", "", f"the workbook has no sheet named '{kind}'")
    elif not names:
        errors.add(shown_dir, "", "", "", f"the year folder is empty: {LAYOUT_RULE}")
    else:
        expected = {"rapporter.csv", "tiltak.csv", "rapporter.xlsx", "tiltak.xlsx"}
        stray = sorted(n for n in names if n not in expected)
        for name in stray:
            errors.add(f"{shown_dir}/{by_name[name].name}", "", "", "", f"unexpected file: {LAYOUT_RULE}")
        if not stray:  # only known names, but not a complete pair of one kind
            errors.add(shown_dir, "", "", ", ".join(sorted(names)), f"incomplete layout: {LAYOUT_RULE}")
    return result


def _single_sheet(sheets: dict[str, SourceTable], shown: str, errors: ErrorLog) -> SourceTable | None:
    filled = [t for t in sheets.values() if len(t.frame) or t.columns]
    if len(filled) != 1:
        errors.add(shown, "", "", "", "the workbook must hold exactly one sheet with data")
        return None
    return filled[0]


def _project_columns(rules: TableRules, year: int) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "enhet_id": rules.unit_id(),
            "ordning": rules.code("ordning", codes.EVALUATED_SCHEMES, upper=True),
            "aar": rules.year("aar"),
        }
    )
    wrong_year = frame["aar"].notna() & (frame["aar"] != year)
    rules.fail(wrong_year.fillna(False).astype(bool), "aar", f"must equal the folder's year {year}")
    return frame


def stage_reports(rules: TableRules, year: int) -> pd.DataFrame:
    rules.require_columns(
        ["enhet_id", "ordning", "aar", "mal_nadd", "arsaker_ikke_nadd", "suksessfaktorer",
         "videreforing", "videreforing_uten_tilskudd", "brukermedvirkning"]
    )
    frame = _project_columns(rules, year)
    frame["mal_nadd"] = rules.code("mal_nadd", codes.GOAL_ANSWERS, blank_ok=True)
    frame["arsaker_ikke_nadd"] = rules.code_list("arsaker_ikke_nadd", codes.REASONS)
    frame["suksessfaktorer"] = rules.code_list("suksessfaktorer", codes.SUCCESS_FACTORS)
    frame["videreforing"] = rules.code("videreforing", codes.CONTINUATION_PLANS, blank_ok=True)
    frame["videreforing_uten_tilskudd"] = rules.code(
        "videreforing_uten_tilskudd", codes.YES_NO_UNSURE, blank_ok=True
    )
    frame["brukermedvirkning"] = rules.code("brukermedvirkning", codes.YES_NO, blank_ok=True)
    rules.unique(
        ["enhet_id", "ordning", "aar"], frame[["enhet_id", "ordning", "aar"]],
        "a second report for the same project and year",
    )
    frame["_loc"] = rules.frame["_loc"]
    return frame


def stage_measures(rules: TableRules, year: int) -> pd.DataFrame:
    rules.require_columns(
        ["enhet_id", "ordning", "aar", "tiltak_navn", "kategori", "malgruppe", "budsjett_nok",
         "deltakere", "status", "forste_aar"]
    )
    frame = _project_columns(rules, year)
    frame["tiltak_navn"] = rules.non_empty("tiltak_navn")
    frame["kategori"] = rules.code("kategori", codes.MEASURE_CATEGORIES)
    frame["malgruppe"] = rules.code("malgruppe", codes.TARGET_GROUPS)
    frame["budsjett_nok"] = rules.whole("budsjett_nok")
    frame["deltakere"] = rules.whole("deltakere", blank_ok=True)
    frame["status"] = rules.code(
        "status", ["ny", "videreført"], aliases={"viderefort": "videreført"}
    )
    first = rules.text("forste_aar")
    first_year = first.map(lambda v: int(v) if v.isdigit() and len(v) == 4 else None).astype("Int64")
    rules.fail((first != "") & first_year.isna(), "forste_aar", "must be a four-digit year or blank")
    rules.fail(
        (first_year > frame["aar"]).fillna(False).astype(bool), "forste_aar",
        f"the year first supported cannot be after the report year {year}",
    )
    rules.fail(
        ((frame["status"] == "ny") & (first != "")).fillna(False).astype(bool), "forste_aar",
        "must be blank when status is 'ny'",
    )
    frame["forste_aar"] = first_year
    frame["_loc"] = rules.frame["_loc"]
    return frame

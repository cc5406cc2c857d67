"""reporting/<year>/: annual reports (rapporter) and measures (tiltak), one folder per year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.contract import concepts
from pipelines.contract.problems import Problem
from pipelines.contract.programme import Form, FormColumn, Programme
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.fields import TableRules
from pipelines.ingest.tables import SourceTable, read_csv_table, read_xlsx_tables
from pipelines.ingest.walk import is_year_name

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
    """The reporting years: every folder under reporting/ named with four ASCII digits."""
    folder = data_dir / "reporting"
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and is_year_name(p.name))


def read_year(data_dir: Path, year: int, errors: ErrorLog) -> YearFiles:
    folder = data_dir / "reporting" / str(year)
    shown_dir = f"reporting/{year}"
    entries = sorted(folder.iterdir())
    by_name = {p.name.lower(): p for p in entries if p.is_file()}
    names = set(by_name)
    result = YearFiles(year, [], None, None)
    for entry in entries:
        if entry.is_dir():
            errors.add(
                Problem.UNEXPECTED_FOLDER,
                f"{shown_dir}/{entry.name}",
                rule=f"unexpected folder: {LAYOUT_RULE}",
            )
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
                    errors.add(Problem.MISSING_SHEET, shown, rule=f"the workbook has no sheet named '{kind}'")
    elif not names:
        errors.add(Problem.EMPTY_YEAR_FOLDER, shown_dir, rule=f"the year folder is empty: {LAYOUT_RULE}")
    else:
        expected = {"rapporter.csv", "tiltak.csv", "rapporter.xlsx", "tiltak.xlsx"}
        stray = sorted(n for n in names if n not in expected)
        for name in stray:
            errors.add(
                Problem.UNEXPECTED_FILE,
                f"{shown_dir}/{by_name[name].name}",
                rule=f"unexpected file: {LAYOUT_RULE}",
            )
        if not stray:  # only known names, but not a complete pair of one kind
            errors.add(
                Problem.INCOMPLETE_LAYOUT,
                shown_dir,
                "",
                "",
                ", ".join(sorted(names)),
                f"incomplete layout: {LAYOUT_RULE}",
            )
    return result


def _single_sheet(sheets: dict[str, SourceTable], shown: str, errors: ErrorLog) -> SourceTable | None:
    filled = [t for t in sheets.values() if len(t.frame) or t.columns]
    if len(filled) != 1:
        errors.add(Problem.SHEET_COUNT, shown, rule="the workbook must hold exactly one sheet with data")
        return None
    return filled[0]


def _stage_year(rules: TableRules, programme: Programme, kind: str, year: int) -> pd.DataFrame:
    schema = programme.input_file(kind, year)
    assert schema is not None  # the year's form was checked when the folder was read
    frame = rules.stage(schema)
    wrong_year = (frame["aar"].notna() & (frame["aar"] != year)).fillna(False).astype(bool)
    rules.fail(wrong_year, "aar", Problem.WRONG_YEAR, f"must equal the folder's year {year}")
    form = programme.form_for(year)
    assert form is not None
    # each scheme reports in the years it ran
    for scheme in programme.schemes:
        if scheme.years:
            if scheme.runs_in(year):
                continue
            rules.fail(
                (frame["ordning"] == scheme.code).fillna(False).astype(bool),
                "ordning",
                Problem.SCHEME_NOT_RUNNING,
                f"{scheme.code} ran in {scheme.years}: no report for {year}",
            )
    # the file's columns as the evaluation's concepts (a renamed column feeds the same one)
    frame = frame.rename(columns={c.name: c.concept for c in form.of(kind)})
    _check_rules(rules, frame, form.of(kind))
    _derive(rules, frame, programme, form, kind)
    return frame


def _check_rules(rules: TableRules, frame: pd.DataFrame, columns: tuple[FormColumn, ...]) -> None:
    """The form's rules between columns (skjema.csv `regel`), on the concepts' values."""
    name = {c.concept: c.name for c in columns}
    parts: dict[tuple[str, str], list[str]] = {}
    for column in columns:
        for rule in filter(None, (r.strip() for r in column.rule.split(","))):
            kind, _, target = rule.partition(":")
            if kind == "del_av":
                whole, _, group = target.partition("/")
                parts.setdefault((whole, group), []).append(column.concept)
            elif kind == "delmengde_av":
                pairs = zip(frame[column.concept], frame[target], strict=True)
                outside = [bool(p) and not set(p.split("|")) <= set((w or "").split("|")) for p, w in pairs]
                rules.fail(
                    pd.Series(outside, index=frame.index),
                    column.name,
                    Problem.NOT_A_SUBSET,
                    f"each code must also be in {name.get(target, target)}",
                )
            elif kind == "null_naar":
                concept, _, listed = target.partition("=")
                where = frame[concept].isin(listed.split("|")) & (frame[column.concept] > 0).fillna(False)
                rules.fail(
                    where.astype(bool),
                    column.name,
                    Problem.NOT_ZERO,
                    f"must be 0 or blank where {name.get(concept, concept)} is "
                    + " or ".join(listed.split("|")),
                )
    for (whole, _group), concepts_ in parts.items():
        given = frame[concepts_].notna().any(axis=1)
        without = given & frame[whole].isna()
        shown = ", ".join(name[c] for c in concepts_)
        rules.fail(
            without.astype(bool),
            name[concepts_[0]],
            Problem.PART_WITHOUT_WHOLE,
            f"{shown} given while {name[whole]} is blank",
        )
        above = (frame[concepts_].sum(axis=1, min_count=1) > frame[whole]).fillna(False)
        rules.fail(
            above.astype(bool),
            name[concepts_[0]],
            Problem.PART_ABOVE_WHOLE,
            f"{' + '.join(name[c] for c in concepts_)} may not exceed {name[whole]}",
        )


def _derive(rules: TableRules, frame: pd.DataFrame, programme: Programme, form: Form, kind: str) -> None:
    """Concepts a form carries in another shape: a replaced code list's series code (an activity
    type's 2009 category), and goal attainment from the criteria (contract §8)."""
    columns = {c.concept: c for c in form.of(kind)}
    for column in form.of(kind):
        listed = programme.code_lists.get(column.code_list)
        if listed is None or not listed.series_list:
            continue
        for concept in concepts.FORM_CONCEPTS[kind]:
            if concept not in columns and programme.of_concept(concept).name == listed.series_list:
                crosswalk = {c.code: c.series.split(":", 1)[1] for c in listed.codes}
                frame[concept] = frame[column.concept].map(crosswalk)
    if "kriterier_mal" in columns and "mal_nadd" not in columns:
        aimed = frame["kriterier_mal"].fillna("")
        reached = frame["kriterier_nadd"].fillna("") if "kriterier_nadd" in columns else ""
        every = [
            None if not a else ("alle" if set(a.split("|")) <= set(r.split("|")) else "ikke_alle")
            for a, r in zip(
                aimed, reached if isinstance(reached, pd.Series) else [""] * len(frame), strict=True
            )
        ]
        frame["mal_nadd"] = pd.Series(every, index=frame.index, dtype=object)
        if "arsaker_ikke_nadd" in columns:
            rules.fail(
                ((frame["mal_nadd"] == "alle") & (frame["arsaker_ikke_nadd"].fillna("") != "")).astype(bool),
                columns["arsaker_ikke_nadd"].name,
                Problem.OFF_ROUTE,
                "reasons are given only when a criterion worked towards was not reached",
            )


def stage_reports(rules: TableRules, programme: Programme, year: int) -> pd.DataFrame:
    return _stage_year(rules, programme, "rapporter", year)


def stage_measures(rules: TableRules, programme: Programme, year: int) -> pd.DataFrame:
    frame = _stage_year(rules, programme, "tiltak", year)
    names = _file_columns(programme, "tiltak", year)
    if {"forste_aar", "status"} <= set(names):
        rules.fail(
            (frame["forste_aar"] > frame["aar"]).fillna(False).astype(bool),
            names["forste_aar"],
            Problem.FIRST_YEAR_AFTER_REPORT,
            f"the year first supported cannot be after the report year {year}",
        )
        rules.fail(
            ((frame["status"] == "ny") & (rules.text(names["forste_aar"]) != "")).fillna(False).astype(bool),
            names["forste_aar"],
            Problem.FIRST_YEAR_WHEN_NEW,
            "must be blank when status is 'ny'",
        )
    return frame


def _file_columns(programme: Programme, kind: str, year: int) -> dict[str, str]:
    """concept -> the column that carries it in the form of `year`."""
    form = programme.form_for(year)
    return {c.concept: c.name for c in form.of(kind)} if form else {}

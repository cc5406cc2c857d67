"""Load and validate one data directory: every source, every rule, every error at once."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.contract import codes
from pipelines.ingest import interviews, registry, reporting
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.fields import TableRules, join_keys
from pipelines.ingest.survey import read_survey
from pipelines.ingest.tables import LOC, SourceTable, read_csv_table

log = logging.getLogger("grant_eval")


@dataclass
class LoadedFile:
    path: str  # relative to the data directory
    size_bytes: int
    sha256: str
    n_rows: int


@dataclass
class Inputs:
    """Everything read from a data directory, as raw text tables and typed staging tables."""

    data_dir: Path
    years: list[int]
    raw: dict[str, pd.DataFrame] = field(default_factory=dict)
    staging: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[LoadedFile] = field(default_factory=list)


REGISTER = "register"  # units, regions, grants, survey, interviews, context
REPORTING = "reporting"  # reporting/<year>/: rapporter and tiltak


def check_years(data_dir: Path, years: Iterable[int] | None, errors: ErrorLog) -> list[int]:
    """The reporting years to load: every year folder, or those asked for that exist."""
    found = reporting.find_years(data_dir)
    if not found:
        errors.add("reporting", "", "", "", "no year folders (reporting/<year>/) were found")
    if years is None:
        return found
    for year in sorted(set(years)):
        if year not in found:
            errors.add(f"reporting/{year}", "", "", str(year), "no such year folder under reporting/")
    return [y for y in sorted(set(years)) if y in found]


def load_inputs(
    data_dir: Path | str,
    years: Iterable[int] | None = None,
    progress: Callable[[str], None] | None = None,
    parts: tuple[str, ...] = (REGISTER, REPORTING),
) -> Inputs:
    """Read the inputs of the data contract; raise InvalidInput listing every error found.

    `years` limits the reporting load to those years (all year folders when None). `parts`
    chooses the register files, the reporting years, or both; loading only the reporting
    still reads units.csv and grants.csv to know the projects, but leaves their errors to
    the register's load.
    """
    data_dir = Path(data_dir)
    say = progress or log.info
    errors = ErrorLog()
    if not data_dir.is_dir():
        errors.add(str(data_dir), "", "", "", "the data directory does not exist")
        errors.raise_if_any()
    with_register, with_reporting = REGISTER in parts, REPORTING in parts
    chosen = check_years(data_dir, years, errors) if with_reporting else []
    loaded = Inputs(data_dir=data_dir, years=chosen)
    # Reporting alone: the register is read only to know the projects, quietly.
    register_errors = errors if with_register else ErrorLog()
    register = loaded if with_register else Inputs(data_dir=data_dir, years=chosen)

    def csv_table(relative: str, optional: bool = False) -> SourceTable | None:
        path = data_dir / relative
        if not path.is_file():
            if not optional:
                register_errors.add(relative, "", "", "", "required file is missing")
            return None
        if with_register:
            say(f"reading {relative}")
        table = read_csv_table(path, relative, register_errors)
        _record(register, path, relative, len(table.frame) if table else 0)
        return table

    # -- register: units, regions, grants ----------------------------------------------------
    region_map = dict(codes.DEFAULT_REGIONS)
    regions_table = csv_table("regions.csv", optional=True)
    if regions_table is not None:
        region_map = registry.stage_regions(regions_table, TableRules(regions_table, register_errors))
        register.raw["regions"] = _raw(regions_table)

    units_table = csv_table("units.csv")
    units = None
    if units_table is not None:
        units = registry.stage_units(units_table, TableRules(units_table, register_errors))
        units["fylke"] = units["enhet_id"].str[:2]
        units["region"] = units["fylke"].map(region_map)
        no_region = units["enhet_id"].notna() & units["region"].isna()
        TableRules(units_table, register_errors).fail(
            no_region, "enhet_id",
            "the unit's county (first two digits) has no region"
            + (" in regions.csv" if regions_table is not None else ""),
        )
        units["size_class"] = units["innbyggere"].map(
            lambda n: codes.size_class(None if pd.isna(n) else int(n))
        )
        register.raw["units"] = _raw(units_table)
        register.staging["units"] = units
    known_units = set(units["enhet_id"].dropna()) if units is not None else None
    register.staging["regions"] = pd.DataFrame(
        sorted(region_map.items()), columns=["fylke", "region"]
    )

    grants_table = csv_table("grants.csv")
    projects: set[tuple[str, str]] = set()
    if grants_table is not None:
        rules = TableRules(grants_table, register_errors)
        grants = registry.stage_grants(rules)
        _check_units(rules, grants, known_units, "units.csv")
        projects = {
            (u, s) for u, s in zip(grants["enhet_id"], grants["ordning"], strict=True)
            if u is not None and s in codes.EVALUATED_SCHEMES
        }
        register.raw["grants"] = _raw(grants_table)
        register.staging["grants"] = grants

    # -- reporting, one folder per year ---------------------------------------------------------
    reports: list[pd.DataFrame] = []
    measures: list[pd.DataFrame] = []
    raw_reports: list[pd.DataFrame] = []
    raw_measures: list[pd.DataFrame] = []
    for year in chosen if with_reporting else []:
        say(f"reading reporting/{year}")
        files = reporting.read_year(data_dir, year, errors)
        for path in files.files:
            _record(loaded, path, str(path.relative_to(data_dir)), None)
        year_reports = None
        if files.rapporter is not None:
            rules = TableRules(files.rapporter, errors)
            year_reports = reporting.stage_reports(rules, year)
            _check_projects(rules, year_reports, projects, grants_table is not None)
            year_reports["_file"] = files.rapporter.file
            reports.append(year_reports)
            raw_reports.append(_raw(files.rapporter).assign(_year=year))
        if files.tiltak is not None:
            rules = TableRules(files.tiltak, errors)
            year_measures = reporting.stage_measures(rules, year)
            _check_projects(rules, year_measures, projects, grants_table is not None)
            if year_reports is not None:
                reported = set(zip(year_reports["enhet_id"], year_reports["ordning"], strict=True))
                _fail_unknown_projects(rules, year_measures, reported,
                                       f"the project has no report (rapporter) for {year}")
            year_measures["_file"] = files.tiltak.file
            measures.append(year_measures)
            raw_measures.append(_raw(files.tiltak).assign(_year=year))
    _set_row_counts(loaded, raw_reports + raw_measures)
    if reports:
        loaded.staging["rapporter"] = pd.concat(reports, ignore_index=True)
        loaded.raw["rapporter"] = pd.concat(raw_reports, ignore_index=True)
    if measures:
        loaded.staging["tiltak"] = pd.concat(measures, ignore_index=True)
        loaded.raw["tiltak"] = pd.concat(raw_measures, ignore_index=True)

    if with_register:
        _load_register_rest(data_dir, loaded, errors, csv_table, known_units, projects,
                            grants_table is not None, say)
    errors.raise_if_any()
    for name, frame in loaded.staging.items():
        loaded.staging[name] = frame.drop(columns=[LOC], errors="ignore")
    return loaded


def _load_register_rest(
    data_dir: Path, loaded: Inputs, errors: ErrorLog,
    csv_table: Callable[..., SourceTable | None], known_units: set[str] | None,
    projects: set[tuple[str, str]], have_grants: bool, say: Callable[[str], None],
) -> None:
    """The survey, the interviews and the optional context."""
    # -- survey ----------------------------------------------------------------------------------
    survey_dir = data_dir / "survey"
    savs = sorted(survey_dir.glob("*.sav")) if survey_dir.is_dir() else []
    if len(savs) != 1:
        errors.add("survey", "", "", ", ".join(p.name for p in savs),
                   "the survey folder must hold exactly one .sav file"
                   + (" (none found)" if not savs else f" ({len(savs)} found)"))
    else:
        relative = f"survey/{savs[0].name}"
        say(f"reading {relative}")
        result = read_survey(savs[0], relative, errors)
        if result is not None:
            raw_survey, survey, survey_labels = result
            _record(loaded, savs[0], relative, len(raw_survey))
            if have_grants:
                keys = list(zip(survey["enhet_id"], survey["ordning"], strict=True))
                for idx, key in enumerate(keys):
                    if None not in key and key not in projects:
                        errors.add(relative, f"case {idx + 1}", "enhet_id+ordning", f"{key[0]} / {key[1]}",
                                   "the project has no grant in grants.csv")
            loaded.raw["survey"] = raw_survey
            loaded.staging["survey"] = survey
            loaded.staging["survey_value_labels"] = survey_labels

    # -- interviews ------------------------------------------------------------------------------
    informants_table = csv_table("interviews/informants.csv")
    interview_ids: set[str] | None = None
    if informants_table is not None:
        rules = TableRules(informants_table, errors)
        informants = interviews.stage_informants(rules)
        _check_units(rules, informants, known_units, "units.csv")
        interview_ids = set(informants["intervju_id"]) - {""}
        loaded.raw["informants"] = _raw(informants_table).drop(columns=["navn"], errors="ignore")
        loaded.staging["informants"] = informants
    _load_segments(data_dir, loaded, errors, interview_ids, say)

    # -- optional context ------------------------------------------------------------------------
    context = csv_table("context/lavinntekt.csv", optional=True)
    if context is not None:
        rules = TableRules(context, errors)
        low_income = registry.stage_low_income(rules)
        _check_units(rules, low_income, known_units, "units.csv")
        loaded.raw["lavinntekt"] = _raw(context)
        loaded.staging["lavinntekt"] = low_income


def _load_segments(
    data_dir: Path, loaded: Inputs, errors: ErrorLog, interview_ids: set[str] | None,
    say: Callable[[str], None],
) -> None:
    folder = data_dir / "interviews"
    csv_path = folder / "segments.csv"
    qdpx = sorted(folder.glob("*.qdpx")) if folder.is_dir() else []
    sources = ([csv_path] if csv_path.is_file() else []) + qdpx
    if len(sources) != 1:
        errors.add("interviews", "", "", ", ".join(p.name for p in sources),
                   "interviews/ must hold exactly one of segments.csv or a .qdpx file"
                   + (" (none found)" if not sources else f" ({len(sources)} found)"))
        return
    path = sources[0]
    relative = f"interviews/{path.name}"
    say(f"reading {relative}")
    if path.suffix.lower() == ".csv":
        table = read_csv_table(path, relative, errors)
        _record(loaded, path, relative, len(table.frame) if table else 0)
        if table is None:
            return
        rules = TableRules(table, errors)
        segments = interviews.stage_segments_csv(rules)
        if interview_ids is not None:
            unknown = (segments["intervju_id"] != "") & ~segments["intervju_id"].isin(interview_ids)
            rules.fail(unknown, "intervju_id", "is not an intervju_id in interviews/informants.csv")
        loaded.raw["segments"] = _raw(table)
    else:
        segments = interviews.read_qdpx(path, relative, errors)
        if segments is None:
            return
        _record(loaded, path, relative, len(segments))
        if interview_ids is not None:
            for name in sorted(set(segments["intervju_id"]) - interview_ids):
                errors.add(relative, f"TextSource '{name}'", "name", name,
                           "is not an intervju_id in interviews/informants.csv")
        loaded.raw["segments"] = segments.rename(columns={LOC: "_loc"}).assign(_file=relative)
    segments.insert(0, "segment_id", range(1, len(segments) + 1))
    loaded.staging["segments"] = segments


def _raw(table: SourceTable) -> pd.DataFrame:
    frame = table.frame.copy()
    frame.insert(0, "_file", table.file)
    return frame


def _record(loaded: Inputs, path: Path, relative: str, n_rows: int | None) -> None:
    data = path.read_bytes()
    loaded.files.append(
        LoadedFile(relative, len(data), hashlib.sha256(data).hexdigest(), n_rows or 0)
    )


def _set_row_counts(loaded: Inputs, frames: list[pd.DataFrame]) -> None:
    """Row counts of reporting files: a workbook's sheets add up to the file."""
    counts: dict[str, int] = {}
    for frame in frames:
        if len(frame):
            file = frame["_file"].iloc[0]
            counts[file] = counts.get(file, 0) + len(frame)
    for record in loaded.files:
        if record.path in counts:
            record.n_rows = counts[record.path]


def _check_units(
    rules: TableRules, frame: pd.DataFrame, known: set[str] | None, register: str
) -> None:
    if known is None:
        return
    unknown = frame["enhet_id"].notna() & ~frame["enhet_id"].isin(known)
    rules.fail(unknown, "enhet_id", f"the unit is not in {register}")


def _check_projects(
    rules: TableRules, frame: pd.DataFrame, projects: set[tuple[str, str]], have_grants: bool
) -> None:
    if have_grants:
        _fail_unknown_projects(rules, frame, projects,
                               "is not a project: grants.csv has no grant for this unit and scheme")


def _fail_unknown_projects(
    rules: TableRules, frame: pd.DataFrame, known: set[tuple[str, str]], rule: str
) -> None:
    """Each complete (enhet_id, ordning) must be one of `known`."""
    pair = frame[["enhet_id", "ordning"]]
    keys = pd.Series(list(zip(pair["enhet_id"], pair["ordning"], strict=True)), index=frame.index)
    complete = pair.notna().all(axis=1)
    rules.fail(complete & ~keys.isin(known), "enhet_id+ordning", rule, join_keys(pair))

"""Load and validate one data directory: every source, every rule, every error at once."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.contract import codes, concepts, input_files
from pipelines.contract.problems import Problem
from pipelines.contract.programme import Programme, Wave
from pipelines.contract.programme_files import programme_for
from pipelines.ingest import interviews, register, reporting
from pipelines.ingest.digest import file_sha256
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.fields import TableRules, join_keys
from pipelines.ingest.statbank import (
    NATIONAL,
    Figure,
    PlacedFigure,
    iter_context_files,
    read_context_file,
    unique_figures,
)
from pipelines.ingest.survey import read_survey
from pipelines.ingest.tables import LOC, SourceTable, read_csv_table
from pipelines.ingest.unit_history import Resolution, UnitResolver, read_history, staged_changes

log = logging.getLogger("grant_eval")

BIGINT_MAX = 2**63 - 1  # DuckDB's BIGINT, the type of the marts' sums
REGISTER = "register"  # units, regions, grants, survey, interviews, context
REPORTING = "reporting"  # reporting/<year>/: rapporter and tiltak


@dataclass
class LoadedFile:
    path: str  # relative to the data directory
    size_bytes: int
    sha256: str
    n_rows: int
    n_skipped: int = 0  # context figures for municipalities outside units.csv


@dataclass
class Loaded:
    """Everything read from a data directory, as raw text tables and typed staging tables."""

    data_dir: Path
    years: list[int]
    programme: Programme
    raw: dict[str, pd.DataFrame] = field(default_factory=dict)
    staging: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[LoadedFile] = field(default_factory=list)


def require_data_dir(data_dir: Path) -> None:
    """InvalidInput when the data directory is not there: nothing else can be checked."""
    if not data_dir.is_dir():
        errors = ErrorLog()
        errors.add(Problem.NO_DATA_DIR, str(data_dir), rule="the data directory does not exist")
        errors.raise_if_any()


def check_years(data_dir: Path, years: Iterable[int] | None, errors: ErrorLog) -> list[int]:
    """The reporting years to load: every year folder, or those asked for that exist."""
    found = reporting.find_years(data_dir)
    if not found:
        errors.add(
            Problem.NO_YEAR_FOLDERS, "reporting", rule="no year folders (reporting/<year>/) were found"
        )
    if years is None:
        return found
    for year in sorted(set(years)):
        if year not in found:
            errors.add(
                Problem.NO_SUCH_YEAR,
                f"reporting/{year}",
                "",
                "",
                str(year),
                "no such year folder under reporting/",
            )
    return [y for y in sorted(set(years)) if y in found]


def load_inputs(
    data_dir: Path | str,
    years: Iterable[int] | None = None,
    progress: Callable[[str], None] | None = None,
    parts: tuple[str, ...] = (REGISTER, REPORTING),
    keep_reporting: bool = True,
) -> Loaded:
    """Read the inputs of the data contract; raise InvalidInput listing every error found.

    `years` limits the reporting load to those years (all year folders when None). `parts`
    chooses the register files, the reporting years, or both; loading only the reporting
    still reads units.csv and grants.csv to know the projects, but leaves their errors to
    the register's load. `keep_reporting=False` (grant-eval check) validates each year and lets
    its tables go, so only one year is in memory at a time.
    """
    data_dir = Path(data_dir)
    require_data_dir(data_dir)
    errors = ErrorLog()
    # the programme first: its errors stop the run before any data is read
    programme = programme_for(data_dir, errors)
    errors.raise_if_any()
    assert programme is not None
    chosen = check_years(data_dir, years, errors) if REPORTING in parts else []
    for year in chosen:
        if programme.form_for(year) is None:
            periods = ", ".join(f.period for f in programme.forms)
            errors.add(
                Problem.NO_FORM,
                f"reporting/{year}",
                rule=f"the programme definition {programme.name} has no reporting form for {year} "
                f"(forms: {periods})",
            )
    loader = _Loader(
        data_dir, chosen, errors, progress or log.info, with_register=REGISTER in parts, programme=programme
    )
    loader.keep_reporting = keep_reporting
    loader.load_register_core()
    if REPORTING in parts:
        loader.load_reporting()
    if REGISTER in parts:
        loader.stage_programme()
        loader.load_survey()
        loader.load_interviews()
        loader.load_context()
    errors.raise_if_any()
    loaded = loader.loaded
    for name, frame in loaded.staging.items():
        loaded.staging[name] = frame.drop(columns=[LOC], errors="ignore")
    return loaded


class _Loader:
    """One load of a data directory. The register core (units, regions, grants) is always
    read, since every other file refers to its units and projects; when only the reporting
    is loaded, the core's errors and files are left to the register's own load."""

    def __init__(
        self,
        data_dir: Path,
        years: list[int],
        errors: ErrorLog,
        say: Callable[[str], None],
        with_register: bool,
        programme: Programme,
    ):
        self.data_dir = data_dir
        self.programme = programme
        self.errors = errors
        self.say = say
        self.with_register = with_register
        self.loaded = Loaded(data_dir=data_dir, years=years, programme=programme)
        self.core = (
            self.loaded if with_register else Loaded(data_dir=data_dir, years=years, programme=programme)
        )
        self.core_errors = errors if with_register else ErrorLog()
        self.known_units: set[str] | None = None  # None: units.csv could not be read
        self.projects: set[tuple[str, str]] | None = None  # None: grants.csv could not be read
        self.first_grant: dict[tuple[str, str], int | None] = {}  # project -> first year of a grant
        self.grant_years: dict[tuple[str, str], set[int]] = {}  # project -> years with a grant
        self.resolver: UnitResolver | None = None  # None: units.csv could not be read
        self.keep_reporting = True  # False: validate each reporting year, then let it go
        self.sums: dict[str, int] = {}  # each whole-number concept's total over the years read
        self.summed_past: set[str] = set()  # the concepts whose total passed BIGINT_MAX

    # -- the register core: regions, units, grants --------------------------------------------
    def _core_csv(self, relative: str, optional: bool = False) -> SourceTable | None:
        path = self.data_dir / relative
        if not path.is_file():
            if not optional:
                self.core_errors.add(Problem.MISSING_FILE, relative, rule="required file is missing")
            return None
        if self.with_register:
            self.say(f"reading {relative}")
        table = read_csv_table(path, relative, self.core_errors)
        _record(self.core, path, relative, len(table.frame) if table else 0)
        return table

    def load_register_core(self) -> None:
        region_map = dict(codes.DEFAULT_REGIONS)
        regions = self._core_csv(input_files.REGIONS.path, optional=True)
        if regions is not None:
            region_map = register.stage_regions(TableRules(regions, self.core_errors))
            self.core.raw["regions"] = _raw(regions)
        self.core.staging["regions"] = pd.DataFrame(sorted(region_map.items()), columns=["fylke", "region"])

        units_table = self._core_csv(input_files.UNITS.path)
        if units_table is not None:
            units = register.stage_units(
                TableRules(units_table, self.core_errors), region_map, own_map=regions is not None
            )
            self.core.raw["units"] = _raw(units_table)
            self.core.staging["units"] = units
            self.known_units = set(units["enhet_id"].dropna())

        history, own_history = read_history(self.data_dir, self.core_errors)
        if own_history is not None:
            path = self.data_dir / input_files.KOMMUNEENDRINGER.path
            _record(self.core, path, input_files.KOMMUNEENDRINGER.path, len(own_history.frame))
            self.core.raw["kommuneendringer"] = _raw(own_history)
        self.core.staging["unit_changes"] = staged_changes(history)

        grants_table = self._core_csv("grants.csv")
        if self.known_units is not None:
            self.resolver = UnitResolver(history, self.known_units, None, self.programme.evaluated)
            self._place_organisations(region_map)
        if grants_table is not None:
            rules = TableRules(grants_table, self.core_errors)
            grants = register.stage_grants(rules, self.programme)
            grants_file = self.programme.grants_file()
            grants_key, grants_rule = grants_file.key, grants_file.key_rule
            if self.resolver is not None:
                # a grant under a changed number joins the project its unit already has
                listed = grants["enhet_id"].isin(self.known_units) & grants["ordning"].notna()
                self.resolver.projects = set(
                    zip(grants.loc[listed, "enhet_id"], grants.loc[listed, "ordning"], strict=True)
                )
            self._resolve_units(rules, grants, "ordning", grants_key, grants_rule)
            evaluated = grants[grants["enhet_id"].notna() & grants["ordning"].isin(self.programme.evaluated)]
            first = evaluated.groupby(["enhet_id", "ordning"])["aar"].min()
            self.first_grant = {key: (None if pd.isna(year) else int(year)) for key, year in first.items()}
            self.grant_years = {
                key: {int(y) for y in years.dropna()}
                for key, years in evaluated.groupby(["enhet_id", "ordning"])["aar"]
            }
            self.projects = set(self.first_grant)
            if self.resolver is not None:
                self.resolver.projects = self.projects
            self.core.raw["grants"] = _raw(grants_table)
            self.core.staging["grants"] = grants

    def _place_organisations(self, region_map: dict[str, str]) -> None:
        """An organisation's municipality followed through the change history to the unit of
        units.csv it continues, when there is one; its region is that municipality's (§1). A
        municipality with no unit of its own keeps the number as written."""
        units = self.core.staging.get("units")
        if units is None or self.resolver is None or "kommune" not in units.columns:
            return
        for idx in units.index[units["kommune"].notna()]:
            found = self.resolver.resolve(str(units.at[idx, "kommune"]), None)
            if found.unit is not None and found.unit != units.at[idx, "kommune"]:
                units.at[idx, "kommune"] = found.unit
                units.at[idx, "fylke"] = found.unit[:2]
                units.at[idx, "region"] = region_map.get(found.unit[:2], units.at[idx, "region"])

    def _resolve_units(
        self,
        rules: TableRules,
        frame: pd.DataFrame,
        scheme: str | None = None,
        key: tuple[str, ...] = (),
        key_rule: str = "",
    ) -> None:
        """Each enhet_id not in units.csv is followed through the change history to its unit;
        the id as written stays in enhet_id_rapportert. Unresolved ids are errors. With `key`,
        the key is checked again on the units resolved: the same grant under a unit's old and
        new number is a repeat (the file's own check saw two numbers)."""
        for rows, found in self._resolve(frame, scheme):
            assert found.problem is not None
            rules.fail(
                frame.index.isin(rows) & frame["enhet_id"].notna(), "enhet_id", found.problem, found.rule
            )
            frame.loc[rows, "enhet_id"] = None
        if key and (frame["enhet_id"] != frame["enhet_id_rapportert"]).any():
            keys = frame[list(key)]
            written = frame[["enhet_id_rapportert", *key[1:]]]
            # a repeat only once resolved: the rows the file's own key check let through
            repeated = (
                keys.duplicated(keep="first") & keys.notna().all(axis=1) & ~written.duplicated(keep="first")
            )
            rules.fail(
                repeated,
                "enhet_id",
                Problem.DUPLICATE_KEY,
                f"{key_rule} (the same unit under another number: followed through the change history)",
                join_keys(keys),
            )

    def _resolve(self, frame: pd.DataFrame, scheme: str | None) -> list[tuple[list, Resolution]]:
        """Resolve in place; return the rows that failed, grouped, with why."""
        frame.insert(frame.columns.get_loc("enhet_id") + 1, "enhet_id_rapportert", frame["enhet_id"])
        if self.resolver is None or self.known_units is None:
            return []
        unlisted = frame[frame["enhet_id"].notna() & ~frame["enhet_id"].isin(self.known_units)]
        schemes = unlisted[scheme].fillna("") if scheme else pd.Series("", index=unlisted.index)
        failed = []
        for (code, ordning), rows in unlisted.groupby(
            [unlisted["enhet_id"], schemes], sort=False
        ).groups.items():
            found = self.resolver.resolve(code, ordning or None)
            if found.unit is not None:
                frame.loc[rows, "enhet_id"] = found.unit
            else:
                failed.append((list(rows), found))
        return failed

    # -- reporting, one folder per year ---------------------------------------------------------
    def load_reporting(self) -> None:
        staged: dict[str, list[pd.DataFrame]] = {"rapporter": [], "tiltak": []}
        raw: dict[str, list[pd.DataFrame]] = {"rapporter": [], "tiltak": []}
        for year in self.loaded.years:
            if self.programme.form_for(year) is None:
                continue  # an error already: the programme has no form for it
            self.say(f"reading reporting/{year}")
            files = reporting.read_year(self.data_dir, year, self.errors)
            for path in files.files:
                _record(self.loaded, path, str(path.relative_to(self.data_dir)), None)
            year_reports = None
            if files.rapporter is not None:
                rules = TableRules(files.rapporter, self.errors)
                year_reports = reporting.stage_reports(rules, self.programme, year)
                reports_file = self.programme.input_file("rapporter", year)
                assert reports_file is not None
                self._resolve_units(rules, year_reports, "ordning", reports_file.key, reports_file.key_rule)
                self._check_projects(rules, year_reports)
                if self.keep_reporting:
                    staged["rapporter"].append(year_reports.assign(_file=files.rapporter.file))
                    raw["rapporter"].append(_raw(files.rapporter).assign(_year=year))
                else:
                    self._count_rows(files.rapporter)
            if files.tiltak is not None:
                rules = TableRules(files.tiltak, self.errors)
                year_measures = reporting.stage_measures(rules, self.programme, year)
                self._resolve_units(rules, year_measures, "ordning")
                self._check_projects(rules, year_measures)
                self._check_grant_spent(rules, year_measures, year)
                self._check_sums(files.tiltak.file, "tiltak", year_measures)
                if year_reports is not None:
                    reported = set(zip(year_reports["enhet_id"], year_reports["ordning"], strict=True))
                    _fail_unknown_projects(
                        rules,
                        year_measures,
                        reported,
                        Problem.NO_REPORT,
                        f"the project has no report (rapporter) for {year}",
                    )
                if self.keep_reporting:
                    staged["tiltak"].append(year_measures.assign(_file=files.tiltak.file))
                    raw["tiltak"].append(_raw(files.tiltak).assign(_year=year))
                else:
                    self._count_rows(files.tiltak)
        _set_row_counts(self.loaded, raw["rapporter"] + raw["tiltak"])
        for name in ("rapporter", "tiltak"):
            # one year's frames are let go as soon as they are joined: a large year is not
            # held three times over
            for parts, target in ((staged, self.loaded.staging), (raw, self.loaded.raw)):
                frames = parts.pop(name)
                if frames:
                    target[name] = _stack(frames)
                del frames

    def _check_sums(self, file: str, kind: str, frame: pd.DataFrame) -> None:
        """The marts add up whole numbers over every year: a total past what DuckDB's BIGINT holds
        would stop the run there, so it is an input error here, where `check` sees it too."""
        for concept in concepts.FORM_CONCEPTS[kind].values():
            if concept.kind != concepts.WHOLE or concept.name not in frame.columns:
                continue
            # in Python's integers: a pandas sum of int64 wraps around silently
            total = self.sums.get(concept.name, 0) + sum(int(v) for v in frame[concept.name].dropna())
            self.sums[concept.name] = total
            if total > BIGINT_MAX and concept.name not in self.summed_past:
                self.summed_past.add(concept.name)
                self.errors.add(
                    Problem.NUMBER_TOO_LARGE,
                    file,
                    "",
                    concept.name,
                    f"{total:,}".replace(",", " "),
                    f"the years loaded add up to more than a total can hold ({BIGINT_MAX:,}); "
                    "a figure is likely mistyped".replace(",", " "),
                )

    def _check_grant_spent(self, rules: TableRules, measures: pd.DataFrame, year: int) -> None:
        """A project's activities may not be granted more, together, than its grant that year (§8)."""
        grants = self.core.staging.get("grants")
        if (
            grants is None
            or "tilskudd_nok" not in measures.columns
            or not measures["tilskudd_nok"].notna().any()
        ):
            return
        granted = grants[grants["aar"] == year].groupby(["enhet_id", "ordning"])["belop_nok"].sum()
        spent = measures.groupby(["enhet_id", "ordning"])["tilskudd_nok"].transform("sum")
        keys = list(zip(measures["enhet_id"], measures["ordning"], strict=True))
        limit = pd.Series([granted.get(k) for k in keys], index=measures.index, dtype="Float64")
        first = ~measures.duplicated(["enhet_id", "ordning"])  # once per project, at its first activity
        name = self.programme.form_for(year)
        column = (
            next((c.name for c in name.of("tiltak") if c.concept == "tilskudd_nok"), "tilskudd_nok")
            if name
            else ""
        )
        over = (first & (spent > limit)).fillna(False).astype(bool)
        rules.fail(
            over,
            column,
            Problem.PART_ABOVE_WHOLE,
            f"the project's activities are granted more in {year} than its grant in grants.csv",
            spent.astype("Int64").astype(str),
        )

    def _count_rows(self, table: SourceTable) -> None:
        """The load log's row count of a reporting file whose rows are not kept."""
        for record in self.loaded.files:
            if record.path == table.file:
                record.n_rows += len(table.frame)

    def _check_projects(self, rules: TableRules, frame: pd.DataFrame) -> None:
        if self.projects is not None:
            _fail_unknown_projects(
                rules,
                frame,
                self.projects,
                Problem.NOT_A_PROJECT,
                "is not a project: grants.csv has no grant for this unit and scheme",
            )

    def _exactly_one(self, found: list[Path], where: str, rule: str) -> bool:
        if len(found) == 1:
            return True
        count = " (none found)" if not found else f" ({len(found)} found)"
        self.errors.add(Problem.FILE_COUNT, where, "", "", ", ".join(p.name for p in found), rule + count)
        return False

    # -- the programme definition ---------------------------------------------------------------
    def stage_programme(self) -> None:
        """The definition as tables, so the warehouse says what its figures rest on and the
        marts and the report read the programme's codes, schemes and codebook from it."""
        p = self.programme
        own = self.data_dir / "programme"
        if own.is_dir():
            for name in sorted(p.files):
                _record(self.loaded, own / name, f"programme/{name}", p.files[name].count("\n"))
        frames = programme_frames(p)
        self.loaded.raw["programme"] = frames["programme_files"].rename(columns={"file": "_file"})
        self.loaded.staging.update(frames)

    # -- the survey -------------------------------------------------------------------------------
    def load_survey(self) -> None:
        """One .sav file per wave of the programme (contract §2): each wave's own frame and items."""
        folder = self.data_dir / "survey"
        savs = sorted(folder.glob("*.sav")) if folder.is_dir() else []
        files = self._survey_waves(savs)
        if files is None:
            return
        raws, stageds, labelled, frames = [], [], [], []
        read: list[tuple[Wave, pd.DataFrame]] = []
        for path, year, wave in files:
            relative = f"survey/{path.name}"
            self.say(f"reading {relative}")
            result = read_survey(path, relative, self.errors, self.programme, wave)
            if result is None:
                continue
            raw_survey, survey, survey_labels = result
            _record(self.loaded, path, relative, len(raw_survey))
            self._check_respondents(survey, relative, year, wave.frame_years)
            survey.insert(0, "survey_file", relative)
            survey.insert(2, "wave", pd.array([year] * len(survey), dtype="Int64"))
            raws.append(raw_survey.assign(_file=relative) if len(files) > 1 else raw_survey)
            stageds.append(survey)
            read.append((wave, survey))
            labelled.append(survey_labels)
            frames.append((relative, year, wave.frame_years))
        if not stageds:
            return
        self.loaded.staging["survey_frame"] = pd.DataFrame(
            {
                "survey_file": [f for f, _, _ in frames],
                "survey_year": pd.array([y for _, y, _ in frames], dtype="Int64"),
                "frame_years": pd.array([n for _, _, n in frames], dtype="Int64"),
            }
        )
        self.loaded.raw["survey"] = pd.concat(raws, ignore_index=True) if len(raws) > 1 else raws[0]
        self.loaded.staging["survey"] = (
            pd.concat(stageds, ignore_index=True) if len(stageds) > 1 else stageds[0]
        )
        self.loaded.staging["survey_answers"] = survey_answers(self.programme, read)
        self.loaded.staging["survey_value_labels"] = (
            pd.concat(labelled, ignore_index=True).drop_duplicates() if len(labelled) > 1 else labelled[0]
        )

    def _survey_waves(self, savs: list[Path]) -> list[tuple[Path, int | None, Wave]] | None:
        """Each survey file with its year and the programme's wave for it; None after an error."""
        programme = self.programme
        if len(programme.waves) == 1 and programme.waves[0].year is None:
            # the definition's one wave, any file name (contract version 2)
            if not self._exactly_one(savs, "survey", "the survey folder must hold exactly one .sav file"):
                return None
            return [(savs[0], survey_year(savs[0].name), programme.waves[0])]
        if not savs:
            self._exactly_one(savs, "survey", "the survey folder must hold one .sav file per wave")
            return None
        provided = ", ".join(str(w.year) for w in programme.waves)
        found: list[tuple[Path, int | None, Wave]] = []
        years: dict[int, str] = {}
        for path in savs:
            shown = f"survey/{path.name}"
            year = survey_year(path.name)
            wave = programme.wave_for(year) if year is not None else None
            if year is None or wave is None:
                self.errors.add(
                    Problem.NO_WAVE,
                    shown,
                    "",
                    "",
                    path.name,
                    f"the programme definition {programme.name} provides for the survey waves {provided}: "
                    "name each file with its year (sporreskjema_<year>.sav)",
                )
            elif year in years:
                self.errors.add(
                    Problem.FILE_COUNT,
                    shown,
                    "",
                    "",
                    path.name,
                    f"a second file for the {year} wave ({years[year]})",
                )
            else:
                years[year] = path.name
                found.append((path, year, wave))
        return found if len(found) == len(savs) else None

    def _check_respondents(
        self, survey: pd.DataFrame, relative: str, year: int | None, frame_years: int | None
    ) -> None:
        """Every answer is a project's, resolved through the change history, and in the wave's frame."""
        for rows, found in self._resolve(survey, "ordning"):
            assert found.problem is not None
            for idx in rows:
                case = survey.at[idx, "case_number"]
                code = survey.at[idx, "enhet_id"]
                self.errors.add(found.problem, relative, f"case {case}", "enhet_id", code, found.rule)
            survey.loc[rows, "enhet_id"] = None
        # a project answering twice, under its unit's old and new number
        keys = survey[["enhet_id", "ordning"]]
        again = keys.duplicated(keep="first") & keys.notna().all(axis=1)
        again &= ~survey[["enhet_id_rapportert", "ordning"]].duplicated(keep="first")
        for idx in again[again].index:
            self.errors.add(
                Problem.DUPLICATE_KEY,
                relative,
                f"case {survey.at[idx, 'case_number']}",
                "enhet_id+ordning",
                f"{survey.at[idx, 'enhet_id_rapportert']} / {survey.at[idx, 'ordning']}",
                f"a project may answer only once: {survey.at[idx, 'enhet_id_rapportert']} is "
                f"{survey.at[idx, 'enhet_id']} under another number (followed through the change history)",
            )
        if self.projects is None:
            return
        keys = zip(survey["enhet_id"], survey["ordning"], strict=True)
        for case, key in enumerate(keys, start=1):
            if None in key or pd.isna(key[0]):
                continue
            rule = ""
            if key not in self.projects:
                rule = "the project has no grant in grants.csv"
            elif year is not None and not self._in_frame(key, year, frame_years):
                window = f"in the {frame_years} years before" if frame_years else "before"
                rule = (
                    f"the project had no grant {window} the survey year {year} (from the "
                    "file name), so it was not asked"
                )
            if rule:
                self.errors.add(
                    Problem.NOT_A_PROJECT,
                    relative,
                    f"case {case}",
                    "enhet_id+ordning",
                    f"{key[0]} / {key[1]}",
                    rule,
                )

    def _in_frame(self, project: tuple[str, str], year: int, frame_years: int | None) -> bool:
        if frame_years is None:
            return (self.first_grant[project] or year) < year
        return any(year - frame_years <= y < year for y in self.grant_years.get(project, ()))

    # -- the interviews ---------------------------------------------------------------------------
    def _csv(self, relative: str, optional: bool = False, private: bool = False) -> SourceTable | None:
        path = self.data_dir / relative
        if not path.is_file():
            if not optional:
                self.errors.add(Problem.MISSING_FILE, relative, rule="required file is missing")
            return None
        self.say(f"reading {relative}")
        table = read_csv_table(path, relative, self.errors, private=private)
        _record(self.loaded, path, relative, len(table.frame) if table else 0)
        return table

    def load_interviews(self) -> None:
        # Personal data: only the contract's columns are kept, and no other cell is ever shown.
        table = self._csv(input_files.INFORMANTS.path, private=True)
        interview_ids: set[str] | None = None
        if table is not None:
            kept = [c for c in input_files.INFORMANTS.header if c in table.frame.columns]
            dropped = [c for c in table.columns if c not in kept and c != input_files.INFORMANT_NAME]
            if dropped:
                log.warning(
                    f"{table.file}: column(s) {', '.join(dropped)} dropped on read: only "
                    f"{', '.join(input_files.INFORMANTS.header)} are kept (personal data)"
                )
            table.frame = table.frame[[*kept, LOC]]
            rules = TableRules(table, self.errors)
            informants = interviews.stage_informants(rules)
            self._resolve_units(rules, informants)
            interview_ids = set(informants["intervju_id"]) - {""}
            self.loaded.raw["informants"] = _raw(table)
            self.loaded.staging["informants"] = informants
        self._load_segments(interview_ids)

    def _load_segments(self, interview_ids: set[str] | None) -> None:
        folder = self.data_dir / "interviews"
        csv_path = folder / "segments.csv"
        qdpx = sorted(folder.glob("*.qdpx")) if folder.is_dir() else []
        sources = ([csv_path] if csv_path.is_file() else []) + qdpx
        if not self._exactly_one(
            sources, "interviews", "interviews/ must hold exactly one of segments.csv or a .qdpx file"
        ):
            return
        unknown_rule = "is not an intervju_id in interviews/informants.csv"
        if sources[0] == csv_path:
            table = self._csv(input_files.SEGMENTS.path)
            if table is None:
                return
            rules = TableRules(table, self.errors)
            segments = interviews.stage_segments_csv(rules, self.programme.themes)
            if interview_ids is not None:
                unknown = (segments["intervju_id"] != "") & ~segments["intervju_id"].isin(interview_ids)
                rules.fail(unknown, "intervju_id", Problem.UNKNOWN_INTERVIEW, unknown_rule)
            self.loaded.raw["segments"] = _raw(table)
        else:
            path = sources[0]
            relative = f"interviews/{path.name}"
            self.say(f"reading {relative}")
            read = interviews.read_qdpx(path, relative, self.errors, self.programme.themes)
            if read is None:
                return
            segments = read
            _record(self.loaded, path, relative, len(segments))
            if interview_ids is not None:
                for name in sorted(set(segments["intervju_id"]) - interview_ids):
                    self.errors.add(
                        Problem.UNKNOWN_INTERVIEW,
                        relative,
                        f"TextSource '{name}'",
                        "name",
                        name,
                        unknown_rule,
                    )
            self.loaded.raw["segments"] = segments.rename(columns={LOC: "_loc"}).assign(_file=relative)
        segments.insert(0, "segment_id", range(1, len(segments) + 1))
        self.loaded.staging["segments"] = segments

    # -- optional context ---------------------------------------------------------------------
    def load_context(self) -> None:
        table = self._csv(input_files.LAVINNTEKT.path, optional=True)
        if table is not None:
            rules = TableRules(table, self.errors)
            low_income = register.stage_low_income(rules)
            self._resolve_units(
                rules, low_income, key=input_files.LAVINNTEKT.key, key_rule=input_files.LAVINNTEKT.key_rule
            )
            self.loaded.raw["lavinntekt"] = _raw(table)
            self.loaded.staging["lavinntekt"] = low_income
        self._load_statbank()

    def _load_statbank(self) -> None:
        """Statistics Norway's own exports in context/: every figure with its table, measure,
        period and symbol; the country and the counties kept as reference rows."""
        figures: list[Figure] = []
        for path in iter_context_files(self.data_dir / "context"):
            relative = f"context/{path.name}"
            if path.suffix.lower() not in (".csv", ".json"):
                self.errors.add(
                    Problem.BAD_CONTEXT_FILE,
                    relative,
                    rule="context/ holds lavinntekt.csv, the statbank's CSV download (.csv) of table "
                    "08764 or 12944, or its JSON-stat 2.0 (.json); nothing else",
                )
                continue
            self.say(f"reading {relative}")
            read = read_context_file(path, relative, self.errors)
            placed, skipped = self._place(read)
            _record(self.loaded, path, relative, len(read))
            self.loaded.files[-1].n_skipped = skipped
            if skipped:
                log.info(f"{relative}: {skipped} figure(s) for municipalities outside units.csv skipped")
            figures += placed
        if figures:
            frame = pd.DataFrame([f.__dict__ for f in figures])
            self.loaded.raw["statbank"] = frame.rename(columns={"file": "_file", "location": LOC}).drop(
                columns=["enhet_id", "level"]
            )
            self.loaded.staging["context_figures"] = unique_figures(frame)

    def _place(self, figures: list[Figure]) -> tuple[list[PlacedFigure], int]:
        """Each figure's unit (through the change history), or the country or a county; figures
        for other municipalities are skipped and counted."""
        placed, skipped = [], 0
        for figure in figures:
            if figure.region_code == NATIONAL:
                placed.append(PlacedFigure(**figure.__dict__, enhet_id=None, level="land"))
            elif len(figure.region_code) == 2:
                placed.append(PlacedFigure(**figure.__dict__, enhet_id=None, level="fylke"))
            else:
                found = self.resolver.resolve(figure.region_code, None) if self.resolver else None
                if found is None or found.unit is None:
                    skipped += 1
                else:
                    placed.append(PlacedFigure(**figure.__dict__, enhet_id=found.unit, level="enhet"))
        return placed, skipped


def programme_frames(p: Programme) -> dict[str, pd.DataFrame]:
    """The definition as staging tables (staging.programme_*)."""
    frames: dict[str, pd.DataFrame] = {}
    frames["programme_files"] = pd.DataFrame(
        {"file": list(p.files), "text": list(p.files.values()), "programme": p.name}
    )
    frames["programme_schemes"] = pd.DataFrame(
        [
            (
                s.code,
                i,
                s.name,
                s.short or s.code,
                s.administrator,
                s.first_year,
                s.last_year,
                s.evaluated,
                "|".join(s.recipients),
                s.successor or None,
                s.lineage or None,
            )
            for i, s in enumerate(p.schemes, start=1)
        ],
        columns=[
            "code",
            "sort",
            "name",
            "short",
            "administrator",
            "first_year",
            "last_year",
            "evaluated",
            "recipients",
            "successor",
            "lineage",
        ],
    )
    frames["programme_codes"] = pd.DataFrame(
        [
            (name, c.code, i, c.label, c.short or c.label, c.series or None)
            for name, listed in p.code_lists.items()
            for i, c in enumerate(listed.codes, start=1)
        ],
        columns=["list", "code", "sort", "label", "short", "series"],
    )
    frames["programme_survey_items"] = pd.DataFrame(
        [
            (w.year, i.item, i.subject, n, i.variable, i.column, i.code_list)
            for w in p.waves
            for n, i in enumerate(w.items, start=1)
        ],
        columns=["wave", "item", "subject", "sort", "variable", "column_name", "code_list"],
    )
    frames["programme_texts"] = pd.DataFrame(list(p.texts.items()), columns=["key", "value"])
    frames["programme_form_columns"] = pd.DataFrame(
        [
            (
                f.period,
                f.first_year,
                f.last_year,
                c.file,
                c.name,
                c.concept,
                c.kind,
                c.code_list or None,
                c.blank_ok,
                n,
            )
            for f in p.forms
            for n, c in enumerate(f.columns, start=1)
        ],
        columns=[
            "period",
            "first_year",
            "last_year",
            "file",
            "column_name",
            "concept",
            "kind",
            "code_list",
            "blank_ok",
            "sort",
        ],
    )
    frames["programme_codebook"] = pd.DataFrame(
        [(t.code, i, t.label, t.chapter or None) for i, t in enumerate(p.codebook, start=1)],
        columns=["code", "sort", "label", "chapter"],
    )

    return frames


def survey_answers(programme: Programme, waves: list[tuple[Wave, pd.DataFrame]]) -> pd.DataFrame:
    """Each wave's answers long, an answered item a row, with what its code means."""
    parts = []
    for wave, staged in waves:
        for item in wave.items:
            answered = staged[staged[item.column].notna()]
            meanings = {int(c.code): c.series or None for c in programme.codes(item.code_list).codes}
            codes = answered[item.column].astype(int)
            parts.append(
                pd.DataFrame(
                    {
                        "survey_file": answered["survey_file"],
                        "wave": answered["wave"],
                        "enhet_id": answered["enhet_id"],
                        "ordning": answered["ordning"],
                        "item": item.item,
                        "subject": item.subject,
                        "code": codes,
                        "meaning": codes.map(meanings),
                    }
                )
            )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def survey_year(file_name: str) -> int | None:
    """The survey year a file name ends in (sporreskjema_2009.sav -> 2009), else None: then
    every project was asked, as in version 1 of the contract."""
    match = re.search(r"(?<!\d)(\d{4})$", Path(file_name).stem)
    return int(match.group(1)) if match else None


def _raw(table: SourceTable) -> pd.DataFrame:
    frame = table.frame.copy(deep=False)  # copy-on-write: the cells are shared, not copied
    frame[LOC] = pd.Series([table.location(n) for n in frame[LOC]], index=frame.index, dtype=object)
    frame.insert(0, "_file", table.file)
    return frame


def _record(loaded: Loaded, path: Path, relative: str, n_rows: int | None) -> None:
    sha256, size = file_sha256(path)
    loaded.files.append(LoadedFile(relative, size, sha256, n_rows or 0))


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The years' frames one under the other, a column at a time, each year's column let go as
    soon as it is joined: a large year is never held twice (pd.concat would copy it whole)."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    names = list(dict.fromkeys(name for frame in frames for name in frame.columns))
    stacked: dict[str, pd.Series] = {}
    for name in names:
        parts = [
            frame.pop(name) if name in frame.columns else pd.Series([None] * len(frame), dtype=object)
            for frame in frames
        ]
        stacked[name] = pd.concat(parts, ignore_index=True)
        del parts
    return pd.DataFrame(stacked, copy=False)


def _set_row_counts(loaded: Loaded, frames: list[pd.DataFrame]) -> None:
    """Row counts of reporting files: a workbook's sheets add up to the file."""
    counts: dict[str, int] = {}
    for frame in frames:
        if len(frame):
            file = frame["_file"].iloc[0]
            counts[file] = counts.get(file, 0) + len(frame)
    for record in loaded.files:
        if record.path in counts:
            record.n_rows = counts[record.path]


def _fail_unknown_projects(
    rules: TableRules, frame: pd.DataFrame, known: set[tuple[str, str]], code: Problem, rule: str
) -> None:
    """Each complete (enhet_id, ordning) must be one of `known`."""
    pair = frame[["enhet_id", "ordning"]]
    complete = pair.notna().all(axis=1)
    # a set lookup per row: a MultiIndex would build a tuple for every row of a large file
    listed = [key in known for key in zip(frame["enhet_id"], frame["ordning"], strict=True)]
    unknown = complete & ~pd.Series(listed, index=frame.index, dtype=bool)
    if unknown.any():  # the keys are shown for the failing rows only: joining is slow
        rules.fail(unknown, "enhet_id+ordning", code, rule, join_keys(pair[unknown]))

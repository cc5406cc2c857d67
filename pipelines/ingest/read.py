"""Load and validate one data directory: every source, every rule, every error at once. Each
input family is read by a module of its own (read_registers, read_years, read_survey_waves,
read_interviews, read_context, read_programme) over a shared state (loading.py), and the rules
that tie one file to another are in across_files.py."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from pipelines.contract.problems import Problem
from pipelines.contract.programme_files import programme_for
from pipelines.ingest import reporting
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.loading import Loaded
from pipelines.ingest.read_context import ContextReading
from pipelines.ingest.read_interviews import InterviewsReading
from pipelines.ingest.read_programme import ProgrammeReading
from pipelines.ingest.read_registers import RegisterReading
from pipelines.ingest.read_survey_waves import SurveyReading
from pipelines.ingest.read_years import YearsReading
from pipelines.ingest.tables import LOC

log = logging.getLogger("grant_eval")

# The two parts of a data directory a load can take: the files read once (the registers, and the
# survey, interviews, context and programme beside them), and the year folders.
OUTSIDE_YEARS = "register"  # units, regions, grants, survey, interviews, context, programme
YEAR_FOLDERS = "reporting"  # reporting/<year>/: rapporter and tiltak


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
    parts: tuple[str, ...] = (OUTSIDE_YEARS, YEAR_FOLDERS),
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
    chosen = check_years(data_dir, years, errors) if YEAR_FOLDERS in parts else []
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
        data_dir,
        chosen,
        errors,
        progress or log.info,
        with_register=OUTSIDE_YEARS in parts,
        programme=programme,
    )
    loader.keep_reporting = keep_reporting
    loader.load_register_core()
    if YEAR_FOLDERS in parts:
        loader.load_reporting()
    if OUTSIDE_YEARS in parts:
        loader.stage_programme()
        loader.load_survey()
        loader.load_interviews()
        loader.load_context()
    errors.raise_if_any()
    loaded = loader.loaded
    for name, frame in loaded.staging.items():
        loaded.staging[name] = frame.drop(columns=[LOC], errors="ignore")
    return loaded


class _Loader(
    RegisterReading, YearsReading, SurveyReading, InterviewsReading, ContextReading, ProgrammeReading
):
    """One load: every input family's reading over one state."""

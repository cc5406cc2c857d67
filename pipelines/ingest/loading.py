"""What one load of a data directory holds (Loaded) and the state its readers share (LoadState):
the programme, the errors, the units and projects the other files refer to."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.contract.problems import Problem
from pipelines.contract.programme import Programme
from pipelines.ingest.digest import file_sha256
from pipelines.ingest.errors import ErrorLog
from pipelines.ingest.tables import LOC, SourceTable, read_csv_table
from pipelines.ingest.unit_history import UnitResolver

log = logging.getLogger("grant_eval")


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


BIGINT_MAX = 2**63 - 1  # DuckDB's BIGINT, the type of the marts' sums


class LoadState:
    """One load of a data directory. The register core (units, regions, grants) is always
    read, since every other file refers to its units and projects; when only the reporting
    is loaded, the core's errors and files are left to the register's own load. Each input
    family's reading is a class of its own (read_*.py) over this state; `read.py` puts them
    together."""

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

    def _core_csv(self, relative: str, optional: bool = False) -> SourceTable | None:
        path = self.data_dir / relative
        if not path.is_file():
            if not optional:
                self.core_errors.add(Problem.MISSING_FILE, relative, rule="required file is missing")
            return None
        if self.with_register:
            self.say(f"reading {relative}")
        table = read_csv_table(path, relative, self.core_errors)
        record_file(self.core, path, relative, len(table.frame) if table else 0)
        return table

    def _csv(self, relative: str, optional: bool = False, private: bool = False) -> SourceTable | None:
        path = self.data_dir / relative
        if not path.is_file():
            if not optional:
                self.errors.add(Problem.MISSING_FILE, relative, rule="required file is missing")
            return None
        self.say(f"reading {relative}")
        table = read_csv_table(path, relative, self.errors, private=private)
        record_file(self.loaded, path, relative, len(table.frame) if table else 0)
        return table

    def _exactly_one(self, found: list[Path], where: str, rule: str) -> bool:
        if len(found) == 1:
            return True
        count = " (none found)" if not found else f" ({len(found)} found)"
        self.errors.add(Problem.FILE_COUNT, where, "", "", ", ".join(p.name for p in found), rule + count)
        return False

    def _count_rows(self, table: SourceTable) -> None:
        """The load log's row count of a reporting file whose rows are not kept."""
        for record in self.loaded.files:
            if record.path == table.file:
                record.n_rows += len(table.frame)


def raw_frame(table: SourceTable) -> pd.DataFrame:
    frame = table.frame.copy(deep=False)  # copy-on-write: the cells are shared, not copied
    frame[LOC] = pd.Series([table.location(n) for n in frame[LOC]], index=frame.index, dtype=object)
    frame.insert(0, "_file", table.file)
    return frame


def record_file(loaded: Loaded, path: Path, relative: str, n_rows: int | None) -> None:
    sha256, size = file_sha256(path)
    loaded.files.append(LoadedFile(relative, size, sha256, n_rows or 0))


def stack_years(frames: list[pd.DataFrame]) -> pd.DataFrame:
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


def set_row_counts(loaded: Loaded, frames: list[pd.DataFrame]) -> None:
    """Row counts of reporting files: a workbook's sheets add up to the file."""
    counts: dict[str, int] = {}
    for frame in frames:
        if len(frame):
            file = frame["_file"].iloc[0]
            counts[file] = counts.get(file, 0) + len(frame)
    for record in loaded.files:
        if record.path in counts:
            record.n_rows = counts[record.path]

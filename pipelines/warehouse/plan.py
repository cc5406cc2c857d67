"""A run's plan, made once at its start: the targets checked at their real paths, one walk over
the data directory (links followed as the loader follows them, every file hashed once), the
reporting years and the fingerprints. The command line and the warehouse resource take the plan
instead of hashing again; what changed since the published build, and what to reload, are
worked out from it; and each load compares the files it read with it, so that a build never
records hashes of bytes it did not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb

from pipelines.ingest.walk import DataFiles, walk_data_dir
from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import files
from pipelines.warehouse.database import FILES_AS_LOADED
from pipelines.warehouse.fingerprint import Fingerprints, PublishedBuild, build_fingerprints, published_build


class InputChanged(Exception):
    """A file changed between the run's plan and its load: the run read other bytes than it
    planned, and must not publish them under the plan's hashes."""


class ReadFile(Protocol):
    """A file as a load read it (pipelines/ingest/loading.py:LoadedFile)."""

    path: str
    sha256: str


@dataclass(frozen=True)
class RunPlan:
    data_dir: Path
    store: files.Store  # the warehouse and the site at their real paths, checked
    inputs: DataFiles  # every file of the data directory with its SHA-256, and the years
    fingerprints: Fingerprints

    @property
    def years(self) -> list[int]:
        return list(self.inputs.years)

    def check_read(self, read: Iterable[ReadFile]) -> None:
        """InputChanged when a file a load read (hashed after reading) is not as planned."""
        changed = []
        for file in read:
            planned = self.inputs.files.get(Path(file.path).as_posix())
            if planned is None:
                changed.append(f"{file.path} appeared after the run began")
            elif planned.sha256 != file.sha256:
                changed.append(
                    f"{file.path} changed while the run read it (SHA-256 {planned.sha256[:12]}… when "
                    f"the run began, {file.sha256[:12]}… after it was read)"
                )
        if changed:
            raise InputChanged(
                "; ".join(changed) + ". Nothing was published: run again when the files are complete."
            )


def plan_run(data_dir: Path, warehouse: Path, reports_dir: Path) -> RunPlan:
    """Check the targets (UnsafeTarget) and walk the data directory, once. What a run publishes
    into the data directory (its store, its lock) is not input."""
    store = files.check_targets(warehouse, reports_dir, data_dir, PROJECT_ROOT)
    lock = store.warehouse.with_name(store.warehouse.name + ".lock")
    inputs = walk_data_dir(data_dir, skip=(store.root, lock, store.warehouse, store.marts_dir))
    return RunPlan(data_dir, store, inputs, build_fingerprints(inputs))


@dataclass(frozen=True)
class Changes:
    """What differs between the plan and the published build."""

    published: PublishedBuild | None
    registers_same: bool  # everything but the year folders, and the code, as published
    # The year folders whose files (names and SHA-256) differ from what the published build
    # loaded, new ones included; None when nothing is published, the registers changed, or a
    # loaded year's folder is gone (its rows must go too: every year is loaded then).
    changed_years: list[int] | None


def changes_since_published(plan: RunPlan) -> Changes:
    warehouse = plan.store.published_warehouse()
    published = published_build(warehouse) if warehouse is not None else None
    same = published is not None and published.fingerprints.register == plan.fingerprints.register
    if warehouse is None or not same:
        return Changes(published, same, None)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded = con.execute(
            f"SELECT path, sha256 FROM ({FILES_AS_LOADED}) WHERE path LIKE 'reporting/%'"
        ).fetchall()
    before: dict[int, set[tuple[str, str]]] = {}
    for path, sha in loaded:
        folder = path.split("/")[1]
        if folder.isdigit():
            before.setdefault(int(folder), set()).add((path, sha))
    if set(before) - set(plan.years):
        return Changes(published, same, None)
    return Changes(published, same, [y for y in plan.years if plan.inputs.year_files(y) != before.get(y)])


@dataclass(frozen=True)
class Reload:
    """What the runs load."""

    years: list[int]
    years_only: bool  # the registers stay as published: only these years and what depends on them
    complete: bool  # the runs leave the warehouse as a full build of the data directory would


def what_to_reload(changes: Changes, years: list[int], chosen: tuple[int, ...], everything: bool) -> Reload:
    """`years`: the valid years asked for (`chosen`), or every year folder. With the registers
    and the code as published (and not `everything`), only the chosen years, or else the year
    folders that changed, are loaded; a year folder gone, or only a setting changed, loads
    every year."""
    changed = changes.changed_years if changes.registers_same else None
    complete = not chosen or (changed is not None and set(changed) <= set(chosen))
    years_only = not everything and changes.registers_same
    if years_only and not chosen:
        if changed:
            years = changed
        years_only = bool(changed)
    return Reload(years, years_only, complete)

"""The data directory's files as the loader finds them, in one walk, each with its SHA-256.

The loader follows links (a year folder or a `units.csv` may be a link to elsewhere), so this
walk follows them too: a file is where its name is in the data directory, whatever it links
to. Names beginning with a dot are left out (the loader ignores them, or refuses them with an
error), and so is what a run publishes into the data directory (the caller's `skip`). Kept free
of pandas, so that a rerun with nothing to do starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.digest import file_sha256

REPORTING = "reporting"


@dataclass(frozen=True)
class InputFile:
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class DataFiles:
    """Every file of a data directory at one moment."""

    files: dict[str, InputFile]  # path relative to the data directory (POSIX) -> its hash
    years: tuple[int, ...]  # the year folders under reporting/

    def year_files(self, year: int) -> set[tuple[str, str]]:
        """A year folder's files as (path, SHA-256), as the load log records them."""
        prefix = f"{REPORTING}/{year}/"
        return {(path, f.sha256) for path, f in self.files.items() if path.startswith(prefix)}


def is_year_name(name: str) -> bool:
    """A year folder's name: four ASCII digits (str.isdigit() is also true for full-width and
    other scripts' digits, which are not year folders)."""
    return len(name) == 4 and name.isascii() and name.isdigit()


def walk_data_dir(data_dir: Path, skip: Collection[Path] = ()) -> DataFiles:
    """Every file under `data_dir`, links followed, hashed once. `skip`: real paths left out
    with everything under them (the warehouse's store, its lock, when they are in the data
    directory). A link back to a folder it is in is walked once."""
    skipped = tuple(Path(os.path.realpath(p)) for p in skip)
    found: dict[str, InputFile] = {}
    years: list[int] = []

    def visit(folder: Path, relative: str, ancestors: frozenset[str]) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            real = Path(os.path.realpath(path))
            if any(real == s or real.is_relative_to(s) for s in skipped):
                continue
            name = f"{relative}{entry.name}"
            if entry.is_dir():  # follows a link, as the loader does
                if str(real) in ancestors:
                    continue  # a link back up the tree
                if relative == f"{REPORTING}/" and is_year_name(entry.name):
                    years.append(int(entry.name))
                visit(path, name + "/", ancestors | {str(real)})
            elif entry.is_file():  # a link to a file is that file; a dangling link is nothing
                sha256, size = file_sha256(path)
                found[name] = InputFile(sha256, size)

    if data_dir.is_dir():
        visit(data_dir, "", frozenset({os.path.realpath(data_dir)}))
    return DataFiles(found, tuple(sorted(years)))

"""What several test modules use: the command as a program, its path arguments, and
fingerprints of published files."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from devtools.commands import GRANT_EVAL, paths  # noqa: F401  (the tests' one import)
from pipelines.warehouse.files import SITE_MARK


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file below a folder with its SHA-256."""
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def marts(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table of schema marts, rows sorted."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1"
            ).fetchall()
        ]
        return {n: con.execute(f"SELECT * FROM marts.{n} ORDER BY ALL").fetchall() for n in names}


def files(site: Path) -> dict[str, str]:
    """A site's files with their SHA-256, but for what names the build and its time."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.name != SITE_MARK:  # the mark names the build
            data = path.read_bytes()
            if path.name == "data-og-metode.html":  # the run's time stamp is the one difference
                data = re.sub(rb"Kj\xc3\xb8ringen ble gjort [^.]*\.[^.]*\.[^ ]* kl\. [0-9.]*\.", b"", data)
            out[str(path.relative_to(site))] = hashlib.sha256(data).hexdigest()
    return out

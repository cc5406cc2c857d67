"""Code versions of the assets: Dagster marks an asset stale when the code that makes it has
changed since it was materialised. Each version is a short hash of exactly that code."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

from pipelines.marts.spec import MartSpec
from pipelines.warehouse.staging import StagingTable

PACKAGE = Path(__file__).resolve().parent.parent


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]


def _sources(*relative: str) -> str:
    """The text of these files and folders of the package, in a fixed order."""
    texts = []
    for name in relative:
        path = PACKAGE / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        texts += [
            f.read_text(encoding="utf-8")
            for f in files
            if f.is_file() and f.suffix in (".py", ".html", ".css", ".js", ".csv")
        ]
    return "\x00".join(texts)


# Reading and typing the inputs: the contract, the loaders and the staging declarations.
INGEST = _hash(_sources("contract", "ingest", "warehouse/staging.py", "warehouse/write.py"))
# The report site: its pages, charts, templates and static files, and the labels it shows.
REPORT = _hash(_sources("report", "contract/codes.py", "marts/lookups.py"))


def of_mart(spec: MartSpec) -> str:
    compute = inspect.getsource(spec.compute) if spec.compute is not None else ""
    return _hash(spec.sql, repr(spec.columns), repr(spec.keys), spec.order_by, compute)


def of_derived(table: StagingTable) -> str:
    return _hash(table.sql, repr(table.columns), repr(table.grain))

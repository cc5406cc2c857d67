"""What a build was made from, as one hash: every file of the data directory and the code that
reads it and computes from it. A rerun whose fingerprint equals the published build's has
nothing to do (a build records its fingerprint in meta.build_info). The data directory's files
come hashed from the run's one walk over it (pipelines/ingest/walk.py), not read again here."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.contract import CONTRACT_VERSION
from pipelines.ingest.digest import file_sha256
from pipelines.ingest.walk import REPORTING, DataFiles
from pipelines.settings import Publisher
from pipelines.warehouse.database import STORAGE_VERSION
from pipelines.warehouse.files import SITE_MARK

PACKAGE = Path(__file__).resolve().parent.parent
CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".csv")  # .csv: the bundled change history


@dataclass(frozen=True)
class Fingerprints:
    input: str  # every file of the data directory, the code and the settings
    register: str  # the same without the year folders (reporting/)


def fingerprints(data: DataFiles, *settings: str) -> Fingerprints:
    """The SHA-256 over the data directory's files (names and hashes), the package's code and
    the given settings (such as the storage version); and the same without reporting/."""
    whole, register = hashlib.sha256(), hashlib.sha256()
    for text in settings:
        for digest in (whole, register):
            digest.update(text.encode("utf-8") + b"\x00")
    for path, file in sorted(data.files.items()):
        entry = f"data/{path}\x00{file.sha256}\x00".encode()
        whole.update(entry)
        if path.split("/", 1)[0] != REPORTING:
            register.update(entry)
    for code in _code_files():
        entry = f"code/{code.relative_to(PACKAGE).as_posix()}\x00{file_sha256(code)[0]}\x00".encode()
        whole.update(entry)
        register.update(entry)
    return Fingerprints(whole.hexdigest(), register.hexdigest())


def _code_files() -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [Path(folder) / n for n in sorted(names) if n.endswith(CODE_SUFFIXES) and n[0] != "."]
    return found


def build_fingerprints(data: DataFiles) -> Fingerprints:
    """The fingerprints of a build from these files with this code, contract, storage and
    report settings (the publisher and contact the report names). `register`: when a run
    finds it as the published build has it, the registers need no reloading."""
    publisher = Publisher.from_env()
    return fingerprints(data, CONTRACT_VERSION, STORAGE_VERSION, publisher.name, publisher.contact)


@dataclass(frozen=True)
class PublishedBuild:
    build_id: str
    fingerprints: Fingerprints  # its input one empty when it was not a full build


def published_build(warehouse: Path) -> PublishedBuild | None:
    """The published build's id and the fingerprints it recorded, read once; None without a
    build that recorded them."""
    import duckdb  # only when a warehouse is there to ask

    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute(
                "SELECT build_id, input_fingerprint, register_fingerprint FROM meta.build_info"
            ).fetchall()
    except duckdb.Error:  # an earlier version's file
        return None
    return PublishedBuild(rows[0][0], Fingerprints(rows[0][1], rows[0][2])) if rows else None


def nothing_changed(build_id: str) -> str:
    """How every door says that a run found nothing to do."""
    return f"Nothing changed since build {build_id} (same input files, same code)"


def unchanged_build(reports_dir: Path, published: PublishedBuild | None, current: str) -> str | None:
    """The published build's id when it was made from exactly this fingerprint and its site is
    in place; else None (there is work to do)."""
    if published is None or published.fingerprints.input != current:
        return None
    mark = reports_dir / SITE_MARK
    if not ((reports_dir / "index.html").is_file() and mark.is_file()):
        return None
    return published.build_id if mark.read_text(encoding="utf-8").strip() == published.build_id else None

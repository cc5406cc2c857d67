"""What a build was made from, as one hash: every file of the data directory and the code that
reads it and computes from it. A rerun whose fingerprint equals the published build's has
nothing to do (a build records its fingerprint in meta.build_info)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipelines.contract import CONTRACT_VERSION
from pipelines.ingest.digest import hash_file
from pipelines.settings import Publisher
from pipelines.warehouse.database import STORAGE_VERSION

PACKAGE = Path(__file__).resolve().parent.parent
CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".csv")  # .csv: the bundled change history


def fingerprint(data_dir: Path, *settings: str, leave_out: str = "") -> str:
    """The SHA-256 of the data directory's files (names and contents; without the top-level
    folder `leave_out`), the package's code and the given settings (such as the storage version)."""
    digest = hashlib.sha256()
    for text in settings:
        digest.update(text.encode("utf-8") + b"\x00")
    for root, label in ((data_dir, "data"), (PACKAGE, "code")):
        for path in _files(root, code=label == "code"):
            if label == "data" and leave_out and path.relative_to(root).parts[0] == leave_out:
                continue
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\x00".encode())
            hash_file(digest, path)
    return digest.hexdigest()


def _files(root: Path, code: bool) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            if name.startswith(".") or os.path.islink(os.path.join(folder, name)):
                continue  # a published warehouse link inside the data directory is not input
            if code and not name.endswith(CODE_SUFFIXES):
                continue
            found.append(Path(folder) / name)
    return found


def input_fingerprint(data_dir: Path) -> str:
    """The fingerprint of a build from this data directory with this code, contract, storage
    and report settings (the publisher and contact the report names)."""
    publisher = Publisher.from_env()
    return fingerprint(data_dir, CONTRACT_VERSION, STORAGE_VERSION, publisher.name, publisher.contact)


def register_fingerprint(data_dir: Path) -> str:
    """The fingerprint of everything but the year folders (reporting/): when a run of chosen
    years finds it as the published build has it, the registers need no reloading."""
    publisher = Publisher.from_env()
    return fingerprint(
        data_dir, CONTRACT_VERSION, STORAGE_VERSION, publisher.name, publisher.contact, leave_out="reporting"
    )


def published_register_fingerprint(warehouse: Path) -> str | None:
    """The register fingerprint the published build recorded; None without one."""
    import duckdb  # only when a warehouse is there to ask

    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute("SELECT register_fingerprint FROM meta.build_info").fetchall()
    except duckdb.Error:  # an earlier version's file
        return None
    return rows[0][0] if rows else None


def unchanged_build(warehouse: Path, reports_dir: Path, current: str) -> str | None:
    """The published build's id when it was made from exactly this fingerprint and its site is
    in place; else None (there is work to do)."""
    import duckdb  # only when a warehouse is there to ask

    if not (warehouse.exists() and (reports_dir / "index.html").is_file()):
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute("SELECT build_id, input_fingerprint FROM meta.build_info").fetchall()
    except duckdb.Error:  # no build_info (an earlier version's file), or no fingerprint in it
        return None
    mark = reports_dir / ".grant-eval-site"
    if not rows or rows[0][1] != current or not mark.is_file():
        return None
    build_id = rows[0][0]
    return build_id if mark.read_text(encoding="utf-8").strip() == build_id else None

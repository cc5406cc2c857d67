"""What a build was made from, as one hash: every file of the data directory and the code that
reads it and computes from it. A rerun whose fingerprint equals the published build's has
nothing to do (a build records its fingerprint in meta.build_info)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.contract import CONTRACT_VERSION
from pipelines.ingest.digest import Digest, hash_file
from pipelines.settings import Publisher
from pipelines.warehouse.database import STORAGE_VERSION
from pipelines.warehouse.files import SITE_MARK

PACKAGE = Path(__file__).resolve().parent.parent
CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".csv")  # .csv: the bundled change history


@dataclass(frozen=True)
class Fingerprints:
    input: str  # every file of the data directory, the code and the settings
    register: str  # the same without the year folders (reporting/)


def fingerprints(data_dir: Path, *settings: str) -> Fingerprints:
    """The SHA-256 of the data directory's files (names and contents), the package's code and
    the given settings (such as the storage version); and the same without reporting/. One walk
    over the files feeds both."""
    whole, register = hashlib.sha256(), hashlib.sha256()
    for text in settings:
        for digest in (whole, register):
            digest.update(text.encode("utf-8") + b"\x00")
    for root, label in ((data_dir, "data"), (PACKAGE, "code")):
        for path in _files(root, code=label == "code"):
            relative = path.relative_to(root)
            year_folder = label == "data" and relative.parts[0] == "reporting"
            digests = (whole,) if year_folder else (whole, register)
            for digest in digests:
                digest.update(f"{label}/{relative.as_posix()}\x00".encode())
            hash_file(_Both(digests), path)
    return Fingerprints(whole.hexdigest(), register.hexdigest())


class _Both:
    """Feeds each block to every digest, so each file is read once."""

    def __init__(self, digests: tuple[Digest, ...]) -> None:
        self.digests = digests

    def update(self, data: bytes, /) -> None:
        for digest in self.digests:
            digest.update(data)


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


def build_fingerprints(data_dir: Path) -> Fingerprints:
    """The fingerprints of a build from this data directory with this code, contract, storage
    and report settings (the publisher and contact the report names). `register`: when a run
    finds it as the published build has it, the registers need no reloading."""
    publisher = Publisher.from_env()
    return fingerprints(data_dir, CONTRACT_VERSION, STORAGE_VERSION, publisher.name, publisher.contact)


def input_fingerprint(data_dir: Path) -> str:
    return build_fingerprints(data_dir).input


def register_fingerprint(data_dir: Path) -> str:
    return build_fingerprints(data_dir).register


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

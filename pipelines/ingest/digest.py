"""Hashing input files, kept free of pandas so that a rerun with nothing to do starts fast."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol


class Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...


def hash_file(digest: Digest, path: Path) -> int:
    """Feed a file's bytes to `digest` a block at a time, so a large file is never held whole;
    return its size. The load log, the rerun fingerprint and Dagster's observations use it."""
    size = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return size


def file_sha256(path: Path) -> tuple[str, int]:
    """A file's SHA-256 (hex) and size, as the load log records them and a rerun compares them."""
    digest = hashlib.sha256()
    size = hash_file(digest, path)
    return digest.hexdigest(), size

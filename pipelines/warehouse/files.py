"""Build-then-swap of the published files, and one writer at a time.

A run builds the warehouse into a new file and the report into a new folder, beside the
published ones, and renames them into place only when every step succeeded; a failed run
leaves the last good pair exactly as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger("grant_eval")

LOCK_WAIT_SECONDS = float(os.environ.get("GRANT_EVAL_LOCK_WAIT", "600"))


class LockTimeout(Exception):
    """Another run held the warehouse's lock for longer than we wait."""


@contextlib.contextmanager
def exclusive_run(target: Path) -> Iterator[None]:
    """One writer at a time: a second run waits for the first, then goes on."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(target.name + ".lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning(f"another grant-eval run is writing {target}; waiting for it to finish")
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LockTimeout(
                            f"another run has held {lock_path} for over "
                            f"{LOCK_WAIT_SECONDS:.0f} s; nothing was written"
                        ) from None
                    time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- the warehouse file ---------------------------------------------------------------------------
@contextlib.contextmanager
def building_database(warehouse: Path, keep_existing: bool) -> Iterator[Path]:
    """Yield a fresh build file; the caller publishes it with `publish_database` on success.

    With `keep_existing`, the build starts from a copy of the current warehouse (a run that
    loads only some years keeps the others). The build file is removed if anything fails.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    build = warehouse.with_name(f"{warehouse.name}.building-{os.getpid()}")
    build.unlink(missing_ok=True)
    if keep_existing and warehouse.exists():
        shutil.copy2(warehouse, build)
    try:
        yield build
    finally:
        build.unlink(missing_ok=True)
        Path(f"{build}.wal").unlink(missing_ok=True)


def publish_database(build: Path, warehouse: Path) -> None:
    """Atomically replace the warehouse with the finished build (same folder, one rename)."""
    os.replace(build, warehouse)


# -- the report folder ----------------------------------------------------------------------------
@contextlib.contextmanager
def building_folder(target: Path) -> Iterator[Path]:
    """Yield a path for a new folder beside `target`; removed afterwards unless published."""
    build = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(build, ignore_errors=True)
    try:
        yield build
    finally:
        shutil.rmtree(build, ignore_errors=True)


def publish_folder(build: Path, target: Path) -> None:
    """Put a finished folder in place: two renames in the same parent folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(build, target)
    shutil.rmtree(old, ignore_errors=True)

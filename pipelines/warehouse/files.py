"""Publishing the warehouse and the report site as one unit, safely.

The published paths are links into a store beside the warehouse:

    data/warehouse.duckdb -> .warehouse.duckdb.builds/current/warehouse.duckdb
    reports/site          -> ../data/.warehouse.duckdb.builds/current/site
    data/.warehouse.duckdb.builds/current -> <build id>

A run builds into a new `<build id>.building/` folder of the store and publishes by replacing
the one `current` link, a single atomic rename: after a crash at any moment a reader finds
either the old pair or the new pair, never a mix and never nothing. The previous build is kept
for readers that still hold it open; older ones, and leftovers of killed runs, are removed by
the next run. One writer at a time per warehouse (a lock file beside it).

A run removes only what a run made: the store carries a mark (`.grant-eval-builds`), and so does
each build in it (`.grant-eval-build`, its id); a folder without its mark is never removed, and
a store folder that is a link, or that holds what grant-eval did not make, is refused. Every
link on the way to the warehouse and the site is resolved once, at the start (`check_targets`
returns the store at its real paths), so the published links never run through a user's link.

Before anything is written, `check_targets` refuses paths that would overwrite what is not
ours: a file that is not a grant-eval warehouse, a folder that is not a grant-eval report
site, or a report folder over the data, the warehouse's folder, the project or `/`.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import logging
import os
import re
import shutil
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import filelock

from pipelines.settings import lock_wait_seconds

log = logging.getLogger("grant_eval")

SITE_MARK = ".grant-eval-site"  # in every site a run publishes: its build id
STORE_MARK = ".grant-eval-builds"  # in the store a run made: only there does a run remove builds
BUILD_MARK = ".grant-eval-build"  # in every build folder a run made: its build id
# A build folder's name: its id (time and pid, or the adoption of an earlier version's files),
# and `.building` until it is published.
BUILD_NAME = re.compile(r"\d{8}T\d{12}Z-(\d+|before-store)(\.building)?")
# Names a run leaves in the store besides its builds: the `current` link and its staged copy.
STORE_LINKS = re.compile(r"current|\.current\.\d+\.new")
WAREHOUSE_FILE = "warehouse.duckdb"
SITE_FOLDER = "site"
MARTS_FOLDER = "marts"  # a Parquet copy of every mart, for R, Stata and Power Query
KEEP_BUILDS = 2  # the current one, and the previous for readers that still hold it open
DUCKDB_MAGIC = b"DUCK"  # bytes 8–11 of a DuckDB database file
# The page footer of sites written before the mark existed.
LEGACY_SITE_SIGN = "Laget med grant-eval"


# A full disk in plain words, Norwegian first, then the system's own (English) words, which
# an OSError and DuckDB's IO errors both carry.
OUT_OF_SPACE = {
    errno.ENOSPC: "Disken er full",
    errno.EDQUOT: "Diskkvoten er brukt opp",
    errno.EFBIG: "Filen ble for stor for filsystemet eller grensen for filstørrelse",
}
_QUOTED_PATH = re.compile(r"""["']([/\\][^"']*|[A-Za-z]:\\[^"']*)["']""")


def out_of_space(message: str) -> str | None:
    """A failure that says the disk is full, in plain words with the file it was writing:
    «grant-eval: Disken er full (No space left on device): <file>; nothing was published. …».
    None for any other failure."""
    for number, words in OUT_OF_SPACE.items():
        if os.strerror(number) in message:
            where = _QUOTED_PATH.findall(message)
            place = f": {where[-1]}" if where else ""  # the last: a copy's target
            return (
                f"grant-eval: {words} ({os.strerror(number)}){place}; nothing was published. "
                "The warehouse and report were left as they were."
            )
    return None


class LockTimeout(Exception):
    """Another run held the warehouse's lock for longer than we wait."""


class UnsafeTarget(Exception):
    """A path given for the warehouse or the site would overwrite what is not ours."""


# -- where things go ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Store:
    """The builds of one warehouse path, kept beside it."""

    warehouse: Path  # the published path analysts open
    reports_dir: Path  # the published site folder

    @property
    def root(self) -> Path:
        return self.warehouse.parent / f".{self.warehouse.name}.builds"

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def marts_dir(self) -> Path:
        """The published Parquet copies of the marts: `marts/` beside the warehouse."""
        return self.warehouse.parent / MARTS_FOLDER

    def current_build(self) -> Path | None:
        """The build the published paths show now, if the store has one."""
        if not self.current.is_symlink():
            return None
        target = self.root / os.readlink(self.current)
        return target if target.is_dir() else None

    def published_warehouse(self) -> Path | None:
        """The file a reader opens now: the current build's, or a warehouse from before the store."""
        if self.warehouse.exists():
            return self.warehouse.resolve()
        return None


@dataclass(frozen=True)
class Build:
    """A build in progress: a new folder in the store with the warehouse file and the site."""

    folder: Path
    build_id: str

    @property
    def warehouse(self) -> Path:
        return self.folder / WAREHOUSE_FILE

    @property
    def site(self) -> Path:
        return self.folder / SITE_FOLDER

    @property
    def marts(self) -> Path:
        return self.folder / MARTS_FOLDER


# -- refusing what is not ours ----------------------------------------------------------------------
def check_targets(warehouse: Path, reports_dir: Path, data_dir: Path, project_root: Path) -> Store:
    """The store of these paths, at their real paths (every link on the way resolved); raise
    UnsafeTarget when publishing there could overwrite or remove a user's files."""
    store = real_store(warehouse, reports_dir)
    warehouse, reports = store.warehouse, store.reports_dir
    _check_store(store)
    if warehouse.is_dir() and not warehouse.is_symlink():
        raise UnsafeTarget(f"--warehouse {warehouse} is a folder; give the path of a .duckdb file")
    if warehouse.exists() and not _ours(warehouse, store) and not is_warehouse(warehouse):
        raise UnsafeTarget(
            f"--warehouse {warehouse} is a file that grant-eval did not write "
            "(not a grant-eval DuckDB warehouse); it will not be overwritten"
        )
    if reports.exists() and not reports.is_dir():
        raise UnsafeTarget(f"--reports-dir {reports} is a file, not a folder; it will not be replaced")
    protected = {
        "the data directory": _absolute(data_dir),
        "the warehouse's folder": warehouse.parent,
        "the project folder": _absolute(project_root),
        "the file system root": Path("/"),
    }
    for what, place in protected.items():
        if reports == place or place.is_relative_to(reports):
            raise UnsafeTarget(f"--reports-dir {reports} would replace {what} ({place})")
    if reports.is_relative_to(_absolute(data_dir)):
        raise UnsafeTarget(f"--reports-dir {reports} is inside the data directory {data_dir}")
    if warehouse.is_relative_to(reports):
        raise UnsafeTarget(f"--warehouse {warehouse} is inside the report folder {reports}")
    marts = store.marts_dir
    if (marts.exists() or marts.is_symlink()) and not _ours(marts, store):
        raise UnsafeTarget(
            f"{marts} (where the Parquet copies of the marts go, beside the "
            "warehouse) holds files grant-eval did not write; move them, or the warehouse"
        )
    if reports.is_dir() and not _ours(reports, store) and not is_site(reports) and any(reports.iterdir()):
        raise UnsafeTarget(
            f"--reports-dir {reports} is a folder that is not a grant-eval report "
            "site; it will not be replaced (give a new or empty folder)"
        )
    return store


def real_store(warehouse: Path, reports_dir: Path) -> Store:
    """The store with every link on the way to the warehouse and the site resolved, once: the
    published links are then made between real folders, and never run through a user's link
    (which may be gone tomorrow). The last part of each path is kept as given: it is the link
    a run replaces (a user's own link there is replaced, and what it named is left alone)."""
    real = [Path(os.path.realpath(os.path.abspath(p.parent))) / p.name for p in (warehouse, reports_dir)]
    return Store(real[0], real[1])


def _check_store(store: Store) -> None:
    """The store must be a folder a run made, or not be there yet: a run removes old builds
    from it, so a folder of the user's there (or a link to one) is refused."""
    root = store.root
    if root.is_symlink():
        raise UnsafeTarget(
            f"{root} (where grant-eval keeps its builds, beside the warehouse) is a link, to "
            f"{os.path.realpath(root)}; grant-eval keeps its builds in a folder of its own and "
            "removes old ones there, so it will not use a link: remove the link, or give another "
            "--warehouse"
        )
    if not root.exists():
        return
    if not root.is_dir():
        raise UnsafeTarget(f"{root} (where grant-eval keeps its builds) is a file; it will not be replaced")
    if (root / STORE_MARK).is_file():
        return
    foreign = sorted(p.name for p in root.iterdir() if not _earlier_store_entry(p))
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise UnsafeTarget(
            f"{root} (where grant-eval keeps its builds, beside the warehouse) holds what "
            f"grant-eval did not make ({shown}); it will not remove it: move it, or give another "
            "--warehouse"
        )


def _earlier_store_entry(path: Path) -> bool:
    """What a run of a version before the marks left in its store: builds and the links."""
    if STORE_LINKS.fullmatch(path.name):
        return path.is_symlink()
    return BUILD_NAME.fullmatch(path.name) is not None and path.is_dir() and not path.is_symlink()


def published_path(path: Path) -> Path:
    """The published path as a user gave it, made absolute: the link, not the build folder it
    points into (which differs for every build), so runs of one warehouse share one name."""
    return _absolute(path)


def _absolute(path: Path) -> Path:
    """The path made absolute and normalised, without following a last link."""
    absolute = Path(os.path.abspath(path))
    return absolute.parent.resolve() / absolute.name if absolute.name else absolute


def _ours(path: Path, store: Store) -> bool:
    """A link a run made into this warehouse's store."""
    return path.is_symlink() and store.root.resolve() in Path(os.path.realpath(path)).parents


def is_warehouse(path: Path) -> bool:
    """A DuckDB file: what a grant-eval run publishes (or an earlier version published)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def is_site(folder: Path) -> bool:
    """A report site a grant-eval run wrote: its mark, or (before the mark) its footer."""
    if (folder / SITE_MARK).is_file():
        return True
    index = folder / "index.html"
    try:
        return index.is_file() and LEGACY_SITE_SIGN in index.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


# -- one writer at a time ---------------------------------------------------------------------------
LOCK_REPORT_SECONDS = 30  # how often a waiting run says again that it waits


def lock_path(target: Path) -> Path:
    return target.with_name(target.name + ".lock")


def holder_path(target: Path) -> Path:
    """Who holds the lock: written by the holder once it has the lock, removed before it lets go
    (a file of its own: a waiting run opens the lock file itself)."""
    return target.with_name(target.name + ".lock.holder")


def lock_holder(target: Path) -> str:
    """The run that holds the lock, as its holder recorded it ("unknown" if it did not)."""
    try:
        text = holder_path(target).read_text(encoding="utf-8").strip()
    except OSError:
        return "unknown (no holder recorded)"
    return text or "unknown (no holder recorded)"


@contextlib.contextmanager
def exclusive_run(target: Path, holder: str = "", say: Callable[[str], None] | None = None) -> Iterator[None]:
    """One writer at a time: a second run says it waits for the first, and who that is (the
    `holder` text the first recorded), every LOCK_REPORT_SECONDS until it has the lock. The lock
    (filelock: flock on POSIX, msvcrt on Windows) is released by the system if the run dies.
    `say` is where the waiting is reported (the run's log and `grant_eval`); by default `grant_eval`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(target)
    lock = filelock.FileLock(path)

    report = say or log.warning

    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        report(
            f"another grant-eval run is writing {target}; waiting for its lock {path} "
            f"(held by {lock_holder(target)})"
        )
        wait = lock_wait_seconds()
        waited = 0.0
        while True:
            chunk = min(LOCK_REPORT_SECONDS, wait - waited)
            try:
                lock.acquire(timeout=max(chunk, 0), poll_interval=0.5)
                break
            except filelock.Timeout:
                waited += chunk
                if waited >= wait:
                    raise LockTimeout(
                        f"another run has held {path} for over {wait:.0f} s "
                        f"(held by {lock_holder(target)}); nothing was written"
                    ) from None
                report(f"still waiting for {path} after {waited:.0f} s (held by {lock_holder(target)})")
        report(f"got the lock {path}")
    try:
        holder_path(target).write_text(holder + "\n", encoding="utf-8")
        yield
    finally:
        with contextlib.suppress(OSError):
            holder_path(target).unlink()
        lock.release()


# -- building and publishing ------------------------------------------------------------------------
@contextlib.contextmanager
def building(store: Store, keep_existing: bool) -> Iterator[Build]:
    """A new build folder in the store, removed unless published. With `keep_existing`, the
    build starts from a copy of the published warehouse (a run of some years keeps the others).
    Call under `exclusive_run`."""
    _open_store(store)
    remove_leftovers(store)
    build_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
    folder = store.root / f"{build_id}.building"
    try:
        _new_build_folder(folder, build_id)
        build = Build(folder, build_id)
        published = store.published_warehouse()
        if keep_existing and published is not None:
            shutil.copyfile(published, build.warehouse)
        yield build
    finally:  # whatever the cause (a full disk in the copy too), an unpublished build goes
        _remove_build(folder)


def _open_store(store: Store) -> None:
    """The store folder, made and marked; a store of an earlier version (no marks, only builds
    and links) is adopted by marking it and its builds. Anything else is refused, as
    `check_targets` refuses it, in case it appeared since."""
    _check_store(store)
    root = store.root
    if (root / STORE_MARK).is_file():
        return
    root.mkdir(parents=True, exist_ok=True)
    for folder in root.iterdir():
        if BUILD_NAME.fullmatch(folder.name) and folder.is_dir() and not folder.is_symlink():
            (folder / BUILD_MARK).write_text(folder.name.removesuffix(".building") + "\n", encoding="utf-8")
    (root / STORE_MARK).write_text(
        "grant-eval keeps its builds here; it removes only marked ones\n", encoding="utf-8"
    )


def _new_build_folder(folder: Path, build_id: str) -> None:
    folder.mkdir()
    (folder / BUILD_MARK).write_text(build_id + "\n", encoding="utf-8")


def _is_build(folder: Path) -> bool:
    """A build folder a run made: its name, and its mark inside it."""
    return (
        BUILD_NAME.fullmatch(folder.name) is not None
        and folder.is_dir()
        and not folder.is_symlink()
        and (folder / BUILD_MARK).is_file()
    )


def _remove_build(folder: Path) -> None:
    """Remove a build folder a run made; leave anything else. An unmarked build folder is only
    removed when empty (a run killed between making it and marking it)."""
    if _is_build(folder):
        shutil.rmtree(folder, ignore_errors=True)
    elif folder.is_dir() and not folder.is_symlink():
        with contextlib.suppress(OSError):
            folder.rmdir()


def publish(store: Store, build: Build) -> Path:
    """Make the build current in one atomic step; return its folder."""
    _adopt_earlier(store)
    published_site = store.reports_dir.resolve()
    if not build.site.exists() and published_site.is_dir():
        # a run of some assets without the report (the marts alone, say) keeps the report
        shutil.copytree(published_site, build.site, symlinks=True)
    build.site.mkdir(parents=True, exist_ok=True)
    (build.site / SITE_MARK).write_text(build.build_id + "\n", encoding="utf-8")
    build.warehouse.chmod(0o444)  # analysts read it; a scratch table would vanish at the next run
    final = store.root / build.build_id
    os.rename(build.folder, final)
    try:
        _fault_point("built")
        _point(store.current, build.build_id)  # the moment of publication
    except BaseException:
        _remove_build(final)  # not published: it must not stay as a build readers might take
        raise
    _fault_point("current")
    _link_published(store)
    _sync(store.root)
    remove_leftovers(store)
    return final


def _adopt_earlier(store: Store) -> None:
    """A warehouse file and a site folder published before the store existed become links to
    the same content, each in one atomic step, so that a reader sees the old pair throughout."""
    old_warehouse = store.warehouse.is_file() and not store.warehouse.is_symlink()
    old_site = store.reports_dir.is_dir() and not store.reports_dir.is_symlink()
    if not (old_warehouse or old_site):
        return
    folder = store.root / (dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-before-store")
    _new_build_folder(folder, folder.name)
    # What the published paths show now: each from the path itself where it is not yet a
    # link, else from the build it links to (a run killed half-way through adopting them).
    current = store.current_build()
    warehouse = store.warehouse if old_warehouse else (current / WAREHOUSE_FILE if current else None)
    site = store.reports_dir if old_site else (current / SITE_FOLDER if current else None)
    if warehouse is not None and warehouse.is_file():
        try:
            os.link(warehouse, folder / WAREHOUSE_FILE)  # the same file, no copy
        except OSError:
            shutil.copyfile(warehouse, folder / WAREHOUSE_FILE)
    if site is not None and site.is_dir():
        shutil.copytree(site, folder / SITE_FOLDER, symlinks=True)
    _point(store.current, folder.name)
    _fault_point("adopted")
    if old_warehouse:
        _point(store.warehouse, _link_target(store, store.warehouse, WAREHOUSE_FILE))
        _fault_point("warehouse-linked")
    if old_site:
        staged = store.reports_dir.with_name(f".{store.reports_dir.name}.{os.getpid()}.new")
        staged.unlink(missing_ok=True)
        os.symlink(_link_target(store, store.reports_dir, SITE_FOLDER), staged)
        _exchange(staged, store.reports_dir)  # the link in, the old folder out, at once
        shutil.rmtree(staged, ignore_errors=True)


def _link_target(store: Store, path: Path, member: str) -> str:
    return os.path.relpath(store.current / member, _absolute(path).parent)


def _point(link: Path, target: str) -> None:
    """Replace a symbolic link (or a file) atomically: a new link, renamed over the old one."""
    staged = link.with_name(f".{link.name}.{os.getpid()}.new")
    staged.unlink(missing_ok=True)
    os.symlink(target, staged)
    os.replace(staged, link)


def _exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE). Where the file system
    cannot, fall back to two renames, with a moment in which `second` is missing."""
    libc = ctypes.CDLL(None, use_errno=True)
    at_fdcwd, rename_exchange = -100, 2
    function = getattr(libc, "renameat2", None)
    if (
        function is not None
        and function(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0
    ):
        return
    log.warning(f"the file system cannot swap {second} atomically; replacing it in two steps")
    aside = second.with_name(f".{second.name}.{os.getpid()}.old")
    os.rename(second, aside)
    os.rename(first, second)
    os.rename(aside, first)


def _link_published(store: Store) -> None:
    """The published paths as links through `current`, where they are not yet."""
    published = [(store.warehouse, WAREHOUSE_FILE), (store.reports_dir, SITE_FOLDER)]
    current = store.current_build()
    if current is not None and (current / MARTS_FOLDER).is_dir():
        published.append((store.marts_dir, MARTS_FOLDER))
    for path, member in published:
        target = _link_target(store, path, member)
        if not (path.is_symlink() and os.readlink(path) == target):
            path.parent.mkdir(parents=True, exist_ok=True)
            _point(path, target)


def remove_leftovers(store: Store) -> None:
    """Builds of killed runs, and builds older than the previous one: only builds a run made
    (name and mark), in a store a run made (its mark), and never through a link."""
    root = store.root
    if root.is_symlink() or not (root / STORE_MARK).is_file():
        return
    current = store.current_build()
    builds = sorted(p for p in root.iterdir() if p != current and _is_build(p))
    finished = [p for p in builds if not p.name.endswith(".building")]
    stale = [p for p in builds if p.name.endswith(".building") and not _running(p)]
    for folder in stale + finished[: max(0, len(finished) - (KEEP_BUILDS - 1))]:
        _remove_build(folder)
        log.info(f"removed {folder.name} from {root}")


def _running(folder: Path) -> bool:
    """A build folder whose run is still alive (the lock makes this our own pid)."""
    pid = folder.name.removesuffix(".building").rsplit("-", 1)[-1]
    return pid.isdigit() and int(pid) == os.getpid()


def _sync(folder: Path) -> None:
    """Flush a folder's entries to disk, so a renamed link survives a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fault_point(name: str) -> None:
    """For the crash tests: GRANT_EVAL_KILL_AT=<name> kills the run here, as kill -9 would."""
    if os.environ.get("GRANT_EVAL_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)

"""A run removes only what a run made, and publishes links that never run through a user's
link: the builds folder and each build carry grant-eval's mark, and every link on the way to
the warehouse and the site is resolved once, at the start. Real files, real runs."""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import files
from tests.conftest import Built
from tests.helpers import GRANT_EVAL, marts, paths, tree

USER_FOLDERS = ("2023-rapport", "2024-rapport", "x")


def grant_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GRANT_EVAL, *args], capture_output=True, text=True, timeout=600)


def user_folder(folder: Path) -> Path:
    """A user's folder of reports, the kind a link might point to."""
    for name in USER_FOLDERS:
        (folder / name).mkdir(parents=True)
        (folder / name / "notat.txt").write_text(f"mine: {name}\n", encoding="utf-8")
    return folder


def publish_one(store: files.Store) -> str:
    """A publication without Dagster: a tiny warehouse and site, built and published."""
    with files.exclusive_run(store.warehouse), files.building(store, keep_existing=False) as build:
        with duckdb.connect(str(build.warehouse)) as con:
            con.execute("CREATE TABLE t AS SELECT 1 AS one")
        build.site.mkdir()
        (build.site / "index.html").write_text("<p>rapport</p>", encoding="utf-8")
        files.publish(store, build)
        return build.build_id


@pytest.mark.slow
def test_a_builds_folder_that_is_a_users_is_refused_and_left_whole(
    cli, fixture_build: Built, tmp_path: Path
) -> None:
    """The builds folder beside the warehouse is a link to a user's folder: every run refuses
    (exit 2) and the folder's three folders stay; a real folder of the user's there is refused too."""
    user = user_folder(tmp_path / "mine")
    out = tmp_path / "out"
    out.mkdir()
    store = out / ".warehouse.duckdb.builds"
    store.symlink_to(user)
    before = tree(user)
    for _ in range(3):
        result = cli("run", "-q", *paths(fixture_build.data_dir, out))
        assert result.code == 2, result.err
        assert result.err == (
            f"grant-eval: refused: {store} (where grant-eval keeps its builds, beside the warehouse) "
            f"is a link, to {user}; grant-eval keeps its builds in a folder of its own and removes "
            "old ones there, so it will not use a link: remove the link, or give another --warehouse. "
            "Nothing was written.\n"
        )
    assert tree(user) == before
    assert sorted(p.name for p in out.iterdir()) == [".warehouse.duckdb.builds"]

    store.unlink()
    shutil.copytree(user, store)
    result = cli("run", "-q", *paths(fixture_build.data_dir, out))
    assert result.code == 2
    assert result.err == (
        f"grant-eval: refused: {store} (where grant-eval keeps its builds, beside the warehouse) "
        "holds what grant-eval did not make (2023-rapport, 2024-rapport, x); it will not remove it: "
        "move it, or give another --warehouse. Nothing was written.\n"
    )
    assert tree(store) == before


def test_a_run_removes_only_the_builds_it_made(tmp_path: Path) -> None:
    """In grant-eval's own store, a folder of the user's and a build-named folder without the
    mark survive any number of publications; marked builds beyond the previous one go."""
    store = files.Store(tmp_path / "warehouse.duckdb", tmp_path / "site")
    first = publish_one(store)
    user_folder(store.root / "mine")
    unmarked = store.root / "20240101T000000000000Z-1"
    unmarked.mkdir()
    (unmarked / "notat.txt").write_text("mine\n", encoding="utf-8")
    mine = tree(store.root / "mine")
    ids = [first] + [publish_one(store) for _ in range(3)]
    assert tree(store.root / "mine") == mine
    assert (unmarked / "notat.txt").read_text(encoding="utf-8") == "mine\n"
    builds = sorted(p.name for p in store.root.iterdir() if files.BUILD_NAME.fullmatch(p.name))
    assert builds == sorted(["20240101T000000000000Z-1", *ids[-2:]])
    assert (store.root / ids[-1] / files.BUILD_MARK).read_text(encoding="utf-8") == ids[-1] + "\n"
    assert os.readlink(store.current) == ids[-1]


def test_an_earlier_versions_store_is_adopted(tmp_path: Path) -> None:
    """A store written before the marks (builds and the `current` link, nothing else) is marked
    and used; its old builds are removed as before."""
    store = files.Store(tmp_path / "warehouse.duckdb", tmp_path / "site")
    old = [publish_one(store) for _ in range(2)]
    for folder in store.root.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            (folder / files.BUILD_MARK).unlink()
    (store.root / files.STORE_MARK).unlink()
    files.check_targets(store.warehouse, store.reports_dir, tmp_path / "data", tmp_path / "project")
    new = publish_one(store)
    assert sorted(p.name for p in store.root.iterdir()) == sorted([files.STORE_MARK, "current", old[-1], new])


@pytest.mark.slow
def test_published_links_do_not_run_through_a_users_link(cli, fixture_build: Built, tmp_path: Path) -> None:
    """The warehouse's folder and the site's folder are reached through links of the user's: the
    published links are made between the real folders, and still resolve when those links go."""
    real, site_real = tmp_path / "real", tmp_path / "reports-real"
    real.mkdir()
    site_real.mkdir()
    (tmp_path / "link").symlink_to(real)
    (tmp_path / "reports").symlink_to(site_real)
    result = cli(
        "run",
        "-q",
        "--data-dir",
        str(fixture_build.data_dir),
        "--warehouse",
        str(tmp_path / "link" / "warehouse.duckdb"),
        "--reports-dir",
        str(tmp_path / "reports" / "site"),
    )
    assert result.code == 0, result.err
    (tmp_path / "link").unlink()
    (tmp_path / "reports").unlink()
    assert os.readlink(real / "warehouse.duckdb") == ".warehouse.duckdb.builds/current/warehouse.duckdb"
    assert os.readlink(site_real / "site") == "../real/.warehouse.duckdb.builds/current/site"
    assert os.readlink(real / "marts") == ".warehouse.duckdb.builds/current/marts"
    assert marts(real / "warehouse.duckdb") == marts(fixture_build.warehouse)
    assert (site_real / "site" / "index.html").is_file()
    assert sorted(p.stem for p in (real / "marts").iterdir()) == sorted(marts(fixture_build.warehouse))


# -- a full disk ------------------------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 128 MiB (tmpfs), mounted for the test and unmounted after it."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def fill(disk: Path, leave: int = 0) -> Path:
    """Write zeros until `leave` bytes are free on the disk (0: until it refuses a byte more)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for block in (1 << 20, 1 << 12):
            with contextlib.suppress(OSError):
                while shutil.disk_usage(disk).free - block >= leave:
                    os.write(fd, b"\0" * block)
    finally:
        os.close(fd)
    return filler


# The run as a program, with an audit hook that fills the disk when the publication opens the
# site's mark: the disk is really full at that moment, in the resource's teardown.
FILL_AT_PUBLICATION = """
import os, sys
disk = sys.argv[1]
def fill_when_publishing(event, args):
    if event == "open" and args and str(args[0]).endswith("/site/.grant-eval-site"):
        fd = os.open(os.path.join(disk, "filler"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        for block in (1 << 20, 1 << 12):
            try:
                while True:
                    os.write(fd, b"\\0" * block)
            except OSError:
                pass
        os.close(fd)
sys.addaudithook(fill_when_publishing)
from pipelines.cli import main
sys.exit(main(sys.argv[2:]))
"""

FULL = "grant-eval: Disken er full (No space left on device)"
LEFT = "; nothing was published. The warehouse and report were left as they were.\n"


@pytest.mark.slow
def test_a_full_disk_says_so_and_leaves_no_build(small_disk: Path, fixture_build: Built) -> None:
    """A disk that fills up while the published warehouse is copied, while DuckDB writes, or
    while the build is published: exit 3, plain words naming the file (no traceback), the
    published build as it was, and no build folder left behind."""
    out = small_disk / "out"
    args = ["run", "-q", *paths(fixture_build.data_dir, out)]
    assert grant_eval(*args).returncode == 0
    store = out / ".warehouse.duckdb.builds"
    published = (out / "warehouse.duckdb").resolve()

    def builds(folder: Path) -> list[str]:
        return sorted(p.name for p in folder.iterdir() if files.BUILD_NAME.fullmatch(p.name))

    filler = fill(small_disk, leave=3 << 20)  # too little for a copy of the warehouse
    copied = grant_eval(*args, "--force")
    assert copied.returncode == 3
    assert re.fullmatch(
        re.escape(FULL + f": {store}/") + r"\d{8}T\d{12}Z-\d+\.building/warehouse\.duckdb" + re.escape(LEFT),
        copied.stderr,
    ), copied.stderr
    assert (out / "warehouse.duckdb").resolve() == published and builds(store) == [published.parent.name]

    filler.unlink()
    fill(small_disk, leave=8 << 20)  # a new warehouse elsewhere on the disk: DuckDB's own writes fail
    fresh = small_disk / "fresh"
    written = grant_eval("run", "-q", *paths(fixture_build.data_dir, fresh))
    assert written.returncode == 3
    assert re.fullmatch(
        re.escape(FULL + f": {fresh}/.warehouse.duckdb.builds/")
        + r"\d{8}T\d{12}Z-\d+\.building/warehouse\.duckdb(\.wal)?"
        + re.escape(LEFT),
        written.stderr,
    ), written.stderr
    assert builds(fresh / ".warehouse.duckdb.builds") == []

    filler.unlink()
    at_publication = subprocess.run(
        [sys.executable, "-c", FILL_AT_PUBLICATION, str(small_disk), *args, "--force"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=PROJECT_ROOT,
    )
    assert at_publication.returncode == 3
    assert at_publication.stderr == FULL + LEFT
    assert (out / "warehouse.duckdb").resolve() == published and builds(store) == [published.parent.name]


@pytest.mark.slow
def test_a_file_size_limit_says_so_and_leaves_no_build(fixture_build: Built, tmp_path: Path) -> None:
    """Where no small disk can be mounted, a file size limit (RLIMIT_FSIZE: EFBIG) stands in for
    it, on any machine: the same plain words, exit 3, no build folder left."""
    out = tmp_path / "out"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 << 20, 8 << 20))

    result = subprocess.run(
        [GRANT_EVAL, "run", "-q", *paths(fixture_build.data_dir, out)],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=limit,
    )
    assert result.returncode == 3
    assert re.fullmatch(
        re.escape(
            "grant-eval: Filen ble for stor for filsystemet eller grensen for filstørrelse (File too large): "
            f"{out}/.warehouse.duckdb.builds/"
        )
        + r"\d{8}T\d{12}Z-\d+\.building/warehouse\.duckdb(\.wal)?"
        + re.escape(LEFT),
        result.stderr,
    ), result.stderr
    assert sorted(p.name for p in (out / ".warehouse.duckdb.builds").iterdir()) == [files.STORE_MARK]
    assert not (out / "warehouse.duckdb").exists()


def test_a_users_link_as_the_warehouse_is_replaced_and_what_it_named_is_left(tmp_path: Path) -> None:
    """The last part of --warehouse is the link a run replaces, even when it is the user's own:
    the run publishes there, and the file the user's link named is not touched."""
    mine = tmp_path / "mine.duckdb"
    with duckdb.connect(str(mine)) as con:
        con.execute("CREATE TABLE notes AS SELECT 'mine' AS note")
    before = tree(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "warehouse.duckdb").symlink_to(mine)
    store = files.check_targets(
        tmp_path / "out" / "warehouse.duckdb",
        tmp_path / "out" / "site",
        tmp_path / "data",
        tmp_path / "project",
    )
    assert store == files.Store(tmp_path / "out" / "warehouse.duckdb", tmp_path / "out" / "site")
    publish_one(store)
    assert os.readlink(store.warehouse) == ".warehouse.duckdb.builds/current/warehouse.duckdb"
    assert list(before) == ["mine.duckdb"]
    assert {name: sha for name, sha in tree(tmp_path).items() if name in before} == before

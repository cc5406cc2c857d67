"""How the tests, the benchmark and the screenshot script start what they measure: the
installed `grant-eval` command, `dagster dev`, and Debian's headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

GRANT_EVAL = str(Path(sys.executable).with_name("grant-eval"))

# Chromium as root, offline: no sandbox, and none of the background connections that this
# machine's closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def paths(data: Path, out: Path) -> list[str]:
    """`grant-eval run`'s path arguments: read `data`, publish into `out`."""
    return [
        "--data-dir",
        str(data),
        "--warehouse",
        str(out / "warehouse.duckdb"),
        "--reports-dir",
        str(out / "site"),
    ]


@contextlib.contextmanager
def dagster_dev(
    port: int, env: dict[str, str], cwd: Path, dg: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    """`dagster dev -w workspace.yaml` (or, `dg`, `dg dev` from dg.toml) on 127.0.0.1:`port`,
    stopped with its children on exit."""
    command = ["dg", "dev"] if dg else ["dagster", "dev", "-w", "workspace.yaml"]
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name(command[0])), *command[1:], "-h", "127.0.0.1", "-p", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the web server and code server stop too
    )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a daemon slow to stop must not fail a test or the bench
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright through its executable path (no download)."""
    from playwright.sync_api import sync_playwright  # a development dependency

    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("Chromium is missing: scripts/test.sh installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# -- a throwaway PostgreSQL server and a Dagster server against it (tests/test_deployment.py) --
def postgres_bin() -> Path:
    """Debian's PostgreSQL programs (package `postgresql`; scripts/test.sh installs it)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is missing: scripts/test.sh installs Debian's postgresql package")
    return found[-1].parent


@contextlib.contextmanager
def postgres_server(folder: Path, port: int, user: str = "dagster") -> Iterator[None]:
    """A new PostgreSQL cluster in `folder` on 127.0.0.1:`port`, with a superuser `user` and a
    database of the same name (trust authentication: it listens on the loopback only), stopped
    and left for the caller to remove. PostgreSQL refuses to run as root: as root, it runs as the
    system user `postgres`, which owns `folder`."""
    bin_dir = postgres_bin()
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(folder, "postgres", "postgres")
    data, socket_dir = folder / "data", folder

    def quiet(command: list[str]) -> None:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {done.stderr}")

    quiet([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8"])
    options = f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = folder / "server.log"
    quiet([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"])
    try:
        quiet([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, user])
        yield
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@contextlib.contextmanager
def dagster_server(port: int, env: dict[str, str], cwd: Path, logs: Path) -> Iterator[None]:
    """`dagster-webserver` and `dagster-daemon` as two processes, as on a server, each with
    workspace.yaml and JSON-lines logs (`logs`/webserver.log, daemon.log); both stopped on exit."""
    bin_dir = Path(sys.executable).parent
    workspace = ["-w", "workspace.yaml"]
    commands = {
        "webserver": [str(bin_dir / "dagster-webserver"), *workspace, "-h", "127.0.0.1", "-p", str(port)],
        "daemon": [str(bin_dir / "dagster-daemon"), "run", *workspace],
    }
    processes = []
    try:
        for name, command in commands.items():
            with open(logs / f"{name}.log", "wb") as out:
                processes.append(
                    subprocess.Popen(
                        [*command, "--log-format", "json"],
                        cwd=cwd,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        yield
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)

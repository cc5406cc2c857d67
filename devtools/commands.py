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

"""Peak memory of `grant-eval check` against the size of a measures file, and of `grant-eval run`
against the number of variables in the survey file.

Writes the sample with its 2006 measures file grown to about SIZE MiB (the same rows repeated,
each a valid measure), runs `grant-eval check` on it as a separate process, and prints the
child's peak resident set size per MiB of input. With `--survey`, writes the sample with N
variables beyond the contract's in its survey file (a questionnaire exported with every item)
and runs the whole `grant-eval run` on it: the raw table keeps every variable as a column.

    python -m bench.memory [SIZE_MIB ...]
    python -m bench.memory --survey [N_VARIABLES ...]
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyreadstat

from devtools import formats
from devtools.commands import GRANT_EVAL
from pipelines.settings import DEFAULT_DATA_DIR

OUT = Path(__file__).parent / "out" / "memory"


def dataset(size_mib: int) -> tuple[Path, float]:
    data = OUT / f"{size_mib}mib"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(DEFAULT_DATA_DIR, data)
    measures = data / "reporting" / "2006" / "tiltak.csv"
    header, *rows = measures.read_text(encoding="utf-8-sig").splitlines()
    body = "\n".join(rows) + "\n"
    copies = max(1, size_mib * 2**20 // len(body.encode("utf-8")))
    with measures.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for _ in range(copies):
            out.write(body)
    return data, measures.stat().st_size / 2**20


def survey_dataset(variables: int) -> Path:
    """The sample with `variables` more numeric variables in its survey file, each answered."""
    data = OUT / f"survey-{variables}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(DEFAULT_DATA_DIR, data)
    (path,) = (data / "survey").glob("*.sav")
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    extra = pd.DataFrame({f"v{i:05d}": [float(i % 5)] * len(frame) for i in range(variables)})
    formats.write_sav(
        path,
        pd.concat([frame, extra], axis=1),
        missing_ranges=meta.missing_ranges,
        variable_value_labels=meta.variable_value_labels,
    )
    return data


def peak_of(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """A child's peak resident set size in MiB and its time, run alone (one child per process:
    RUSAGE_CHILDREN keeps the largest child's peak)."""
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, time.monotonic() - started


def main(sizes: list[int]) -> None:
    for size in sizes:
        data, mib = dataset(size)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak, seconds = peak_of([GRANT_EVAL, "check", "-q", "--data-dir", str(data)])
        note = "" if peak > before / 1024 else " (not above an earlier child's peak)"
        print(
            f"measures file {mib:.0f} MiB: check {seconds:.1f} s, "
            f"peak {peak:.0f} MiB, {peak / mib:.1f} MiB per MiB{note}",
            flush=True,
        )


def survey(counts: list[int]) -> None:
    """Each count in a process of its own, so that each peak is its own."""
    if len(counts) > 1:
        for count in counts:
            subprocess.run([sys.executable, "-m", "bench.memory", "--survey", str(count)], check=True)
        return
    (count,) = counts
    data = survey_dataset(count)
    with tempfile.TemporaryDirectory(prefix="grant-eval-bench-") as scratch:
        out = Path(scratch)
        env = {**os.environ, "DAGSTER_HOME": str(out / "dagster")}
        peak, seconds = peak_of(
            [
                GRANT_EVAL,
                "run",
                "-q",
                "--data-dir",
                str(data),
                "--warehouse",
                str(out / "w.duckdb"),
                "--reports-dir",
                str(out / "site"),
            ],
            env,
        )
    print(f"survey with {count:,} more variables: run {seconds:.1f} s, peak {peak:.0f} MiB", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--survey"]:
        survey([int(a) for a in sys.argv[2:]] or [2_000, 10_000])
    else:
        main([int(a) for a in sys.argv[1:]] or [8, 32])

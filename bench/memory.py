"""Peak memory of `grant-eval check` against the size of a measures file.

Writes the sample with its 2006 measures file grown to about SIZE MiB (the same rows repeated,
each a valid measure), runs `grant-eval check` on it as a separate process, and prints the
child's peak resident set size per MiB of input.

    python -m bench.memory [SIZE_MIB ...]
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

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


def main(sizes: list[int]) -> None:
    for size in sizes:
        data, mib = dataset(size)
        started = time.monotonic()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run(
            [GRANT_EVAL, "check", "-q", "--data-dir", str(data)], check=True, stdout=subprocess.DEVNULL
        )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB
        note = "" if peak > before / 1024 else " (not above an earlier child's peak)"
        print(
            f"measures file {mib:.0f} MiB: check {time.monotonic() - started:.1f} s, "
            f"peak {peak:.0f} MiB, {peak / mib:.1f} MiB per MiB{note}",
            flush=True,
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [8, 32])

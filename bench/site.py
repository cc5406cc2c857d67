"""Benchmark of the report site against issue #9's budgets, on the bundled sample's size (×1)
and on the ×50 dataset: the whole site's size, the largest page's HTML, and how long each page
takes to become interactive, opened from file:// in headless Chromium at 1280 px and 390 px.

    .venv/bin/python -m bench.site [--sizes 1 50] [--no-write]

"Interactive" is from the start of navigation until the load event has fired, every chart has
been drawn and a list of measures shows its rows; the best of three loads is kept. The figures
replace the generated part of docs/report.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench.scale import write_dataset
from devtools.commands import chromium
from pipelines.build import build

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "site"
DOC = ROOT / "docs" / "report.md"
BEGIN, END = "<!-- bench.site: begin -->", "<!-- bench.site: end -->"
SITE_BUDGET = 5 * 1024 * 1024
PAGE_BUDGET = 1024 * 1024
INTERACTIVE_BUDGET_S = 1.5
WIDTHS = (1280, 390)
READY = """() => document.readyState === 'complete'
  && [...document.querySelectorAll('div.chart')].every(c => c.dataset.drawn === 'true')
  && [...document.querySelectorAll('script[data-listing]')].every(
       s => document.getElementById(s.dataset.listing).querySelector('tbody tr'))"""


@dataclass
class SiteFigures:
    size: int
    measures: int
    total_bytes: int
    largest_page: tuple[str, int]
    slowest: dict[int, tuple[str, float]]  # width: (page, seconds)


def site_for(size: int, root: Path = OUT) -> Path:
    """The report site of the benchmark dataset at this size, built in plain code."""
    data = write_dataset(root / f"x{size}" / "data", size)
    site = root / f"x{size}" / "site"
    shutil.rmtree(site, ignore_errors=True)
    build(data, root / f"x{size}" / "warehouse.duckdb", site, progress=lambda _m: None)
    return site


def interactive_seconds(browser, url: str, width: int, tries: int = 3) -> float:
    best = float("inf")
    for _ in range(tries):
        page = browser.new_page(viewport={"width": width, "height": 900})
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(READY, timeout=30000)
        best = min(best, time.perf_counter() - started)
        page.close()
    return best


def measure(browser, size: int) -> SiteFigures:
    site = site_for(size)
    pages = sorted(site.glob("*.html"))
    measures_count = sum(
        1 for p in (site.parent / "data" / "reporting").glob("*/tiltak.csv") for _ in p.open(encoding="utf-8")
    ) - len(list((site.parent / "data" / "reporting").glob("*/tiltak.csv")))
    largest = max(pages, key=lambda p: p.stat().st_size)
    slowest: dict[int, tuple[str, float]] = {}
    for width in WIDTHS:
        times = {p.name: interactive_seconds(browser, p.as_uri(), width) for p in pages}
        name = max(times, key=lambda k: times[k])
        slowest[width] = (name, times[name])
        print(f"×{size} at {width} px: slowest {name} {times[name]:.2f} s", flush=True)
    return SiteFigures(
        size,
        measures_count,
        sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        (largest.name, largest.stat().st_size),
        slowest,
    )


def render(results: list[SiteFigures]) -> str:
    def verdict(ok: bool) -> str:
        return "within" if ok else "**over**"

    lines = [
        BEGIN,
        f"Measured by `.venv/bin/python -m bench.site` on {dt.date.today().isoformat()}: the "
        "benchmark's datasets built in plain code, each page opened from the file system in "
        "headless Chromium, interactive when loaded with every chart drawn and the list's rows "
        "shown (best of three).",
        "",
        "| dataset | measures | site (budget 5 MiB) | largest page (budget 1 MiB) | slowest page at 1280 px "
        "| slowest page at 390 px (budget 1.5 s) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        slow = [r.slowest[w] for w in WIDTHS]
        lines.append(
            f"| ×{r.size} | {r.measures:,} | {r.total_bytes / 1024 / 1024:.2f} MiB, "
            f"{verdict(r.total_bytes <= SITE_BUDGET)} | `{r.largest_page[0]}` "
            f"{r.largest_page[1] / 1024:.0f} KiB, {verdict(r.largest_page[1] <= PAGE_BUDGET)} | "
            + " | ".join(
                f"`{name}` {seconds:.2f} s, {verdict(seconds <= INTERACTIVE_BUDGET_S)}"
                for name, seconds in slow
            )
            + " |"
        )
    lines.append(END)
    return "\n".join(lines)


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(before + block + after, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--no-write", action="store_true", help="print, do not rewrite docs/report.md")
    args = parser.parse_args()
    with chromium() as browser:
        results = [measure(browser, size) for size in args.sizes]
    block = render(results)
    print(block)
    if not args.no_write:
        write_doc(block)


if __name__ == "__main__":
    main()

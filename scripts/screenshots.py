"""Screenshots of the report for a reviewer: the front page, the measures chapter and a year's
list of measures, on the
bundled sample and on the benchmark's ×50 dataset, at 1280 px and at 390 px (a phone), in
headless Chromium. Written to bench/out/screenshots/ (not committed).

    .venv/bin/python scripts/screenshots.py [--sizes 1 50]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from the checkout

from bench.site import READY, site_for  # noqa: E402
from devtools.commands import chromium  # noqa: E402

OUT = ROOT / "bench" / "out" / "screenshots"
PAGES = ("index", "kapittel-3-tiltakene", "tiltak-2008")
WIDTHS = (1280, 390)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 50])
    sizes = parser.parse_args().sizes
    with chromium() as browser:
        for size in sizes:
            site = site_for(size, OUT)
            for name in PAGES:
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    started = time.monotonic()
                    page.goto((site / f"{name}.html").as_uri())
                    page.wait_for_function(READY, timeout=30000)
                    loaded = time.monotonic() - started
                    target = OUT / f"x{size}-{name}-{width}px.png"
                    page.screenshot(path=str(target), full_page=False)
                    print(f"{target.relative_to(ROOT)}: loaded in {loaded:.1f} s", flush=True)
                    page.close()


if __name__ == "__main__":
    main()

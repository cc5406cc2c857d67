"""Measure the report site: total size and the largest parts.

.venv/bin/python scripts/site_size.py [reports/site]
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

LIMIT_BYTES = 5 * 1024 * 1024


def site_size(site: Path) -> dict[str, int]:
    """Bytes per kind of file (html, js, css, csv, xlsx, other) and in total."""
    sizes: dict[str, int] = defaultdict(int)
    for path in site.rglob("*"):
        if path.is_file():
            kind = path.suffix.lstrip(".") or "other"
            sizes[kind] += path.stat().st_size
            sizes["total"] += path.stat().st_size
    return dict(sizes)


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "reports/site")
    if not (site / "index.html").is_file():
        print(f"no report site in {site}: run grant-eval run first", file=sys.stderr)
        return 2
    sizes = site_size(site)
    for kind, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"{kind:>6}  {size / 1024:9.1f} KiB")
    verdict = "under" if sizes["total"] < LIMIT_BYTES else "OVER"
    print(f"{sizes['total'] / 1024 / 1024:.2f} MiB in all: {verdict} the 5 MiB budget")
    return 0 if sizes["total"] < LIMIT_BYTES else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Write the report site: pages, downloads and static assets, into one folder."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from pipelines.report import charts
from pipelines.report.data import ReportData
from pipelines.report.downloads import listing_json, script_safe, write_downloads
from pipelines.report.model import Chart, Figure, Links, Page, Table
from pipelines.report.pages import (
    accessibility,
    activities,
    continuation,
    front,
    goals,
    measures,
    method,
    organisation,
    understanding,
)
from pipelines.report.pages.common import chapters

STATIC = Path(__file__).parent / "static"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipelines.report", "templates"),
        autoescape=select_autoescape(["html"], default=True),  # municipal text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.tests["table"] = lambda b: isinstance(b, Table)
    env.tests["figure"] = lambda b: isinstance(b, Figure)
    env.tests["quotes"] = lambda b: isinstance(b, list)
    env.tests["text"] = lambda b: isinstance(b, str)
    env.tests["links"] = lambda b: isinstance(b, Links)
    env.filters["chart_json"] = _chart_json
    env.filters["listing_json"] = listing_json
    return env


# Control characters HTML does not allow in a page (C0 but tab, LF, FF and CR; DEL; C1): input
# files refuse them in text columns, but a transcript's text (.qdpx) may still bring one. Each
# is shown as U+FFFD, as a browser would show NUL, so that no page carries a NUL byte.
_NOT_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def html_text(html: str) -> str:
    return _NOT_HTML.sub("\ufffd", html)


def _chart_json(chart: Chart) -> str:
    """Chart data as JSON that is safe inside <script>: no '</' can close the element."""
    payload = json.dumps(
        {"data": chart.data, "layout": chart.layout},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return script_safe(payload)


def menu_pages(data: ReportData) -> list[Page]:
    """The menu's pages, in its order; a chapter's tables and figures are numbered by chapter.
    The pages below a chapter (a year's measures) are made one at a time as they are written:
    `measures.year_pages`."""
    shown = chapters(data)
    pages = [front.page(data), *(CHAPTER_PAGES[c.concept](data) for c in shown)]
    pages += [method.page(data), accessibility.page(data)]
    for number, chapter in enumerate(shown, start=1):
        next(p for p in pages if p.slug == chapter.slug).number_tables_and_figures(str(number))
    return pages


# The module that writes each chapter the code knows (pipelines/contract/concepts.py:CHAPTERS).
CHAPTER_PAGES: dict[str, Callable[[ReportData], Page]] = {
    "forstaelse": understanding.page,
    "organisering": organisation.page,
    "tiltak": measures.page,
    "aktiviteter": activities.page,
    "maloppnaelse": goals.page,
    "videreforing": continuation.page,
}


def write_site(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    """Render every page into `out` (created); return counts for the asset's metadata."""
    data = ReportData.read(con)
    out.mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(exist_ok=True)
    (out / "nedlasting").mkdir(exist_ok=True)
    shutil.copy2(STATIC / "vendor" / "plotly-basic.min.js", out / "assets" / "plotly-basic.min.js")
    shutil.copy2(STATIC / "vendor" / "plotly-LICENSE.txt", out / "assets" / "plotly-LICENSE.txt")
    for name in ("style.css", "plotly-locale-nb.js", "charts.js", "listing.js"):
        shutil.copy2(STATIC / name, out / "assets" / name)
    env = _environment()
    template = env.get_template("page.html")
    menu = menu_pages(data)
    nav = [(p.filename, p.nav_title) for p in menu]
    n_pages = n_tables = n_charts = 0
    for page in itertools.chain(menu, measures.year_pages(data)):
        n_pages += 1
        html = template.render(
            page=page, nav=nav, config=charts.config_json(), chapters=chapters(data), years=data.year_span
        )
        (out / page.filename).write_text(html_text(html), encoding="utf-8")
        for table in page.tables():
            write_downloads(table, out / "nedlasting")
            n_tables += 1
        n_charts += len(page.charts())
    return {
        "pages": n_pages,
        "tables": n_tables,
        "charts": n_charts,
        "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
    }

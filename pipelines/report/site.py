"""Write the report site: pages, downloads and static assets, into one folder."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from pipelines.report import charts
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Chart, Figure, Links, Page, Table
from pipelines.report.pages import (
    accessibility,
    continuation,
    front,
    goals,
    measures,
    method,
    organisation,
    understanding,
)
from pipelines.report.pages.common import CHAPTER_TITLES
from pipelines.report.xlsx import write_xlsx

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
    return env


def _chart_json(chart: Chart) -> str:
    """Chart data as JSON that is safe inside <script>: no '</' can close the element."""
    payload = json.dumps(
        {"data": chart.data, "layout": chart.layout},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_pages(data: ReportData) -> list[Page]:
    """Every page: the menu's, in its order, then the pages below a chapter (a year's measures).
    A chapter's tables and figures are numbered by chapter."""
    pages = [
        front.page(data),
        understanding.page(data),
        organisation.page(data),
        measures.page(data),
        goals.page(data),
        continuation.page(data),
        method.page(data),
        accessibility.page(),
        *measures.year_pages(data),
    ]
    for number, chapter in enumerate(CHAPTER_TITLES, start=1):
        next(p for p in pages if p.slug == chapter.slug).number_tables_and_figures(str(number))
    return pages


def write_site(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    """Render every page into `out` (created); return counts for the asset's metadata."""
    data = ReportData.read(con)
    pages = build_pages(data)
    out.mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(exist_ok=True)
    (out / "nedlasting").mkdir(exist_ok=True)
    shutil.copy2(STATIC / "vendor" / "plotly-basic.min.js", out / "assets" / "plotly-basic.min.js")
    shutil.copy2(STATIC / "vendor" / "plotly-LICENSE.txt", out / "assets" / "plotly-LICENSE.txt")
    for name in ("style.css", "plotly-locale-nb.js", "charts.js", "filter.js"):
        shutil.copy2(STATIC / name, out / "assets" / name)
    env = _environment()
    template = env.get_template("page.html")
    nav = [(p.filename, p.nav_title) for p in pages if not p.parent]
    n_tables = n_charts = 0
    for page in pages:
        html = template.render(
            page=page, nav=nav, config=charts.config_json(), chapters=CHAPTER_TITLES, years=data.year_span
        )
        (out / page.filename).write_text(html, encoding="utf-8")
        for table in page.tables():
            write_downloads(table, out / "nedlasting")
            n_tables += 1
        n_charts += len(page.charts())
    return {
        "pages": len(pages),
        "tables": n_tables,
        "charts": n_charts,
        "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
    }


def write_excel_csv(table: Table, path: Path) -> None:
    """The table as Norwegian Excel opens a CSV on a double-click: ';' between cells, a
    decimal comma, UTF-8 with a BOM; the headers and the values as the page shows them (rounded,
    without units or thousands separators, so that they stay numbers), «:» and «..» as there."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.label for column in table.columns])
    for position, record in enumerate(table.frame.to_dict("records")):
        writer.writerow(
            [
                fmt.SUPPRESSED
                if (position, column.key) in table.suppressed
                else excel_value(record.get(column.key), column.kind)
                for column in table.columns
            ]
        )
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))


def excel_value(value: object, kind: str) -> str:
    """One cell for Norwegian Excel: a number rounded as shown with a decimal comma, or text
    that cannot run as a formula."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return "" if kind == "text" else fmt.MISSING
    if kind == "text":
        return str(neutralise_formula(str(value)))
    if isinstance(value, str):  # a statbank symbol in place of a number (dec1_or_symbol)
        return value
    digits = 1 if kind in ("dec1", "dec1_or_symbol") else 0
    return str(fmt.round_half_up(float(value), digits)).replace(".", ",")  # type: ignore[arg-type]


def write_downloads(table: Table, folder: Path) -> None:
    frame = table.download_frame()
    text = frame.copy()
    for column in text.columns:  # repr keeps every digit, so the CSV round-trips exactly
        if pd.api.types.is_float_dtype(text[column]):
            text[column] = text[column].map(lambda v: "" if pd.isna(v) else repr(float(v)))
        elif not pd.api.types.is_numeric_dtype(text[column]):  # text (object or str dtype)
            # Built as object values: map() would infer floats for a column of ints and blanks.
            text[column] = pd.Series(
                [neutralise_formula(v) for v in text[column]], index=text.index, dtype=object
            )
    # For analysts and programs: the mart's own column names and every digit.
    text.to_csv(folder / f"{table.id}-data.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    write_excel_csv(table, folder / f"{table.id}.csv")
    # For Excel: the table's title, source, notes and key to the symbols above the page's
    # headers and every digit.
    write_xlsx(
        folder / f"{table.id}.xlsx",
        [column.label for column in table.columns],
        ([_cell(v) for v in record] for record in frame.itertuples(index=False)),
        sheet_name=f"Tabell {table.number}" if table.number else "Tabell",
        title=table.title,
        notes=[*([f"Kilde: {table.source}"] if table.source else []), table.note, *table.all_footnotes],
    )


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe, which
    Excel hides when it shows the cell (municipal free text is untrusted)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value

"""Write the report site: pages, downloads and static assets, into one folder."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from pipelines.report import charts
from pipelines.report.model import Chart, Figure, Table
from pipelines.report.pages import CHAPTER_TITLES, ReportData, build_pages

STATIC = Path(__file__).parent / "static"
FIXED_ZIP_TIME = (2009, 11, 12, 0, 0, 0)  # stable bytes for identical inputs


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipelines.report", "templates"),
        autoescape=select_autoescape(["html"], default=True),  # municipal text is untrusted
        trim_blocks=True, lstrip_blocks=True,
    )
    env.tests["table"] = lambda b: isinstance(b, Table)
    env.tests["figure"] = lambda b: isinstance(b, Figure)
    env.tests["quotes"] = lambda b: isinstance(b, list)
    env.tests["text"] = lambda b: isinstance(b, str)
    env.filters["chart_json"] = _chart_json
    return env


def _chart_json(chart: Chart) -> str:
    """Chart data as JSON that is safe inside <script>: no '</' can close the element."""
    payload = json.dumps({"data": chart.data, "layout": chart.layout}, ensure_ascii=False,
                         sort_keys=True, separators=(",", ":"))
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_site(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    """Render every page into `out` (created); return counts for the asset's metadata."""
    data = ReportData.read(con)
    pages = build_pages(data)
    out.mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(exist_ok=True)
    (out / "nedlasting").mkdir(exist_ok=True)
    shutil.copy2(STATIC / "vendor" / "plotly-basic.min.js", out / "assets" / "plotly-basic.min.js")
    shutil.copy2(STATIC / "vendor" / "plotly-LICENSE.txt", out / "assets" / "plotly-LICENSE.txt")
    for name in ("style.css", "plotly-locale-nb.js", "charts.js"):
        shutil.copy2(STATIC / name, out / "assets" / name)
    env = _environment()
    template = env.get_template("page.html")
    nav = [(p.filename, p.nav_title) for p in pages]
    n_tables = n_charts = 0
    for page in pages:
        html = template.render(page=page, nav=nav, config=charts.config_json(),
                               chapters=CHAPTER_TITLES, years=data.year_span)
        (out / page.filename).write_text(html, encoding="utf-8")
        for table in page.tables():
            write_downloads(table, out / "nedlasting")
            n_tables += 1
        n_charts += len(page.charts())
    return {"pages": len(pages), "tables": n_tables, "charts": n_charts,
            "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file())}


def write_downloads(table: Table, folder: Path) -> None:
    frame = table.download_frame()
    text = frame.copy()
    for column in text.columns:  # repr keeps every digit, so the CSV round-trips exactly
        if pd.api.types.is_float_dtype(text[column]):
            text[column] = text[column].map(lambda v: "" if pd.isna(v) else repr(float(v)))
    text.to_csv(folder / f"{table.id}.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    _write_xlsx(frame, table.caption, folder / f"{table.id}.xlsx")


def _write_xlsx(frame: pd.DataFrame, title: str, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "tabell"
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in record])
    workbook.properties.title = title[:200]
    stamp = pd.Timestamp("2009-11-12").to_pydatetime()
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    _rezip_with_fixed_times(buffer.getvalue(), path)


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _rezip_with_fixed_times(data: bytes, path: Path) -> None:
    """openpyxl stamps zip entries with the current time; fix them so reruns give equal files."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time here too
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2009-11-12T00:00:00Z\g<2>", content)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)

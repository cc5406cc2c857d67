"""What a report page is made of: sections of text, tables, figures and quotes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from markupsafe import Markup, escape

from pipelines.report import format as fmt
from pipelines.report.disclosure import FOOTNOTE

# Percentages on fewer answers than this are uncertain: said under the table.
SMALL_BASE = 20
SMALL_BASE_NOTE = (
    f"Noen av prosentene bygger på færre enn {SMALL_BASE} svar (se N): de er usikre og bør tolkes varsomt."
)
# The key to the symbol for a number that is not there (Statistics Norway's «..»).
MISSING_NOTE = "«..» betyr at tallet mangler: det er ikke rapportert, eller ingen har svart."

FORMATTERS: dict[str, Callable[[object], str]] = {
    "text": lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else fmt.keep_together(str(v)),
    "int": fmt.number,
    "dec1": lambda v: fmt.number(v, 1),
    # a published figure, or the statbank's symbol in its place
    "dec1_or_symbol": lambda v: v if isinstance(v, str) else fmt.number(v, 1),
    "pct": fmt.percent,
    "pp": fmt.points,
    "nok": fmt.nok,
}


@dataclass
class Column:
    key: str  # column of the table's frame
    label: str  # header shown
    kind: str = "text"  # a key of FORMATTERS

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass
class Table:
    """A table as shown, and its raw numbers as downloaded (CSV and XLSX)."""

    id: str  # stable anchor and download name
    caption: str  # the table's accessible name
    frame: pd.DataFrame  # raw numbers, one row per table row
    columns: list[Column]
    note: str = ""  # the N under the table, as the evaluation printed it
    suppressed: set[tuple[int, str]] = field(default_factory=set)  # (row position, column key)
    footnotes: list[str] = field(default_factory=list)
    # A long list: its rows travel as data and the page draws them, with a search box and a
    # choice of values per column in `filters` (pipelines/report/downloads.py:listing_json).
    listing: bool = False
    filters: list[str] = field(default_factory=list)
    source: str = ""  # where the numbers come from: shown under the table, in the downloads
    number: str = ""  # "3.2" in chapter 3; set when the pages are numbered

    @property
    def title(self) -> str:
        """The caption with its number: «Tabell 3.2 Kategorier av tiltak per år»."""
        return f"Tabell {self.number} {self.caption}" if self.number else self.caption

    @cached_property
    def cells(self) -> list[list[str]]:
        """Every cell as shown, row by row."""
        out = []
        for position, record in enumerate(self.frame.to_dict("records")):
            cells = []
            for column in self.columns:
                if (position, column.key) in self.suppressed:
                    cells.append(fmt.SUPPRESSED)
                else:
                    cells.append(FORMATTERS[column.kind](record.get(column.key)))
            out.append(cells)
        return out

    def rows_html(self) -> Markup:
        """The body rows as HTML, built here: a template loop per cell is slow on long lists.
        Every cell is escaped (municipal free text is untrusted)."""
        numeric = [c.numeric for c in self.columns]
        out = []
        for cells in self.cells:
            parts = []
            for index, cell in enumerate(cells):
                tag = "th" if index == 0 else "td"
                scope = ' scope="row"' if index == 0 else ""
                css = ' class="num"' if numeric[index] else ""
                # text is the municipalities' own: isolated, so a right-to-left name or a stray
                # direction mark cannot reorder the cells around it
                text = escape(cell) if numeric[index] else Markup("<bdi>%s</bdi>") % cell
                parts.append(f"<{tag}{scope}{css}>{text}</{tag}>")
            out.append("<tr>" + "".join(parts) + "</tr>")
        return Markup("\n".join(out))

    @property
    def filter_choices(self) -> list[tuple[int, str, list[str]]]:
        """(column position, label, the values as shown, sorted) of each filtered column."""
        choices = []
        for key in self.filters:
            position = next(i for i, c in enumerate(self.columns) if c.key == key)
            values = sorted(set(self._shown_values(self.columns[position])) - {""}, key=str.casefold)
            choices.append((position, self.columns[position].label, values))
        return choices

    def _shown_values(self, column: Column) -> list[str]:
        """The column's cells as shown, each distinct value once (formatted once: long lists)."""
        if self.suppressed:
            position = self.columns.index(column)
            return [row[position] for row in self.cells]
        return [FORMATTERS[column.kind](v) for v in pd.unique(self.frame[column.key])]

    @cached_property  # read by the page and by the downloads; a year's list has 8,000 rows at ×200
    def all_footnotes(self) -> list[str]:
        notes = [FOOTNOTE] if self.suppressed else []
        if any(cell == fmt.MISSING for column in self.columns for cell in self._shown_values(column)):
            notes.append(MISSING_NOTE)
        if self.small_bases():
            notes.append(SMALL_BASE_NOTE)
        return notes + self.footnotes

    def small_bases(self) -> bool:
        """A percentage shown beside a base (the column «N») under SMALL_BASE."""
        base = next((c.key for c in self.columns if c.label == "N" and c.kind == "int"), None)
        shares = [c.key for c in self.columns if c.kind == "pct"]
        if base is None or not shares:
            return False
        bases = pd.to_numeric(self.frame[base], errors="coerce")
        shown = self.frame[shares].notna().any(axis=1)
        return bool(((bases < SMALL_BASE) & (bases > 0) & shown).any())

    def download_frame(self) -> pd.DataFrame:
        """The raw numbers; suppressed cells are left empty, as on the page."""
        frame = self.frame[[c.key for c in self.columns]].copy()
        frame.columns = [c.key for c in self.columns]
        for position, key in self.suppressed:
            frame[key] = frame[key].astype(object)
            frame.iat[position, frame.columns.get_loc(key)] = None
        return frame


@dataclass
class Chart:
    id: str
    label: str  # short description for assistive technology
    data: list[dict]
    layout: dict


@dataclass
class Figure:
    id: str
    caption: str  # states the finding
    chart: Chart
    table: Table
    number: str = ""  # "3.1" in chapter 3; set when the pages are numbered


@dataclass
class Quote:
    text: str
    attribution: str  # "(intervju, kommunalsjef)": title only


@dataclass
class Finding:
    """A main finding on the front page, with the chapter that shows its numbers."""

    text: str
    href: str
    chapter: str


@dataclass
class Links:
    """A list of links to other pages of the site: (file name, text)."""

    items: list[tuple[str, str]]


@dataclass
class Section:
    id: str
    title: str
    blocks: list[object] = field(default_factory=list)  # str paragraphs, Table, Figure, list[Quote]

    def add(self, *blocks: object) -> Section:
        self.blocks.extend(b for b in blocks if b is not None)
        return self


@dataclass
class Page:
    slug: str  # file name without .html
    title: str
    nav_title: str
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # the front page's «Sammendrag», in sentences
    key_figures: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    findings: list[Finding] = field(default_factory=list)
    parent: str = ""  # a page below a chapter (a year's measures): the chapter's file name

    @property
    def filename(self) -> str:
        return f"{self.slug}.html"

    def tables(self) -> list[Table]:
        found: list[Table] = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    found.append(block)
                elif isinstance(block, Figure):
                    found.append(block.table)
        return found

    def number_tables_and_figures(self, chapter: str) -> None:
        """Number the page's tables and figures in reading order, «3.1», «3.2» …, as printed
        reports do, so that a letter can cite «tabell 3.2»."""
        tables = figures = 0
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Figure):
                    figures += 1
                    block.number = f"{chapter}.{figures}"
                    block = block.table
                if isinstance(block, Table):
                    tables += 1
                    block.number = f"{chapter}.{tables}"

    def charts(self) -> list[Chart]:
        return [b.chart for s in self.sections for b in s.blocks if isinstance(b, Figure)]

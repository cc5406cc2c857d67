"""What every page module shares: the chapters shown, number shorthand and quotes."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.report import format as fmt
from pipelines.report import wording
from pipelines.report.data import ReportData
from pipelines.report.model import Page, Quote, Section, Table


@dataclass(frozen=True)
class ChapterTitle:
    slug: str
    title: str
    nav_title: str
    concept: str  # pipelines/contract/concepts.py:CHAPTERS

    def page(self) -> Page:
        return Page(self.slug, self.title, self.nav_title)

    @property
    def filename(self) -> str:
        return f"{self.slug}.html"


# The word of each chapter's page name (kapittel-1-forstaelse.html); the chapters a report shows,
# their order and titles are the programme's (rapport.csv).
SLUGS: dict[str, str] = {
    "forstaelse": "forstaelse",
    "organisering": "organisering",
    "tiltak": "tiltakene",
    "aktiviteter": "aktiviteter",
    "maloppnaelse": "maloppnaelse",
    "videreforing": "videreforing",
}
# A chapter the data can lack: shown only when one of these marts has rows.
NEEDS: dict[str, tuple[str, ...]] = {"aktiviteter": ("participants", "spending", "criteria")}


def chapters(data: ReportData) -> list[ChapterTitle]:
    """The chapters this report shows, numbered in the programme's order: a chapter whose
    concept the data lacks is left out, not shown empty."""
    shown = [
        c
        for c in data.programme.chapters
        if c.concept not in NEEDS or any(len(data.marts.get(m, ())) for m in NEEDS[c.concept])
    ]
    return [
        ChapterTitle(f"kapittel-{i}-{SLUGS[c.concept]}", f"{i} {c.title}", f"{i} {c.nav_title}", c.concept)
        for i, c in enumerate(shown, start=1)
    ]


def chapter(data: ReportData, concept: str) -> ChapterTitle | None:
    return next((c for c in chapters(data) if c.concept == concept), None)


def page_of(data: ReportData, concept: str) -> Page:
    """The page of a chapter the report shows."""
    found = chapter(data, concept)
    assert found is not None, f"the report shows no chapter {concept}"
    return found.page()


# Why a series breaks (marts.series_breaks), as the key under a table says it.
BREAK_REASONS = {
    "scheme_succession": "ordningen ble avløst av en ny",
    "form_change": "nytt rapporteringsskjema",
}


def with_breaks(data: ReportData, table: Table, series: str) -> Table:
    """Mark the years where `series` breaks with «|» (Statistics Norway's symbol, contract §5),
    and say why under the table. A series without breaks is left as it is."""
    breaks = data.series_breaks(series)
    if not breaks or "aar" not in table.frame.columns:
        return table
    table.frame = table.frame.copy()
    table.frame["aar"] = table.frame["aar"].map(lambda y: f"{y} |" if y in breaks else y)
    reasons = "; ".join(
        f"{year}: {' og '.join(BREAK_REASONS[r] for r in why)}" for year, why in sorted(breaks.items())
    )
    table.footnotes.append(f"«|» betyr brudd i serien ({reasons}).")
    return table


def n(value: object) -> str:
    """A count as the report prints it."""
    return fmt.number(value)


MAX_QUOTES = 4  # quotes shown per theme: a few voices, not the whole coded material


def _spread(total: int, most: int) -> list[int]:
    """Up to `most` positions spread evenly over `total` (first and last included), in order."""
    if total <= most:
        return list(range(total))
    return sorted({round(i * (total - 1) / (most - 1)) for i in range(most)})


def quote_sections(data: ReportData, chapter: str, after: str = "") -> list[Section]:
    """The quotable segments of each theme the codebook puts in `chapter` (after its section
    `after`), attributed by title only."""
    sections = []
    for theme in data.programme.themes_of(f"{chapter}/{after}" if after else chapter):
        rows = data.quotes[data.quotes["kode"] == theme]
        if rows.empty:
            continue
        chosen = _spread(len(rows), MAX_QUOTES)
        quotes = []
        for row in rows.iloc[chosen].itertuples():
            titles = list(row.titler)
            kind = "gruppeintervju" if row.n_informants > 1 else "intervju"
            quotes.append(Quote(row.tekst, f"({kind}, {wording.listing(titles)})"))
        section = Section(f"sitater-{theme}", f"Fra intervjuene: {data.label('kode', theme).lower()}")
        if len(chosen) < len(rows):
            section.add(
                f"Et utvalg på {len(chosen)} av {n(len(rows))} sitater om temaet, spredt over intervjuene."
            )
        sections.append(section.add(quotes))
    return sections

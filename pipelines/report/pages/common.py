"""What every page module shares: the chapters' titles, number shorthand and quotes."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.marts.lookups import label
from pipelines.report import format as fmt
from pipelines.report import wording
from pipelines.report.data import ReportData
from pipelines.report.model import Page, Quote, Section


@dataclass(frozen=True)
class ChapterTitle:
    slug: str
    title: str
    nav_title: str

    def page(self) -> Page:
        return Page(self.slug, self.title, self.nav_title)


# One chapter per research question of the evaluation, in its order.
UNDERSTANDING = ChapterTitle("kapittel-1-forstaelse", "1 Forståelse og målgrupper", "1 Forståelse")
ORGANISATION = ChapterTitle("kapittel-2-organisering", "2 Organisering og samarbeid", "2 Organisering")
MEASURES = ChapterTitle("kapittel-3-tiltakene", "3 Tiltakene", "3 Tiltakene")
GOALS = ChapterTitle("kapittel-4-maloppnaelse", "4 Målsettinger og måloppnåelse", "4 Måloppnåelse")
CONTINUATION = ChapterTitle("kapittel-5-videreforing", "5 Forankring og videreføring", "5 Videreføring")
CHAPTER_TITLES = [UNDERSTANDING, ORGANISATION, MEASURES, GOALS, CONTINUATION]


def n(value: object) -> str:
    """A count as the report prints it."""
    return fmt.number(value)


def quote_sections(data: ReportData, *themes: str) -> list[Section]:
    """The quotable segments of each theme, attributed by title only."""
    sections = []
    for theme in themes:
        rows = data.quotes[data.quotes["kode"] == theme]
        if rows.empty:
            continue
        quotes = []
        for row in rows.itertuples():
            titles = list(row.titler)
            kind = "gruppeintervju" if row.n_informants > 1 else "intervju"
            quotes.append(Quote(row.tekst, f"({kind}, {wording.listing(titles)})"))
        sections.append(
            Section(f"sitater-{theme}", f"Fra intervjuene: {label('kode', theme).lower()}", [quotes])
        )
    return sections

"""What every page module shares: the chapters' titles, number shorthand and quotes."""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def filename(self) -> str:
        return f"{self.slug}.html"


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

"""Chapter 1: how the municipalities understand local poverty, and whom the measures are for."""

from __future__ import annotations

from pipelines.report import charts
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Column, Figure, Page, Section, Table
from pipelines.report.pages.common import UNDERSTANDING, n, quote_sections


def page(data: ReportData) -> Page:
    page = UNDERSTANDING.page()
    page.intro = [
        "Hvordan forstår kommunene de lokale fattigdomsproblemene, og hvem mener de at tiltakene skal nå?"
    ]
    if len(data.low_income):
        page.sections.append(_low_income(data))
    themes = data.interview_themes()
    page.sections.append(
        Section("temaer", "Hva intervjuene handlet om").add(
            "Tabellen viser hvor mange intervjuer og caseenheter hvert tema kom opp i. Tallene gjelder "
            "hele intervjumaterialet og brytes ikke ned på den enkelte kommune.",
            Table(
                "tabell-temaer",
                "Temaer i intervjuene",
                themes,
                [
                    Column("label", "Tema"),
                    Column("n_segments", "Kodede avsnitt", "int"),
                    Column("n_interviews", "Intervjuer", "int"),
                    Column("n_units", "Caseenheter", "int"),
                ],
                note=f"N = {n(data.n_interviews())} intervjuer",
            ),
        )
    )
    page.sections += quote_sections(data, "forstaelse", "malgrupper")
    return page


def _low_income(data: ReportData) -> Section:
    wide = data.low_income_wide()
    latest = str(int(data.low_income["aar"].max()))
    year_cols = [c for c in wide.columns if c != "navn"]
    table = Table(
        "tabell-lavinntekt",
        "Andel barn i husholdninger med vedvarende lavinntekt, prosent",
        wide,
        [Column("navn", "Kommune/bydel")] + [Column(y, y, "dec1") for y in year_cols],
        note=f"N = {n(len(wide))} kommuner og bydeler",
    )
    top = wide.iloc[0]
    chart = charts.bars(
        "figur-lavinntekt",
        f"Barn i lavinntektshusholdninger, {latest}",
        f"Stolpediagram: andel barn i lavinntektshusholdninger per kommune og bydel, {latest}",
        wide["navn"].tolist(),
        [(latest, wide[latest].round(1).tolist())],
        horizontal=True,
        percent=False,
        height=max(420, 22 * len(wide)),
    )
    return Section("lavinntekt", "Store lokale variasjoner").add(
        f"Andelen barn i husholdninger med vedvarende lavinntekt varierer mye mellom "
        f"tilskuddskommunene. Høyest i {latest} er {top['navn']} med "
        f"{fmt.number(top[latest], 1)} prosent.",
        Figure(
            "lavinntekt-figur",
            f"Andelen barn i lavinntektshusholdninger varierer fra "
            f"{fmt.number(wide[latest].min(), 1)} til "
            f"{fmt.number(wide[latest].max(), 1)} prosent ({latest}).",
            chart,
            table,
        ),
    )

"""Chapter 1: how the municipalities understand local poverty, and whom the measures are for."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes
from pipelines.report import charts, wording
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Column, Figure, Page, Section, Table
from pipelines.report.pages import sources
from pipelines.report.pages.common import n, page_of, quote_sections


def finding(data: ReportData) -> str | None:
    """Question 1: how large child poverty is where the grants go, and whom the measures are for."""
    parts = []
    if len(data.low_income):
        latest = int(data.low_income["aar"].max())
        shares = data.low_income.loc[data.low_income["aar"] == latest, "andel_barn_lavinntekt"].dropna()
        if len(shares) > 1:
            parts.append(
                "Andelen barn i husholdninger med vedvarende lavinntekt varierer fra "
                f"{fmt.number(shares.min(), 1)} til {fmt.number(shares.max(), 1)} prosent mellom "
                f"tilskuddskommunene ({latest})."
            )
    if data.measures_by_year()["n_measures"].sum():
        targeted = wording.shown(data.share_targeted())
        # the two shares as shown add up to 100
        parts.append(
            f"{100 - targeted}\u00a0% av tiltakene er åpne for alle barn i et område, "
            f"{targeted}\u00a0% er rettet mot identifiserte barn eller familier."
        )
    return " ".join(parts) or None


def page(data: ReportData) -> Page:
    page = page_of(data, "forstaelse")
    page.intro = [
        "Hvordan forstår kommunene de lokale fattigdomsproblemene, og hvem mener de at tiltakene skal nå?"
    ]
    if len(data.low_income):
        page.sections.append(_low_income(data))
    compared = data.low_income_compared()
    if len(compared):
        page.sections.append(_compared_with_country(compared))
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
                source=sources.INTERVIEWS,
            ),
        )
    )
    page.sections += quote_sections(data, "forstaelse")
    return page


MAX_BARS = 30  # units in the low-income chart; the table lists every one
MAX_YEAR_COLUMNS = 5  # years side by side in the low-income table


def _low_income(data: ReportData) -> Section:
    wide = data.low_income_wide()
    latest = str(int(data.low_income["aar"].max()))
    year_cols = [c for c in wide.columns if c != "navn"]
    # the latest years beside each other; every year is in marts.low_income
    shown_years = year_cols[-MAX_YEAR_COLUMNS:]
    earlier = (
        []
        if len(shown_years) == len(year_cols)
        else [f"De siste {len(shown_years)} årene. Alle år fra {year_cols[0]} står i marts.low_income."]
    )
    table = Table(
        "tabell-lavinntekt",
        "Andel barn i husholdninger med vedvarende lavinntekt, prosent",
        wide,
        [Column("navn", "Kommune/bydel")] + [Column(y, y, "dec1") for y in shown_years],
        note=f"N = {n(len(wide))} kommuner og bydeler",
        source=sources.LOW_INCOME_FILE,
        footnotes=earlier,
    )
    top = wide.iloc[0]
    # a bar per unit is readable up to a point: beyond it the chart shows the highest shares
    shown = wide.dropna(subset=[latest]).head(MAX_BARS)
    which = "" if len(shown) == len(wide) else f", de {len(shown)} høyeste av {n(len(wide))}"
    chart = charts.bars(
        "figur-lavinntekt",
        f"Barn i lavinntektshusholdninger, {latest}{which}",
        f"Stolpediagram: andel barn i lavinntektshusholdninger per kommune og bydel, {latest}{which}",
        shown["navn"].tolist(),
        [(latest, shown[latest].round(1).tolist())],
        horizontal=True,
        percent=False,
        height=max(420, 22 * len(shown)),
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


def _compared_with_country(compared: pd.DataFrame) -> Section:
    """Statistics Norway's figures for each grant unit beside the whole country's, latest period."""
    used = sorted({s for column in ("symbol", "symbol_national") for s in compared[column].dropna()})
    keys = [f"«{symbol}» betyr {codes.SYMBOLS[symbol].split(' (')[0]}." for symbol in used]
    table = Table(
        "tabell-lavinntekt-landet",
        "Andel barn i lavinntektshusholdninger sammenlignet med hele landet, siste periode, prosent",
        compared,
        [
            Column("navn", "Kommune/bydel"),
            Column("maal", "Mål og periode"),
            Column("shown", "Andel", "dec1_or_symbol"),
            Column("shown_national", "Hele landet", "dec1_or_symbol"),
            Column("diff_pp", "Forskjell (prosentpoeng)", "dec1"),
        ],
        note=f"N = {n(compared['enhet_id'].nunique())} kommuner og bydeler",
        footnotes=[
            "Tallene gjelder kommunen slik den var avgrenset i perioden; tall for sammenslåtte "
            "kommuner er aldri slått sammen eller gjennomsnittet.",
            *keys,
        ],
        source=sources.STATBANK,
    )
    return Section("lavinntekt-landet", "Sammenlignet med hele landet").add(
        "Tabellen viser Statistisk sentralbyrås tall for hver tilskuddskommune i siste periode, ved "
        "siden av tallet for hele landet for samme mål og periode.",
        table,
    )

"""Chapter 3: the measures the grants paid for, and how large they are."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from pipelines.contract import codes
from pipelines.report import charts, wording
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Column, Figure, Links, Page, Section, Table
from pipelines.report.pages import sources
from pipelines.report.pages.common import n, page_of, quote_sections, with_breaks


def page(data: ReportData) -> Page:
    page = page_of(data, "tiltak")
    page.intro = ["Hva slags tiltak er satt i gang for tilskuddsmidlene, og hvor store er de?"]
    page.sections.append(
        Section("omfang", "Omfanget av tiltak").add(
            with_breaks(
                data,
                Table(
                    "tabell-omfang",
                    "Omfanget av tiltak per år",
                    data.measures_by_year(),
                    [
                        Column("aar", "År"),
                        Column("n_measures", "Tiltak", "int"),
                        Column("n_projects", "Prosjekter med tiltak", "int"),
                        Column("budget_nok", "Budsjett", "nok"),
                        Column("pct_targeted", "Rettet mot enkeltbarn/familier", "pct"),
                    ],
                    source=sources.REPORTS,
                ),
                "measures_by_year.n_measures",
            )
        )
    )
    page.sections += [_grants(data), _per_child(data), _categories(data), _budgets(data), _reach(data)]
    page.sections += quote_sections(data, "tiltak")
    page.sections.append(_participation(data))
    page.sections += quote_sections(data, "tiltak", after="brukermedvirkning")
    page.sections.append(_listing(data))
    return page


def top_category(data: ReportData) -> str | None:
    """The label(s) of the category with most measures over all years; None without measures."""
    totals = data.measure_categories().groupby("label")["n"].sum()
    if not totals.sum():
        return None
    return wording.listing([wording.lower_first(c) for c in totals[totals == totals.max()].index])


def finding(data: ReportData) -> str | None:
    top = top_category(data)
    if top is None:
        return None
    return f"Kommunene har satt i gang mange ulike tiltak; flest innen {top}."


def grants_finding(data: ReportData) -> str | None:
    """The grants over every year, both schemes: how much, to how many projects and units."""
    grants = data.grants_by_year()
    totals = grants[grants["ordning"] == codes.ALL_SCHEMES]
    if totals.empty:
        return None
    projects = data.marts["projects"]
    first, last = int(totals["aar"].min()), int(totals["aar"].max())
    years = f"I {first}" if first == last else f"Fra {first} til {last}"
    return (
        f"{years} fikk {n(len(projects))} prosjekter i {n(projects['enhet_id'].nunique())} kommuner og "
        f"bydeler til sammen {fmt.number(totals['total_nok'].sum() / 1e6, 1)} millioner kroner fra "
        + (
            "de to ordningene."
            if len(data.programme.evaluated) == 2
            else f"de {len(data.programme.evaluated)} ordningene."
        )
    )


def participation_finding(data: ReportData) -> str | None:
    """User participation, a main finding of the 2009 evaluation: the latest year, both schemes."""
    both = data.user_participation()
    both = both[(both["ordning"] == codes.ALL_SCHEMES) & (both["n"] > 0)]
    if not len(both):
        return None
    latest = both.iloc[-1]
    return (
        f"{wording.capitalised(wording.quantifier(latest['pct_yes']))} av prosjektene "
        f"({fmt.percent(latest['pct_yes'])}) oppgir systematisk brukermedvirkning eller "
        f"brukerevaluering ({int(latest['aar'])}, N = {n(latest['n'])})."
    )


def _categories(data: ReportData) -> Section:
    cats = data.measure_categories()
    cat_labels = [data.label("kategori", c) for c in data.programme.of_concept("kategori").values]
    shown_years = data.years[-charts.MAX_SERIES :]  # the table beside the chart has every year
    series = [(str(y), cats[cats["aar"] == y]["pct"].tolist()) for y in shown_years]
    latest = "" if len(shown_years) == len(data.years) else f", de siste {len(shown_years)} årene"
    top = top_category(data)
    return Section("kategorier", "Kategorier av tiltak").add(
        Figure(
            "kategorier-figur",
            f"Flest tiltak gjelder {top}." if top is not None else "Ingen tiltak.",
            charts.bars(
                "figur-kategorier",
                f"Kategorier av tiltak (prosent av årets tiltak{latest})",
                "Stolpediagram: andel tiltak i hver kategori per år",
                cat_labels,
                series,
                horizontal=True,
                height=480,
            ),
            Table(
                "tabell-kategorier",
                "Kategorier av tiltak per år. Prosent",
                cats,
                [
                    Column("aar", "År"),
                    Column("label", "Kategori"),
                    Column("n", "Antall", "int"),
                    Column("pct", "Prosent", "pct"),
                    Column("n_base", "N", "int"),
                ],
                source=sources.REPORTS,
            ),
        )
    )


def _grants(data: ReportData) -> Section:
    grants = data.grants_by_year()
    totals = grants[grants["ordning"] == codes.ALL_SCHEMES]
    years = [str(y) for y in totals["aar"]]
    series = [
        (data.programme.scheme_short[scheme], [_millions(grants, year, scheme) for year in totals["aar"]])
        for scheme in data.programme.evaluated
    ]
    caption = (
        "Ingen tilskudd."
        if totals.empty
        else (
            f"I {int(totals.iloc[-1]['aar'])} fikk {n(totals.iloc[-1]['n_projects'])} prosjekter til sammen "
            f"{fmt.number(totals.iloc[-1]['total_nok'] / 1e6, 1)} millioner kroner, i gjennomsnitt "
            f"{fmt.nok(totals.iloc[-1]['mean_nok'])} per prosjekt."
        )
    )
    return Section("tilskudd", "Tilskuddene").add(
        Figure(
            "tilskudd-figur",
            caption,
            charts.by_year(
                "figur-tilskudd",
                "Tilskudd per år, millioner kroner",
                "Stolpediagram: tilskudd i millioner kroner per år og ordning",
                years,
                series,
                percent=False,
            ),
            Table(
                "tabell-tilskudd",
                "Tilskudd per år og ordning",
                grants,
                [
                    Column("aar", "År"),
                    Column("ordning_label", "Ordning"),
                    Column("n_projects", "Prosjekter", "int"),
                    Column("total_nok", "Tilskudd i alt", "nok"),
                    Column("mean_nok", "Gjennomsnitt per prosjekt", "nok"),
                    Column("median_nok", "Median per prosjekt", "nok"),
                ],
                source=sources.GRANTS,
            ),
        ),
    )


def _per_child(data: ReportData) -> Section:
    """The grants beside the children in low-income households, where the statbank's count is
    in context/ (table 08764)."""
    section = Section("tilskudd-per-barn", "Tilskudd per barn i lavinntektshusholdninger")
    per_child = data.grants_per_child()
    if per_child.empty:
        return section.add(
            "Tilskudd per barn vises når context/ har Statistisk sentralbyrås antall barn i "
            "husholdninger med lavinntekt (statistikkbanken, tabell 08764)."
        )
    latest = per_child.iloc[0]
    return section.add(
        f"I {int(latest['aar'])} var tilskuddet {fmt.nok(latest['nok_per_child'])} per barn i "
        f"husholdninger med lavinntekt ({latest['measure']}) i de {n(latest['n_units'])} kommunene og "
        "bydelene der Statistisk sentralbyrå oppgir antallet.",
        Table(
            "tabell-tilskudd-per-barn",
            "Tilskudd per barn i husholdninger med lavinntekt, kommuner og bydeler med tall for antall barn",
            per_child,
            [
                Column("aar", "År"),
                Column("measure", "Inntektsgrense"),
                Column("n_units", "Kommuner og bydeler", "int"),
                Column("grant_nok", "Tilskudd", "nok"),
                Column("n_children", "Barn i lavinntekt", "int"),
                Column("nok_per_child", "Tilskudd per barn", "nok"),
            ],
            note="Tilskudd per barn er summen av tilskuddene delt på summen av barna, i de samme "
            "kommunene og bydelene.",
            source=sources.GRANTS_AND_STATBANK,
        ),
    )


def _millions(grants: pd.DataFrame, year: int, scheme: str) -> float | None:
    row = grants[(grants["aar"] == year) & (grants["ordning"] == scheme)]
    return None if row.empty else round(float(row.iloc[0]["total_nok"]) / 1e6, 2)


def _participation(data: ReportData) -> Section:
    table = data.user_participation()
    both = table[table["ordning"] == codes.ALL_SCHEMES]
    return Section("brukermedvirkning", "Brukermedvirkning").add(
        "Prosjektene oppgir hvert år om de har systematisk brukermedvirkning eller "
        "brukerevaluering: at barna, ungdommene eller foreldrene er med og former tiltakene, eller "
        "vurderer dem.",
        Figure(
            "brukermedvirkning-figur",
            participation_finding(data) or "Ingen svar.",
            charts.by_year(
                "figur-brukermedvirkning",
                "Prosjekter med systematisk brukermedvirkning (prosent)",
                "Stolpediagram: andel prosjekter med systematisk brukermedvirkning per år og ordning",
                [str(y) for y in both["aar"]],
                [
                    (
                        data.programme.scheme_short[scheme],
                        table[table["ordning"] == scheme]["pct_yes"].tolist(),
                    )
                    for scheme in data.programme.schemes_and_total
                ],
            ),
            Table(
                "tabell-brukermedvirkning",
                "Prosjekter med systematisk brukermedvirkning eller brukerevaluering. Prosent",
                table,
                [
                    Column("aar", "År"),
                    Column("ordning_label", "Ordning"),
                    Column("n_yes", "Ja", "int"),
                    Column("pct_yes", "Prosent", "pct"),
                    Column("n", "N", "int"),
                ],
                source=sources.REPORTS,
            ),
        ),
    )


def _budgets(data: ReportData) -> Section:
    bands = data.budget_bands()
    n_all = int(bands["n_base"].max()) if len(bands) else 0
    return Section("budsjett", "Tiltakenes budsjettstørrelse").add(
        Figure(
            "budsjett-figur",
            # The sum of the two shares as shown in the table, so that a reader's sum agrees.
            f"{fmt.percent(sum(wording.shown(p) for p in bands.iloc[:2]['pct'].fillna(0)))} av "
            "tiltakene har et budsjett under 100\u00a0000 kroner.",
            charts.bars(
                "figur-budsjett",
                f"Tiltakenes budsjett, kroner (N={n_all})",
                "Stolpediagram: andel tiltak i hvert budsjettintervall",
                bands["band"].tolist(),
                [("Prosent", bands["pct"].tolist())],
            ),
            Table(
                "tabell-budsjett",
                f"Tiltakenes budsjettstørrelse, {data.year_span}. Prosent",
                bands,
                [
                    Column("band", "Budsjett (kroner)"),
                    Column("n", "Antall", "int"),
                    Column("pct", "Prosent", "pct"),
                ],
                note=f"N = {n(n_all)} tiltak",
                source=sources.REPORTS,
            ),
        )
    )


def _reach(data: ReportData) -> Section:
    return Section("deltakere", "Deltakere (anslag)").add(
        "Tallene er et anslag: bare tiltak som oppgir antall deltakere er med, og et barn kan delta "
        "i flere tiltak.",
        Table(
            "tabell-deltakere",
            "Deltakere i tiltakene, anslag",
            data.reach(),
            [
                Column("aar", "År"),
                Column("label", "Målgruppe"),
                Column("n_measures", "Tiltak med kjent antall", "int"),
                Column("mean_participants", "Gjennomsnitt per tiltak", "dec1"),
                Column("total_participants", "Deltakere i alt (anslag)", "int"),
            ],
            source=sources.REPORTS,
        ),
    )


def _listing(data: ReportData) -> Section:
    """Where the measures are listed: one page per year, so that a large year loads on its own."""
    listing = Section("tiltaksliste", "Alle tiltak").add(
        "Tiltakene slik kommunene og bydelene har rapportert dem står på én side per år. "
        "Navnene er kommunenes egne.",
        Links([(year_page_name(year), f"Tiltak rapportert for {year}") for year in data.years]),
    )
    return listing


def year_page_name(year: int) -> str:
    return f"tiltak-{year}.html"


def year_pages(data: ReportData) -> Iterator[Page]:
    """One page per reporting year with its measures, a search box over the rows; made one at
    a time, as the site writes them."""
    overview = page_of(data, "tiltak")
    for year in data.years:
        part = data.measures_listed(year)
        page = Page(
            f"tiltak-{year}",
            f"Tiltak rapportert for {year}",
            "",
            intro=[
                f"Alle {n(len(part))} tiltak kommunene og bydelene rapporterte for {year}, slik de "
                f"skrev dem. Se kapittel {overview.title.split()[0]} for oversikten."
            ],
            parent=overview.filename,
        )
        page.sections.append(
            Section("tiltaksliste", f"Tiltakene {year}").add(
                Table(
                    f"tiltak-{year}",
                    f"Tiltak rapportert for {year}",
                    part,
                    [
                        Column("navn", "Kommune/bydel"),
                        Column("ordning_label", "Ordning"),
                        Column("tiltak_navn", "Tiltak"),
                        Column("kategori_label", "Kategori"),
                        Column("malgruppe_label", "Målgruppe"),
                        Column("budsjett_nok", "Budsjett", "nok"),
                        Column("deltakere", "Deltakere", "int"),
                    ],
                    note=f"N = {n(len(part))} tiltak",
                    listing=True,
                    filters=["navn", "kategori_label", "malgruppe_label"],
                    source=sources.REPORTS,
                )
            )
        )
        yield page

"""Chapter 2: how the work was organised, and the cooperation the grants brought about."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes
from pipelines.report import charts, wording
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Column, Figure, Page, Section, Table
from pipelines.report.pages import sources
from pipelines.report.pages.common import n, page_of, quote_sections


def page(data: ReportData) -> Page:
    page = page_of(data, "organisering")
    page.intro = [
        "Hvordan har kommunene organisert arbeidet, og i hvilken grad har tilskuddene "
        "ført til samarbeid innad i kommunene?"
    ]
    page.sections += [_funding(data), _regions(data), _agencies(data), _cooperation(data)]
    if len(data.nav()):
        page.sections.append(_nav(data))
    page.sections += quote_sections(data, "organisering")
    return page


# -- findings for the front page -------------------------------------------------------------------
def gap_finding(data: ReportData) -> str | None:
    widest = data.widest_gap()
    if widest is None:
        return None
    gap = int(widest["gap_shown"])
    if gap <= 0:
        return (
            "Samarbeidet er på plass der prosjektene mener det er viktig: for hver "
            "samarbeidspartner sier minst like mange at et nært samarbeid er på plass som at "
            "det er svært viktig."
        )
    size = "stor" if gap >= 20 else "en viss"
    return (
        f"Det er {size} avstand mellom idealer og realiteter i samarbeidet. Størst er avstanden "
        f"for samarbeid med {wording.lower_first(widest['label'])}: "
        f"{fmt.percent(widest.pct_very_important)} mener det er svært viktig, men bare "
        f"{fmt.percent(widest.pct_agree)} sier at et nært samarbeid er på plass "
        f"({fmt.points(gap)})."
    )


def funding_finding(data: ReportData) -> str | None:
    overlap = data.funding_overlap().set_index("category")
    if "flere" not in overlap.index or pd.isna(overlap.loc["flere", "pct"]):
        return None
    pct = overlap.loc["flere", "pct"]
    return (
        f"{wording.capitalised(wording.quantifier(pct))} av prosjektene ({fmt.percent(pct)}) "
        "ligger i kommuner som får midler fra mer enn én tilskuddsordning."
    )


def nav_finding(data: ReportData) -> str | None:
    easier = data.nav_easier()
    if not len(easier) or easier.iloc[0]["n_base"] <= 0:
        return None
    return (
        f"Der NAV-kontor er etablert, mener {fmt.percent(easier.iloc[0]['pct'])} at det har "
        "blitt lettere å samordne innsatsen."
    )


# -- sections ------------------------------------------------------------------------------------
def _funding(data: ReportData) -> Section:
    overlap = data.funding_overlap()
    n_projects = int(overlap["n_projects"].max()) if len(overlap) else 0
    table = Table(
        "tabell-tilskuddsordninger",
        f"Tilskuddsordning (N={n_projects}). Prosent",
        overlap,
        [Column("label", "Tilskuddsordning"), Column("n", "Antall", "int"), Column("pct", "Prosent", "pct")],
        note=f"N = {n(n_projects)} prosjekter",
        source=sources.GRANTS,
    )
    flere = overlap.set_index("category")["pct"].get("flere")
    return Section("tilskuddsordninger", "Tilskudd fra flere ordninger").add(
        Figure(
            "tilskuddsordninger-figur",
            f"{fmt.percent(flere)} av prosjektene ligger i kommuner som får midler fra mer enn "
            "én tilskuddsordning.",
            charts.bars(
                "figur-tilskuddsordninger",
                "Tilskuddsordninger (prosent av prosjektene)",
                "Stolpediagram: andel prosjekter etter tilskuddsordninger kommunen mottar",
                overlap["label"].tolist(),
                [("Prosent", overlap["pct"].tolist())],
                horizontal=True,
            ),
            table,
        )
    )


def _regions(data: ReportData) -> Section:
    regions = data.projects_by_region()
    table = Table(
        "tabell-landsdel",
        "Tilskuddsmottakere etter landsdel",
        regions,
        [
            Column("region", "Landsdel"),
            Column("n_projects", "Prosjekter", "int"),
            Column("n_units", "Kommuner og bydeler", "int"),
        ],
        note=f"N = {n(regions['n_projects'].sum())} prosjekter",
        source=sources.GRANTS,
    )
    most = regions["n_projects"].max() if len(regions) else 0
    leaders = regions[regions["n_projects"] == most]["region"].tolist()
    return Section("landsdel", "Hvem får støtte?").add(
        Figure(
            "landsdel-figur",
            f"Flest prosjekter ligger i {wording.listing(leaders)} ({n(most)}"
            + (" hver)." if len(leaders) > 1 else ").")
            if most
            else "Ingen prosjekter.",
            charts.bars(
                "figur-landsdel",
                "Prosjekter etter landsdel",
                "Stolpediagram: antall prosjekter etter landsdel",
                regions["region"].tolist(),
                [("Prosjekter", regions["n_projects"].tolist())],
                percent=False,
            ),
            table,
        )
    )


def _agencies(data: ReportData) -> Section:
    agencies = data.agencies()
    n_base = int(agencies["n_base"].max()) if len(agencies) else 0
    named = agencies[agencies["pct"] > 0]  # an actor no respondent named is not "oftest med"
    top = named.sort_values("pct", ascending=False, kind="stable").head(2)
    return Section("aktorer", "Hvem er med i driften av tiltakene?").add(
        Figure(
            "aktorer-figur",
            "Oftest med i driften er "
            + wording.listing(
                [f"{wording.lower_first(r.label)} ({fmt.percent(r.pct)})" for r in top.itertuples()]
            )
            + "."
            if len(top)
            else "Ingen etat er oppgitt å være med i driften.",
            charts.bars(
                "figur-aktorer",
                f"Etater og aktører involvert i driften (N={n_base})",
                "Stolpediagram: andel prosjekter der hver etat er med i driften",
                agencies["label"].tolist(),
                [("Prosent", agencies["pct"].tolist())],
                horizontal=True,
            ),
            Table(
                "tabell-aktorer",
                f"Etater/aktører involvert i driften i ett eller flere av tiltakene (N={n_base}). Prosent",
                agencies,
                [
                    Column("label", "Etat/aktør"),
                    Column("n", "Antall", "int"),
                    Column("pct", "Prosent", "pct"),
                ],
                note=f"N = {n(n_base)} svar",
                source=sources.SURVEY,
            ),
        )
    )


def _cooperation(data: ReportData) -> Section:
    gaps = data.cooperation_gaps()
    widest = data.widest_gap()
    if widest is None:
        caption = "Ingen svar."
    elif widest["gap_shown"] <= 0:
        caption = (
            "For hver samarbeidspartner sier minst like mange at samarbeidet er på plass som "
            "at det er svært viktig."
        )
    else:
        caption = (
            f"Avstanden mellom ideal og realitet er størst for {wording.lower_first(widest['label'])} "
            f"({fmt.points(widest['gap_shown'])})."
        )
    return Section("samarbeid", "Samarbeid: idealer og realiteter").add(
        "Prosjektene ble spurt hvor viktig det er å få til nært samarbeid mellom barnevern og "
        "sosialkontor, og mellom disse og andre, og om et slikt samarbeid faktisk er på plass.",
        Figure(
            "samarbeid-figur",
            caption,
            charts.bars(
                "figur-samarbeid",
                "Samarbeid: idealer og realiteter (prosent)",
                "Stolpediagram: andel som mener samarbeid er svært viktig, og andel som sier det er på "
                "plass, per samarbeidspartner",
                gaps["label"].tolist(),
                [
                    ("Svært viktig å få til samarbeid", gaps["pct_very_important"].tolist()),
                    ("Helt/delvis enig i at samarbeid er til stede", gaps["pct_agree"].tolist()),
                ],
                horizontal=True,
                height=520,
            ),
            Table(
                "tabell-samarbeid",
                "Samarbeid: idealer og realiteter. Prosent",
                gaps,
                [
                    Column("label", "Samarbeid med"),
                    Column("pct_very_important", "Svært viktig", "pct"),
                    Column("pct_agree", "Til stede", "pct"),
                    Column("gap_shown", "Avstand", "pp"),
                    Column("n_importance", "N viktighet", "int"),
                    Column("n_presence", "N til stede", "int"),
                ],
                note="N = svar på hvert spørsmål; «vet ikke» er med i grunnlaget",
                source=sources.SURVEY,
            ),
        ),
    )


def _nav(data: ReportData) -> Section:
    nav = data.nav()
    bases = nav.groupby("period")["n_base"].max()
    first_period = next(iter(codes.NAV_PERIODS))
    series = [
        (f"{name} (N={n(bases.get(period, 0))})", nav[nav["period"] == period]["pct"].tolist())
        for period, name in codes.NAV_PERIODS.items()
    ]
    answers = [a[0].upper() + a[1:] for a in nav[nav["period"] == first_period]["answer"]]
    easier = data.nav_easier()
    return Section("nav", "Etablering av NAV-kontor og arbeidet med barnefattigdom").add(
        Figure(
            "nav-figur",
            f"{fmt.percent(easier.iloc[0]['pct'])} av dem som har fått NAV-kontor, mener det "
            "har blitt lettere å samordne innsatsen."
            if len(easier)
            else "Ingen svar.",
            charts.bars(
                "figur-nav",
                "Betydningen av NAV-kontoret (prosent)",
                "Stolpediagram: hva etableringen av NAV-kontor har betydd og vil bety "
                "for samordning og oppmerksomhet",
                answers,
                series,
                horizontal=True,
                height=480,
            ),
            Table(
                "tabell-nav",
                "Etablering av NAV-kontor og arbeidet med barnefattigdom. Prosent",
                nav,
                [
                    Column("periode", "Periode"),
                    Column("answer", "Svar"),
                    Column("pct", "Prosent", "pct"),
                    Column("n", "Antall", "int"),
                    Column("n_base", "N", "int"),
                ],
                note="«Har betydd» er spurt der NAV-kontor er etablert; «på sikt» er spurt alle",
                source=sources.SURVEY,
            ),
        )
    )

"""Chapter 4: the goals the municipalities set, and whether they reached them."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes
from pipelines.report import charts, wording
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Column, Figure, Page, Section, Table
from pipelines.report.pages import sources
from pipelines.report.pages.common import n, page_of, quote_sections, with_breaks

# The two lists of goal_reasons: (kind, title, intro, column heading).
REASON_KINDS = (
    (
        "arsak",
        "Årsaker til at målene ikke ble nådd",
        "Blant rapportene som ikke nådde alle mål og oppga minst én årsak. Flere svar er mulig.",
        "Årsak",
    ),
    (
        "suksess",
        "Forklaringer på god måloppnåelse",
        "Blant rapportene som nådde alle mål og oppga minst én forklaring. Flere svar er mulig.",
        "Forklaring",
    ),
)


def page(data: ReportData) -> Page:
    page = page_of(data, "maloppnaelse")
    page.intro = ["Hvilke mål har kommunene satt seg, og når de dem?"]
    page.sections += [_national(data), _attainment(data)]
    page.sections += [_reasons(data, *kind) for kind in REASON_KINDS]
    page.sections += quote_sections(data, "maloppnaelse")
    return page


# -- findings for the front page -------------------------------------------------------------------
def attainment_finding(data: ReportData) -> str | None:
    both = data.goal_attainment_both()
    if not len(both):
        return None
    parts = wording.over_years([(int(r.aar), r.pct_all) for r in both.itertuples()])
    overall = 100.0 * both["n_all"].sum() / both["n"].sum()  # all the years' answers together
    return (
        f"{wording.capitalised(wording.quantifier(overall))} av prosjektene oppgir at de har nådd "
        f"alle sine mål: {parts}."
    )


def national_finding(data: ReportData) -> str | None:
    national = data.national_goals().set_index("answer")
    if not len(national):
        return None
    return (
        f"{fmt.percent(national.loc['stor_noen', 'pct'])} av prosjektene forholder seg "
        "i stor eller noen grad til de nasjonale målene."
    )


def success_finding(data: ReportData) -> str | None:
    """The success factor named most often, all years' reports that reached all goals together."""
    reasons = data.marts["goal_reasons"]
    part = reasons[(reasons["kind"] == "suksess") & (reasons["ordning"] == codes.ALL_SCHEMES)]
    bases = part.groupby("aar")["n_base"].max()
    if not bases.sum():
        return None
    counts = part.groupby("code")["n"].sum()
    top = counts[counts == counts.max()].index
    names = wording.listing([wording.lower_first(data.label("suksess", c)) for c in top])
    share = 100.0 * counts.max() / bases.sum()
    return (
        f"Blant prosjektene som nådde alle målene, nevner {fmt.percent(share)} {names} som "
        f"suksessfaktor{'er' if len(top) > 1 else ''} – oftere enn noen annen "
        f"({data.year_span}, N = {n(int(bases.sum()))} rapporter)."
    )


# -- sections ------------------------------------------------------------------------------------
def _national(data: ReportData) -> Section:
    national = data.national_goals()
    n_base = int(national["n_base"].max()) if len(national) else 0
    return Section("nasjonale-mal", "Kommunenes forhold til de nasjonale målene").add(
        Figure(
            "nasjonale-mal-figur",
            f"{fmt.percent(national.iloc[0]['pct'])} forholder seg i stor eller noen grad til de "
            "nasjonale målsettingene.",
            charts.bars(
                "figur-nasjonale-mal",
                f"Kommunen forholder seg til de nasjonale målsettingene (N={n_base})",
                "Stolpediagram: i hvilken grad kommunen forholder seg til de nasjonale målene",
                national["label"].tolist(),
                [("Prosent", national["pct"].tolist())],
            ),
            Table(
                "tabell-nasjonale-mal",
                f"Kommunenes forhold til de nasjonale målsettingene. Prosent. N={n_base}",
                national,
                [Column("label", "Svar"), Column("n", "Antall", "int"), Column("pct", "Prosent", "pct")],
                note=f"N = {n(n_base)}",
                source=sources.SURVEY,
            ),
        )
    )


def _attainment(data: ReportData) -> Section:
    goals = data.goal_attainment()
    series: list[tuple[str, list[float | None]]] = []
    errors: list[tuple[list[float | None], list[float | None]] | None] = []
    for scheme in data.programme.schemes_and_total:
        part = goals[goals["ordning"] == scheme]
        series.append((data.programme.scheme_short[scheme], part["pct_all"].tolist()))
        errors.append((part["ci_low"].tolist(), part["ci_high"].tolist()))
    both = data.goal_attainment_both()
    as_bars = len(data.years) <= charts.MAX_BAR_YEARS  # many years are drawn as lines, without intervals
    caption = (
        (
            "Andelen som nådde alle målene: "
            + wording.over_years([(int(r.aar), r.pct_all) for r in both.itertuples()])
            + (". Strekene viser 95 % konfidensintervall." if as_bars else ". Intervallene står i tabellen.")
        )
        if len(both)
        else "Ingen svar."
    )
    return Section("maloppnaelse", "Er de lokale målene nådd?").add(
        Figure(
            "maloppnaelse-figur",
            caption,
            charts.by_year(
                "figur-maloppnaelse",
                "Nådde alle sine målsettinger (prosent)",
                "Stolpediagram med konfidensintervall: andel rapporter som nådde alle mål, per år og ordning"
                if as_bars
                else "Linjediagram: andel rapporter som nådde alle mål, per år og ordning",
                [str(y) for y in data.years],
                series,
                errors=errors,
            ),
            with_breaks(
                data,
                Table(
                    "tabell-maloppnaelse",
                    "Måloppnåelse i bruk av tilskuddsmidlene. Prosent",
                    goals,
                    [
                        Column("aar", "År"),
                        Column("ordning_label", "Ordning"),
                        Column("pct_all", "Nådde alle sine målsettinger", "pct"),
                        Column("pct_not_all", "Nådde ikke alle", "pct"),
                        Column("ci_low", "95 % KI fra", "pct"),
                        Column("ci_high", "95 % KI til", "pct"),
                        Column("n", "N", "int"),
                    ],
                    note="N = rapporter som svarte på spørsmålet om måloppnåelse",
                    source=sources.REPORTS,
                ),
                "goal_attainment.pct_all",
            ),
        ),
        _trend_text(data.goal_trend_both()),
    )


def _trend_text(row: pd.Series | None) -> str | None:
    if row is None or pd.isna(row["p_value"]):
        return None
    verdict = (
        "større enn det tilfeldig variasjon"
        if row["p_value"] < 0.05
        else "ikke større enn det tilfeldig variasjon"
    )
    return (
        f"Er endringen fra år til år mer enn tilfeldig? En kjikvadrattest over "
        f"{n(row['n_years'])} år gir p = {fmt.number(row['p_value'], 2)}: "
        f"forskjellene mellom årene er {verdict} kan forklare. Mange prosjekter "
        "rapporterer flere år, så årene er ikke uavhengige utvalg."
    )


def _reasons(data: ReportData, kind: str, title: str, intro: str, heading: str) -> Section:
    wide, bases = data.goal_reasons(kind)
    schemes = data.programme.schemes_and_total
    short = data.programme.scheme_short
    note = "N: " + "; ".join(
        f"{y}: "
        + ", ".join(f"{'i alt' if s == schemes[-1] else short[s]} {n(bases.get((y, s), 0))}" for s in schemes)
        for y in data.years
    )
    return Section(f"grunner-{kind}", title).add(
        intro,
        Table(
            f"tabell-{kind}",
            f"{title}. Prosent",
            wide,
            [
                Column("aar", "År"),
                Column("label", heading),
                *(Column(s, short[s], "pct") for s in schemes),
            ],
            note=note,
            source=sources.REPORTS,
        ),
    )

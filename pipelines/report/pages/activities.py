"""The activities of the forms from 2022 (contract §8): who took part, by age and gender, the
money applied for, granted and used, the grant per participant and the criteria reached.

A programme without these forms has no such rows, and the report leaves the chapter out
(pipelines/report/pages/common.py:NEEDS)."""

from __future__ import annotations

import pandas as pd

from pipelines.contract import codes
from pipelines.report import format as fmt
from pipelines.report.data import ReportData
from pipelines.report.model import Column, Page, Section, Table
from pipelines.report.pages import sources
from pipelines.report.pages.common import n, page_of

AGES = [
    ("deltakere_0_5", "0–5 år"),
    ("deltakere_6_12", "6–12 år"),
    ("deltakere_13_15", "13–15 år"),
    ("deltakere_16_19", "16–19 år"),
    ("deltakere_20_24", "20–24 år"),
]
GENDERS = [("deltakere_jenter", "Jenter"), ("deltakere_gutter", "Gutter")]


def page(data: ReportData) -> Page:
    page = page_of(data, "aktiviteter")
    page.intro = [
        "Fra 2022 rapporterer prosjektene hver aktivitet med type, deltakere etter alder og kjønn, "
        "tilskuddet til aktiviteten og hvor mye av det som er brukt, og hvilke kriterier for "
        "måloppnåelse prosjektet arbeidet mot og nådde."
    ]
    page.sections += [
        section
        for section in (_participants(data), _spending(data), _cost(data), _criteria(data))
        if section is not None
    ]
    return page


def _latest(frame: pd.DataFrame) -> tuple[int | None, pd.DataFrame]:
    """The latest year's rows for every scheme together."""
    total = frame[frame["ordning"] == codes.ALL_SCHEMES] if "ordning" in frame.columns else frame
    if total.empty:
        return None, total
    year = int(total["aar"].max())
    return year, total[total["aar"] == year].reset_index(drop=True)


def _activity_labels(data: ReportData, frame: pd.DataFrame) -> pd.DataFrame:
    listed = data.programme.of_concept("aktivitetstype")
    order = {code: i for i, code in enumerate(listed.values)}
    out = frame.copy()
    out["label"] = out["aktivitetstype"].map(lambda c: listed.labels.get(c, c))
    out["sort"] = out["aktivitetstype"].map(lambda c: order.get(c, len(order)))
    return out.sort_values("sort").reset_index(drop=True)


def finding(data: ReportData) -> str | None:
    """The latest year's participants, as the front page says it."""
    year, part = _latest(data.marts.get("participants", pd.DataFrame()))
    if year is None:
        return None
    return (
        f"I {year} rapporterte prosjektene {n(part['deltakere'].sum())} deltakere i "
        f"{n(part['n_activities'].sum())} aktiviteter med kjent antall deltakere."
    )


def _participants(data: ReportData) -> Section | None:
    year, part = _latest(data.marts.get("participants", pd.DataFrame()))
    if year is None:
        return None
    part = _activity_labels(data, part)
    columns = [
        Column("label", "Aktivitetstype"),
        Column("n_activities", "Aktiviteter", "int"),
        Column("deltakere", "Deltakere", "int"),
        Column("pct_malgruppe", "I målgruppen, prosent", "pct"),
        *(Column(key, label, "int") for key, label in AGES + GENDERS),
    ]
    return Section("deltakere", "Deltakere etter aktivitetstype, alder og kjønn").add(
        f"I {year} hadde {n(part['n_activities'].sum())} aktiviteter kjent antall deltakere, til "
        f"sammen {n(part['deltakere'].sum())}. Fordelingen på alder og kjønn gjelder aktivitetene "
        "som oppgir den.",
        Table(
            "tabell-deltakere",
            f"Deltakere etter aktivitetstype, alder og kjønn, {year}. Antall",
            part,
            columns,
            source=sources.REPORTS,
        ),
    )


def _spending(data: ReportData) -> Section | None:
    spending = data.marts.get("spending", pd.DataFrame())
    total = (
        spending[spending["ordning"] == codes.ALL_SCHEMES].sort_values("aar") if len(spending) else spending
    )
    if total.empty:
        return None
    latest = total.iloc[-1]
    used = (
        f"brukte aktivitetene {fmt.percent(latest['pct_brukt'])} av tilskuddet som er regnskapsført"
        if pd.notna(latest["pct_brukt"])
        else "er bruken ikke regnskapsført ennå"
    )
    return Section("midler", "Søkt, tildelt og brukt").add(
        f"I {int(latest['aar'])} {used}.",
        Table(
            "tabell-midler",
            "Søkt, tildelt og brukt. Kroner",
            total.reset_index(drop=True),
            [
                Column("aar", "År"),
                Column("soknad_nok", "Søkt", "nok"),
                Column("tilskudd_nok", "Tildelt", "nok"),
                Column("brukt_nok", "Brukt", "nok"),
                Column("pct_brukt", "Brukt, prosent av regnskapsført", "pct"),
            ],
            source=sources.REPORTS,
        ),
    )


def _cost(data: ReportData) -> Section | None:
    year, cost = _latest(data.marts.get("cost_per_participant", pd.DataFrame()))
    if year is None:
        return None
    cost = _activity_labels(data, cost)
    return Section("per-deltaker", "Tilskudd per deltaker").add(
        "Over aktivitetene som oppgir både tilskudd og antall deltakere.",
        Table(
            "tabell-per-deltaker",
            f"Tilskudd per deltaker etter aktivitetstype, {year}",
            cost,
            [
                Column("label", "Aktivitetstype"),
                Column("n_activities", "Aktiviteter", "int"),
                Column("tilskudd_nok", "Tilskudd", "nok"),
                Column("deltakere", "Deltakere", "int"),
                Column("nok_per_participant", "Kroner per deltaker", "nok"),
            ],
            source=sources.REPORTS,
        ),
    )


def _criteria(data: ReportData) -> Section | None:
    year, criteria = _latest(data.marts.get("criteria", pd.DataFrame()))
    if year is None:
        return None
    labels = data.programme.of_concept("kriterier_mal").labels
    criteria = criteria[criteria["n_projects_aimed"] > 0].sort_values("sort").copy()
    criteria["label"] = criteria["kriterium"].map(lambda c: labels.get(c, c))
    return Section("kriterier", "Kriterier for måloppnåelse").add(
        "Hvert prosjekt oppgir hvilke kriterier det arbeidet mot, og hvilke det nådde. Et prosjekt "
        "har nådd alle sine mål når det har nådd alle kriteriene det arbeidet mot.",
        Table(
            "tabell-kriterier",
            f"Kriterier prosjektene arbeidet mot og nådde, {year}",
            criteria.reset_index(drop=True),
            [
                Column("label", "Kriterium"),
                Column("n_projects_aimed", "Prosjekter som arbeidet mot det", "int"),
                Column("n_reached", "Nådd", "int"),
                Column("pct_reached", "Nådd, prosent", "pct"),
            ],
            source=sources.REPORTS,
        ),
    )

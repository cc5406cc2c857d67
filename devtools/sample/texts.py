"""Interview passages for the sample transcripts, written for this project (not real quotes).

Each theme has a few passages; a transcript draws some of them, so themes recur across
interviews the way coded material does.
"""

from __future__ import annotations

PASSAGES: dict[str, list[str]] = {
    "forstaelse": [
        "Vi har mange familier som strever med økonomien, men vi har vært forsiktige med å bruke "
        "ordet fattigdom om dem.",
        "Her handler det mer om å stå utenfor fellesskapet enn om mangel på penger. Barna har "
        "ikke vært med på noe når de kommer tilbake etter ferien.",
        "Fattigdom er et tungt ord. Vi snakker heller om barn som ikke får delta.",
    ],
    "malgrupper": [
        "Vi ser særlig barn i familier med innvandrerbakgrunn og barn av enslige forsørgere.",
        "De vi ikke når, er ungdommene som har sluttet på skolen. De kommer ikke til oss.",
        "Målgruppen er barn der foreldrene har hatt sosialhjelp lenge.",
    ],
    "organisering": [
        "Prosjektet ligger hos barneverntjenesten, men styringsgruppen har folk fra flere etater.",
        "Vi har en prosjektleder i halv stilling, og resten gjøres ved siden av vanlige oppgaver.",
        "Det har vært utskiftinger i prosjektledelsen, og det har kostet oss tid.",
    ],
    "samarbeid": [
        "Samarbeidet med skolen har blitt mye bedre. Lærerne tar kontakt når de ser et barn som "
        "ikke får være med.",
        "Frivillige lag stiller opp, men det er vanskelig å få til noe fast med dem.",
        "Næringslivet har vi nesten ikke fått med, bortsett fra et par sommerjobber.",
    ],
    "nav": [
        "Etableringen av NAV-kontoret tok all oppmerksomheten et helt år. Barna kom litt i bakgrunnen.",
        "Med NAV har vi fått en ny måte å jobbe på, og det er ennå uklart hvem som eier tiltakene.",
    ],
    "tiltak": [
        "Utstyrsbanken er det tiltaket som brukes mest. Familiene låner ski og sykler gratis.",
        "Leksehjelpen to kvelder i uka har hatt jevnt oppmøte hele året.",
        "Ferieturen om sommeren er det barna snakker om resten av året.",
    ],
    "malsetting": [
        "Målene våre var ganske åpne i starten, og vi justerte dem etter første år.",
        "Vi har nådd det vi satte oss fore, men det er vanskelig å si hva det betyr på sikt.",
    ],
    "videreforing": [
        "Vi har tenkt på drift etter prosjektet fra første dag, ellers blir det bare et prosjekt "
        "som forsvinner.",
        "Kommuneøkonomien er stram. Uten øremerkede midler tror jeg ikke dette blir videreført.",
        "Noen av tiltakene er allerede tatt inn i budsjettet for neste år.",
    ],
    "finansiering": [
        "Vi har søkt midler fra flere ordninger for å få det til å gå rundt.",
        "Prosjektmidler gir oss rom til å prøve ut noe nytt, men de skaper også usikkerhet.",
    ],
    "ildsjeler": [
        "Uten den ene saksbehandleren som brant for dette, hadde ingenting skjedd.",
        "Det er noen få personer som bærer hele arbeidet, og det er sårbart.",
    ],
    "brukermedvirkning": [
        "Vi har spurt foreldrene hva de ønsker, men ikke på noen systematisk måte.",
    ],
}

# Nested codes used by some coders: they count under their parent.
SUBCODES: dict[str, list[str]] = {
    "samarbeid": ["skole", "frivillige"],
    "tiltak": ["fritid", "leksehjelp"],
}

FIRST_NAMES = [
    "Kari",
    "Ola",
    "Ingrid",
    "Per",
    "Anne",
    "Lars",
    "Marit",
    "Knut",
    "Hilde",
    "Jon",
    "Siri",
    "Tor",
    "Randi",
    "Geir",
    "Liv",
    "Arne",
]
LAST_NAMES = [
    "Haugen",
    "Lunde",
    "Berg",
    "Solberg",
    "Dahl",
    "Strand",
    "Moen",
    "Lie",
    "Bakke",
    "Nygård",
    "Eide",
    "Fjeld",
]

MEASURE_NAMES: dict[str, list[str]] = {
    "fritid": [
        "Ferietur for familier",
        "Billig kino",
        "Badeland-kort",
        "Gårdsbesøk",
        "Åpen hall på fredager",
        "Sommerleir",
        "Grønn patrulje",
    ],
    "materiell": [
        "Utstyrsbank",
        "Sportsutstyr til lån",
        "Kursavgift dekkes",
        "Klær til barn",
        "Kontingent i idrettslag",
    ],
    "kompetanse": ["Leksehjelp", "Yrkesveiledning", "Trafikkurs", "Økonomikurs for ungdom", "Mentorordning"],
    "arbeid": ["Sommerjobb", "Arbeidstrening for ungdom", "Jobbsjanse i bedrift"],
    "familie": [
        "Familieaktivitet i helgene",
        "Åpen barnehage",
        "Foreldreveiledning",
        "Støttekontakt for familien",
    ],
    "ansatte": [
        "Interne foredrag om barnefattigdom",
        "Kurs for saksbehandlere",
        "Fagdag for barnevern og NAV",
    ],
}

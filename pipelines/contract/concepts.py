"""The evaluation's concepts that a reporting form can feed: the staging columns of the annual
reports and the measures, with their kind. A programme definition's form says which of its
file's columns carries which concept (`begrep`); the code computes, charts and words each
concept, whatever the column is called in a programme's form.

These are the code's vocabulary, not a programme's: the names are the data contract's (§2, §8),
so that staging keeps the names analysts know.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a column holds; each kind has one rule in pipelines/ingest/fields.py.
UNIT_ID = "unit_id"  # 4, 6 or 9 digits, a lost leading zero restored
CODE = "code"  # one of a code list
CODE_LIST = "code_list"  # codes of a list separated by '|'
WHOLE = "whole"  # a whole number ≥ a minimum
YEAR = "year"  # a four-digit year
TEXT = "text"  # free text
SHARE = "share"  # a number from 0 to 100 (per cent), decimal comma or point

SQL_TYPES = {
    UNIT_ID: "VARCHAR",
    CODE: "VARCHAR",
    CODE_LIST: "VARCHAR[]",
    WHOLE: "BIGINT",
    YEAR: "INTEGER",
    TEXT: "VARCHAR",
    SHARE: "DOUBLE",
}


@dataclass(frozen=True)
class Concept:
    name: str  # the staging column
    kind: str
    meaning: str  # "norsk — English", as the data dictionary shows it


def _concepts(*items: Concept) -> dict[str, Concept]:
    return {c.name: c for c in items}


# staging.rapporter, beside enhet_id, ordning and aar.
REPORT: dict[str, Concept] = _concepts(
    Concept("mal_nadd", CODE, "mål nådd — alle (reached all goals) or ikke_alle; blank = not answered"),
    Concept("arsaker_ikke_nadd", CODE_LIST, "årsaker — why not all goals were reached"),
    Concept("suksessfaktorer", CODE_LIST, "suksessfaktorer — explanations of success"),
    Concept("videreforing", CODE, "videreføring — plans for the measures; blank = not answered"),
    Concept(
        "videreforing_uten_tilskudd",
        CODE,
        "uten tilskudd — would continue if the grant ends; blank = not answered",
    ),
    Concept(
        "brukermedvirkning", CODE, "brukermedvirkning — systematic user participation; blank = not answered"
    ),
    Concept("kriterier_mal", CODE_LIST, "kriterier — the criteria the project worked towards"),
    Concept("kriterier_nadd", CODE_LIST, "kriterier nådd — the criteria it reached"),
)

# staging.tiltak, beside enhet_id, ordning and aar.
MEASURE: dict[str, Concept] = _concepts(
    Concept(
        "tiltak_navn",
        TEXT,
        "tiltak — the measure's name as the municipality wrote it (untrusted free text)",
    ),
    Concept("kategori", CODE, "kategori — category of measure (for an activity type: its series category)"),
    Concept("malgruppe", CODE, "målgruppe — alle (open to all) or individ (identified children or families)"),
    Concept("budsjett_nok", WHOLE, "budsjett — the measure's budget, NOK"),
    Concept("deltakere", WHOLE, "deltakere — participants; blank when unknown"),
    Concept("status", CODE, "status — ny (new) or videreført (continued)"),
    Concept("forste_aar", YEAR, "første år — year first supported; blank when new"),
    Concept("aktivitetstype", CODE, "aktivitetstype — type of activity (forms from 2022)"),
    Concept("tilskudd_nok", WHOLE, "tilskudd — this year's grant to the activity, NOK"),
    Concept("brukt_nok", WHOLE, "brukt — of it, used, NOK; blank when not yet accounted for"),
    Concept("deltakere_malgruppe", WHOLE, "i målgruppen — participants in the target group"),
    Concept("deltakere_0_5", WHOLE, "0–5 år — participants aged 0 to 5"),
    Concept("deltakere_6_12", WHOLE, "6–12 år — participants aged 6 to 12"),
    Concept("deltakere_13_15", WHOLE, "13–15 år — participants aged 13 to 15"),
    Concept("deltakere_16_19", WHOLE, "16–19 år — participants aged 16 to 19"),
    Concept("deltakere_20_24", WHOLE, "20–24 år — participants aged 20 to 24"),
    Concept("deltakere_jenter", WHOLE, "jenter — participants, girls"),
    Concept("deltakere_gutter", WHOLE, "gutter — participants, boys"),
)

FORM_CONCEPTS: dict[str, dict[str, Concept]] = {"rapporter": REPORT, "tiltak": MEASURE}

# The questionnaire's items, as the code computes them. `subject` items are asked per partner
# or actor (the programme's code lists `partner` and `aktor`); the others once.
SURVEY_ITEMS: dict[str, str] = {
    "role": "the respondent's role",
    "national_goals": "the municipality relates to the national goals",
    "importance": "how important close cooperation with the partner is (per partner)",
    "presence": "close cooperation with the partner is in place (per partner)",
    "involvement": "the actor takes part in running the measures (per actor)",
    "nav_established": "a NAV office is established",
    "nav_coordination": "what the NAV office has meant for coordination",
    "nav_attention": "what the NAV office has meant for attention",
    "nav_coordination_longrun": "what the NAV office will mean for coordination in the longer run",
    "nav_attention_longrun": "what the NAV office will mean for attention in the longer run",
    "continuation": "if the grant ends, will the measures be continued",
    "plan_anchored": "the work is anchored in a plan or strategy",
}
SUBJECT_ITEMS: dict[str, str] = {"importance": "partner", "presence": "partner", "involvement": "aktor"}

# What a survey code counts as in the evaluation (kodelister.csv `serie` of a survey list).
SURVEY_MEANINGS: dict[str, dict[str, str]] = {
    "importance": {"svaert_viktig": "svært viktig: the ideal"},
    "presence": {"enig": "helt or delvis enig: the reality"},
    "involvement": {"ja": "takes part"},
    "nav_established": {"ja": "established"},
    "national_goals": {
        "stor_noen": "I stor/noen grad",
        "liten": "I liten grad",
        "ikke_sikker": "Ikke sikker",
    },
    "continuation": {
        "videreføres": "Tiltakene skal videreføres",
        "ikke_videreføres": "Tiltakene skal ikke videreføres",
        "usikker": "Usikker på videreføring",
    },
}

# The report's chapters the code can write, each from its concepts (rapport.csv names them).
CHAPTERS: dict[str, str] = {
    "forstaelse": "understanding of local poverty, target groups, the context figures",
    "organisering": "organisation and cooperation: the survey's cooperation battery, funding, NAV",
    "tiltak": "the measures: grants, categories, target groups, budgets, reach",
    "aktiviteter": "the activities of the forms from 2022: participants by age and gender, money "
    "granted and used, the cost per participant, the criteria reached (left out without them)",
    "maloppnaelse": "goals and goal attainment: national goals, annual reports' goals, reasons",
    "videreforing": "anchoring and continuation",
}
